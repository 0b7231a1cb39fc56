//! Reading `content/`: the files as written (`raw`) become the model, and every problem is
//! collected as `file:line: message` instead of stopping at the first.

use super::*;

/// Collects problems while loading.
pub(super) struct Report<'t> {
    /// Where the files come from.
    pub(super) tree: &'t Tree,
    pub(super) problems: Vec<Problem>,
    /// Findings that `content check` reports but that do not stop the server (`quiz_rules`).
    pub(super) lints: Vec<Problem>,
}

impl Report<'_> {
    pub(super) fn add(&mut self, file: &Path, line: usize, message: Message) {
        self.problems.push(Problem {
            file: file.to_owned(),
            line: line.max(1),
            message,
        });
    }
}

/// Line number (1-based) of a byte offset.
pub(super) fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// The largest content file read (a lesson, a quiz, a settings file): far above any real one,
/// low enough that a wrong file cannot exhaust the memory.
pub const MAX_CONTENT_FILE_BYTES: u64 = 4 * 1024 * 1024;

pub(super) fn read(report: &mut Report, path: &Path) -> Option<String> {
    match report.tree.read(path) {
        Ok(text) => Some(text),
        Err(message) => {
            report.add(path, 1, message);
            None
        }
    }
}

pub(super) fn parse_toml<T: serde::de::DeserializeOwned>(
    report: &mut Report,
    path: &Path,
    source: &str,
) -> Option<T> {
    match toml::from_str::<T>(source) {
        Ok(value) => Some(value),
        Err(err) => {
            let line = err.span().map(|s| line_of(source, s.start)).unwrap_or(1);
            // The reader's own words say best what is wrong; they stay English.
            report.add(
                path,
                line,
                Message::new("check-toml").english("detail", err.message().trim()),
            );
            None
        }
    }
}

pub(super) fn is_slug(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-')
}

/// Loads and checks `dir` (the `content/` folder). Either the whole curriculum or every problem.
pub fn load(dir: &Path) -> Result<ContentStore, Vec<Problem>> {
    load_tree(&Tree::folder(dir))
}

/// Loads and checks the curriculum of `tree`: the folder, or the folder with modules from
/// the database. Either the whole curriculum or every problem.
pub fn load_tree(tree: &Tree) -> Result<ContentStore, Vec<Problem>> {
    match load_parts(tree) {
        (Some(store), _, _) => Ok(store),
        (None, mut problems, mut lints) => {
            // Every finding at once, the quiz lints too.
            problems.append(&mut lints);
            problems.sort();
            problems.dedup();
            Err(problems)
        }
    }
}

/// The curriculum if nothing stops it, the problems that do, and the quiz lints, each sorted.
fn load_parts(tree: &Tree) -> (Option<ContentStore>, Vec<Problem>, Vec<Problem>) {
    let dir = tree.root();
    let mut report = Report {
        tree,
        problems: Vec::new(),
        lints: Vec::new(),
    };
    let mut store = ContentStore::default();
    load_competences(&mut report, dir, &mut store);
    frameworks::load_mappings(&mut report, dir, &mut store);
    let modules_dir = dir.join("modules");
    let folders = tree.list(&modules_dir, true).unwrap_or_default();
    let mut modules = Vec::new();
    let mut module_files: HashMap<String, PathBuf> = HashMap::new();
    let mut prerequisite_lines: HashMap<String, usize> = HashMap::new();
    for folder in folders {
        if let Some((module, prerequisite_line)) = load_module(&mut report, &folder, &store) {
            let file = folder.join("module.toml");
            if let Some(first) = module_files.get(&module.id) {
                report.add(
                    &file,
                    1,
                    Message::new("check-module-id-taken")
                        .arg("id", &module.id)
                        .arg("file", first.display().to_string()),
                );
                continue;
            }
            module_files.insert(module.id.clone(), file);
            prerequisite_lines.insert(module.id.clone(), prerequisite_line);
            modules.push(module);
        }
    }
    check_prerequisites(&mut report, &modules, &module_files, &prerequisite_lines);
    store.certificates = certificates::load(&mut report, dir, &modules);
    store.profiles = profiles::load(&mut report, dir, &store, &modules);
    quiz_rules::lint_duplicates(&mut report.lints, &modules);
    report.lints.sort();
    report.lints.dedup();
    if !report.problems.is_empty() {
        report.problems.sort();
        report.problems.dedup();
        return (None, report.problems, report.lints);
    }
    store.lints = report.lints.clone();
    modules.sort_by(|a, b| {
        b.mandatory
            .cmp(&a.mandatory)
            .then_with(|| a.title.de.cmp(&b.title.de))
    });
    store.modules = modules.into_iter().map(Arc::new).collect();
    store.source = Some(tree.clone());
    (Some(store), Vec::new(), report.lints)
}

/// Loads one module from its files, leniently: the module if its files can be read at all,
/// whatever the checks say. For the earlier published versions kept for old attempts, which
/// passed every check when they were published; `store` gives the competences they name.
pub fn load_module_files(
    root: &Path,
    store: &ContentStore,
    id: &str,
    files: &ModuleFiles,
) -> Option<Module> {
    let tree = Tree::with_modules(root, [(id.to_owned(), files.clone())].into_iter().collect());
    let mut report = Report {
        tree: &tree,
        problems: Vec::new(),
        lints: Vec::new(),
    };
    load_module(&mut report, &root.join("modules").join(id), store).map(|(module, _)| module)
}

/// What the checks say about a module's draft among the other modules of `tree`: the same
/// checks as `content check` and the server's start, on the whole curriculum with the draft in
/// place of the module, so that a draft that breaks another module or a certificate says so.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DraftCheck {
    /// What stops the draft from being published.
    pub problems: Vec<Problem>,
    /// What `content check` reports about the quiz, which does not stop it (`quiz_rules`).
    pub lints: Vec<Problem>,
}

impl DraftCheck {
    pub fn is_publishable(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks `files` as module `id` in the curriculum of `tree` (whose modules must come from
/// memory). The problems and lints are those of `load_tree`; the lints of other modules are
/// left out, they are not the draft's.
pub fn check_draft(tree: &Tree, id: &str, files: &ModuleFiles) -> DraftCheck {
    let mut modules = tree.modules().cloned().unwrap_or_default();
    modules.insert(id.to_owned(), files.clone());
    let draft = Tree::with_modules(tree.root(), modules);
    let folder = tree.root().join("modules").join(id);
    let (_, problems, lints) = load_parts(&draft);
    DraftCheck {
        problems,
        lints: lints
            .into_iter()
            .filter(|p| p.file.starts_with(&folder))
            .collect(),
    }
}

pub(super) fn load_competences(report: &mut Report, dir: &Path, store: &mut ContentStore) {
    let path = dir.join("competences.toml");
    let Some(source) = read(report, &path) else {
        return;
    };
    let Some(file) = parse_toml::<raw::CompetenceFile>(report, &path, &source) else {
        return;
    };
    let mut framework_ids = HashSet::new();
    for framework in file.frameworks {
        if !framework_ids.insert(framework.id.get_ref().clone()) {
            report.add(
                &path,
                line_of(&source, framework.id.span().start),
                Message::new("check-framework-twice").arg("id", framework.id.get_ref()),
            );
        }
        if !(1..=frameworks::DEFAULT_LEVELS).contains(&framework.levels) {
            report.add(
                &path,
                line_of(&source, framework.id.span().start),
                Message::new("check-framework-levels").arg("max", frameworks::DEFAULT_LEVELS),
            );
        }
        store.frameworks.push(Framework {
            id: framework.id.into_inner(),
            title: framework.title.into(),
            version: framework.version,
            levels: framework.levels,
        });
    }
    frameworks::load_levels(report, &path, &source, file.levels, store);
    let mut area_ids = HashSet::new();
    for area in file.areas {
        let line = line_of(&source, area.id.span().start);
        if !framework_ids.contains(area.framework.get_ref()) {
            report.add(
                &path,
                line_of(&source, area.framework.span().start),
                Message::new("check-unknown-framework").arg("id", area.framework.get_ref()),
            );
        }
        if !area_ids.insert(area.id.get_ref().clone()) {
            report.add(
                &path,
                line,
                Message::new("check-area-twice").arg("id", area.id.get_ref()),
            );
        }
        store.areas.push(Area {
            id: area.id.into_inner(),
            framework: area.framework.into_inner(),
            number: area.number,
            title: area.title.into(),
        });
    }
    let mut competence_ids = HashSet::new();
    for competence in file.competences {
        let line = line_of(&source, competence.id.span().start);
        if !competence_ids.insert(competence.id.get_ref().clone()) {
            report.add(
                &path,
                line,
                Message::new("check-competence-twice").arg("id", competence.id.get_ref()),
            );
        }
        if !area_ids.contains(competence.area.get_ref()) {
            report.add(
                &path,
                line_of(&source, competence.area.span().start),
                Message::new("check-unknown-area").arg("id", competence.area.get_ref()),
            );
        }
        let title: crate::content::Text = competence.title.into();
        let short = match competence.short {
            Some(short) => {
                let at = line_of(&source, short.span().start);
                let short: crate::content::Text = short.into_inner().into();
                for text in [&short.de, &short.en] {
                    if text.chars().count() > crate::content::model::SHORT_TITLE_MAX {
                        report.add(
                            &path,
                            at,
                            Message::new("check-short-name-too-long")
                                .arg("text", text)
                                .arg("id", competence.id.get_ref())
                                .arg("max", crate::content::model::SHORT_TITLE_MAX),
                        );
                    }
                }
                short
            }
            None => title.clone(),
        };
        store.competences.push(Competence {
            id: competence.id.into_inner(),
            area: competence.area.into_inner(),
            title,
            short,
            description: competence.description.into(),
        });
    }
}

/// Loads one module folder. Returns the module and the line of its prerequisites.
pub(super) fn load_module(
    report: &mut Report,
    folder: &Path,
    store: &ContentStore,
) -> Option<(Module, usize)> {
    let folder_name = folder
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    let module_path = folder.join("module.toml");
    let source = read(report, &module_path)?;
    let raw: raw::ModuleFile = parse_toml(report, &module_path, &source)?;
    let at = |span: std::ops::Range<usize>| line_of(&source, span.start);

    if raw.id.get_ref() != &folder_name {
        report.add(
            &module_path,
            at(raw.id.span()),
            Message::new("check-module-id-folder")
                .arg("id", raw.id.get_ref())
                .arg("folder", &folder_name),
        );
    }
    if !is_slug(raw.id.get_ref()) {
        report.add(
            &module_path,
            at(raw.id.span()),
            Message::new("check-module-id-form"),
        );
    }
    if raw.version.get_ref().trim().is_empty() {
        report.add(
            &module_path,
            at(raw.version.span()),
            Message::new("check-version-empty"),
        );
    }
    for (name, text) in [
        ("title", &raw.title),
        ("summary", &raw.summary),
        ("audience", &raw.audience),
    ] {
        if text.de.trim().is_empty() || text.en.trim().is_empty() {
            report.add(
                &module_path,
                1,
                Message::new("check-text-needs-both").arg("field", name),
            );
        }
    }
    if raw.duration_minutes == 0 {
        report.add(&module_path, 1, Message::new("check-duration-zero"));
    }
    if raw.proves.is_empty() {
        report.add(&module_path, 1, Message::new("check-proves-missing"));
    }
    let mut proves = Vec::new();
    for proof in &raw.proves {
        let id = proof.competence.get_ref();
        match store.competence(id) {
            None => report.add(
                &module_path,
                at(proof.competence.span()),
                Message::new("check-unknown-competence").arg("id", id),
            ),
            Some(competence) => {
                let levels = store
                    .areas
                    .iter()
                    .find(|a| a.id == competence.area)
                    .and_then(|a| store.frameworks.iter().find(|f| f.id == a.framework))
                    .map(|f| f.levels)
                    .unwrap_or(8);
                let level = *proof.level.get_ref();
                if level == 0 || level > levels {
                    report.add(
                        &module_path,
                        at(proof.level.span()),
                        Message::new("check-level-outside")
                            .arg("level", level)
                            .arg("max", levels),
                    );
                }
            }
        }
        proves.push((id.clone(), *proof.level.get_ref()));
    }

    let lessons = load_lessons(report, folder, &folder_name);
    let quiz = load_quiz(report, folder, &lessons);
    let prerequisites_line = raw
        .prerequisites
        .as_ref()
        .map(|p| at(p.span()))
        .unwrap_or(1);
    let prerequisites = raw
        .prerequisites
        .map(|p| p.into_inner().into_iter().map(|s| s.into_inner()).collect())
        .unwrap_or_default();

    Some((
        Module {
            id: raw.id.into_inner(),
            version: raw.version.into_inner(),
            title: raw.title.into(),
            summary: raw.summary.into(),
            audience: raw.audience.into(),
            duration_minutes: raw.duration_minutes,
            mandatory: raw.mandatory,
            prerequisites,
            proves,
            lessons,
            quiz: quiz?,
            dir: folder.to_owned(),
        },
        prerequisites_line,
    ))
}

pub(super) fn load_lessons(report: &mut Report, folder: &Path, module_id: &str) -> Vec<Lesson> {
    let dir = folder.join("lessons");
    let files: Vec<PathBuf> = match report.tree.list(&dir, false) {
        Some(files) => files,
        None => {
            report.add(&dir, 1, Message::new("check-lessons-folder-missing"));
            return Vec::new();
        }
    };
    let mut lessons: Vec<Lesson> = Vec::new();
    let mut all_links: Vec<(PathBuf, LessonLink)> = Vec::new();
    let mut translations: Vec<PathBuf> = Vec::new();
    for path in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if !name.ends_with(".md") {
            report.add(&path, 1, Message::new("check-lesson-not-markdown"));
            continue;
        }
        if name.ends_with(".en.md") {
            translations.push(path);
            continue;
        }
        let slug = name.trim_end_matches(".md").to_owned();
        let numbered = slug.len() > 3
            && slug.as_bytes()[..2].iter().all(u8::is_ascii_digit)
            && slug.as_bytes()[2] == b'-';
        if !numbered || !is_slug(&slug) {
            report.add(&path, 1, Message::new("check-lesson-file-name"));
            continue;
        }
        let Some(source) = read(report, &path) else {
            continue;
        };
        let rendered = markdown::render(&source, module_id, Locale::De, None);
        for (line, message) in &rendered.problems {
            report.add(&path, *line, message.clone());
        }
        for (line, file) in &rendered.media {
            if !report.tree.is_file(&folder.join("media").join(file)) {
                report.add(
                    &path,
                    *line,
                    Message::new("check-image-missing").arg("file", file),
                );
            }
        }
        all_links.extend(rendered.links.iter().cloned().map(|l| {
            (
                path.clone(),
                LessonLink {
                    lesson: if l.lesson.is_empty() {
                        slug.clone()
                    } else {
                        l.lesson
                    },
                    ..l
                },
            )
        }));
        lessons.push(Lesson {
            slug,
            title: Text {
                de: rendered.title.clone(),
                en: String::new(),
            },
            sections: rendered.sections,
            html_de: rendered.html,
            html_en: None,
            words: rendered.words,
        });
    }
    for path in translations {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let slug = name.trim_end_matches(".en.md").to_owned();
        let Some(lesson) = lessons.iter_mut().find(|l| l.slug == slug) else {
            report.add(
                &path,
                1,
                Message::new("check-translation-without-lesson").arg("slug", &slug),
            );
            continue;
        };
        let Some(source) = read(report, &path) else {
            continue;
        };
        let ids: Vec<String> = lesson.sections.iter().map(|s| s.anchor.clone()).collect();
        let rendered = markdown::render(&source, module_id, Locale::En, Some(&ids));
        for (line, message) in &rendered.problems {
            report.add(&path, *line, message.clone());
        }
        all_links.extend(rendered.links.iter().cloned().map(|l| {
            (
                path.clone(),
                LessonLink {
                    lesson: if l.lesson.is_empty() {
                        slug.clone()
                    } else {
                        l.lesson
                    },
                    ..l
                },
            )
        }));
        lesson.title.en = rendered.title;
        lesson.html_en = Some(rendered.html);
    }
    if lessons.is_empty() {
        report.add(&dir, 1, Message::new("check-no-lesson"));
    }
    for (path, link) in all_links {
        check_lesson_link(
            report,
            &path,
            link.line,
            &lessons,
            &link.lesson,
            link.anchor.as_deref(),
        );
    }
    lessons
}

pub(super) fn check_lesson_link(
    report: &mut Report,
    file: &Path,
    line: usize,
    lessons: &[Lesson],
    slug: &str,
    anchor: Option<&str>,
) {
    match lessons.iter().find(|l| l.slug == slug) {
        None => report.add(
            file,
            line,
            Message::new("check-link-no-lesson").arg("slug", slug),
        ),
        Some(lesson) => {
            if let Some(anchor) = anchor
                && !lesson.sections.iter().any(|s| s.anchor == anchor)
            {
                report.add(
                    file,
                    line,
                    Message::new("check-link-no-section")
                        .arg("slug", slug)
                        .arg("anchor", anchor),
                );
            }
        }
    }
}

pub(super) fn load_quiz(report: &mut Report, folder: &Path, lessons: &[Lesson]) -> Option<Quiz> {
    let path = folder.join("quiz.toml");
    let source = read(report, &path)?;
    let raw: raw::QuizFile = parse_toml(report, &path, &source)?;
    let at = |span: std::ops::Range<usize>| line_of(&source, span.start);
    let pass_mark = raw.pass_mark.as_ref().map(|p| *p.get_ref()).unwrap_or(75);
    if let Some(mark) = &raw.pass_mark
        && !(1..=100).contains(mark.get_ref())
    {
        report.add(&path, at(mark.span()), Message::new("check-pass-mark"));
    }
    let draw = *raw.draw.get_ref();
    if draw == 0 {
        report.add(&path, at(raw.draw.span()), Message::new("check-draw-zero"));
    }
    if raw.questions.len() < draw {
        report.add(
            &path,
            at(raw.draw.span()),
            Message::new("check-pool-below-draw")
                .arg("pool", raw.questions.len())
                .arg("draw", draw),
        );
    }
    let mut ids = HashSet::new();
    let mut questions = Vec::new();
    for question in raw.questions {
        let line = at(question.id.span());
        let id = question.id.get_ref().clone();
        if !is_slug(&id) {
            report.add(&path, line, Message::new("check-question-id-form"));
        }
        if !ids.insert(id.clone()) {
            report.add(
                &path,
                line,
                Message::new("check-question-id-twice").arg("id", &id),
            );
        }
        if question.text.trim().is_empty() {
            report.add(
                &path,
                line,
                Message::new("check-question-no-text").arg("id", &id),
            );
        }
        let (lesson, anchor) = match question.lesson.get_ref().split_once('#') {
            Some((l, a)) => (l.to_owned(), Some(a.to_owned())),
            None => (question.lesson.get_ref().clone(), None),
        };
        check_lesson_link(
            report,
            &path,
            at(question.lesson.span()),
            lessons,
            &lesson,
            anchor.as_deref(),
        );
        let kind = match question_kind(&question) {
            Ok(kind) => kind,
            Err(message) => {
                report.add(
                    &path,
                    at(question.kind.span()),
                    Message::new("check-question")
                        .arg("id", &id)
                        .arg("detail", message),
                );
                continue;
            }
        };
        questions.push(Question {
            id,
            kind,
            scenario: question.scenario,
            line,
            text: question.text,
            lesson,
            anchor,
            feedback_correct: question.feedback_correct,
            feedback_incorrect: question.feedback_incorrect,
        });
    }
    let cooldown_minutes = match raw.cooldown_minutes {
        None => Quiz::DEFAULT_COOLDOWN_MINUTES.to_vec(),
        Some(c) => {
            let line = at(c.span());
            match c.into_inner() {
                raw::Cooldown::Same(minutes) => vec![minutes],
                raw::Cooldown::Growing(list) if list.is_empty() => {
                    report.add(&path, line, Message::new("check-cooldown-empty"));
                    vec![0]
                }
                raw::Cooldown::Growing(list) => list,
            }
        }
    };
    let show_answers = match raw.show_answers.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some("after-pass") => ShowAnswers::AfterPass,
        Some("always") => ShowAnswers::Always,
        Some(other) => {
            let line = raw.show_answers.as_ref().map(|s| at(s.span())).unwrap_or(1);
            report.add(
                &path,
                line,
                Message::new("check-show-answers").arg("value", other),
            );
            ShowAnswers::AfterPass
        }
    };
    let english = quiz_rules::load_translation(report, folder, &mut questions);
    let quiz = Quiz {
        pass_mark,
        draw,
        time_limit_minutes: raw.time_limit_minutes.filter(|m| *m > 0),
        cooldown_minutes,
        daily_limit: raw.daily_limit.unwrap_or(Quiz::DEFAULT_DAILY_LIMIT),
        max_attempts: raw.max_attempts.unwrap_or(0),
        show_answers,
        scoring: raw.multiple_choice_scoring,
        questions,
        english,
    };
    quiz_rules::lint_quiz(
        &mut report.lints,
        folder,
        at(raw.draw.span()),
        &quiz,
        lessons,
    );
    Some(quiz)
}

/// The question as its kind, from the fields the file gives; the kind's own rules are
/// `QuestionKind::validate`, shared with the importers.
pub(super) fn question_kind(q: &raw::Question) -> Result<QuestionKind, Message> {
    let unexpected = |fields: &[(&str, bool)]| -> Result<(), Message> {
        for (name, present) in fields {
            if *present {
                return Err(Message::new("check-field-not-for-type")
                    .arg("field", *name)
                    .arg("type", q.kind.get_ref()));
            }
        }
        Ok(())
    };
    let kind = match q.kind.get_ref().as_str() {
        "single" | "multiple" => {
            unexpected(&[
                ("answer", q.answer.is_some()),
                ("items", q.items.is_some()),
                ("pairs", q.pairs.is_some()),
                ("accepted", q.accepted.is_some()),
            ])?;
            let options: Vec<Choice> = q
                .options
                .iter()
                .map(|o| Choice {
                    text: o.text.clone(),
                    correct: o.correct,
                    feedback: o.feedback.clone(),
                })
                .collect();
            if q.kind.get_ref() == "single" {
                QuestionKind::Single { options }
            } else {
                QuestionKind::Multiple { options }
            }
        }
        "true_false" => {
            unexpected(&[
                ("options", !q.options.is_empty()),
                ("items", q.items.is_some()),
                ("pairs", q.pairs.is_some()),
            ])?;
            match &q.answer {
                Some(toml::Value::Boolean(answer)) => QuestionKind::TrueFalse { answer: *answer },
                _ => {
                    return Err(Message::new("check-true-false-answer"));
                }
            }
        }
        "ordering" => {
            unexpected(&[
                ("options", !q.options.is_empty()),
                ("answer", q.answer.is_some()),
                ("pairs", q.pairs.is_some()),
            ])?;
            QuestionKind::Ordering {
                items: q.items.clone().unwrap_or_default(),
            }
        }
        "matching" => {
            unexpected(&[
                ("options", !q.options.is_empty()),
                ("answer", q.answer.is_some()),
                ("items", q.items.is_some()),
            ])?;
            QuestionKind::Matching {
                pairs: q
                    .pairs
                    .clone()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| (p.left, p.right))
                    .collect(),
            }
        }
        "short_text" => {
            unexpected(&[
                ("options", !q.options.is_empty()),
                ("answer", q.answer.is_some()),
                ("items", q.items.is_some()),
            ])?;
            QuestionKind::ShortText {
                accepted: q
                    .accepted
                    .clone()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| !a.trim().is_empty())
                    .collect(),
                case_sensitive: q.case_sensitive.unwrap_or(false),
            }
        }
        "numeric" => {
            unexpected(&[
                ("options", !q.options.is_empty()),
                ("items", q.items.is_some()),
                ("pairs", q.pairs.is_some()),
            ])?;
            let answer = match &q.answer {
                Some(toml::Value::Integer(n)) => *n as f64,
                Some(toml::Value::Float(f)) => *f,
                _ => {
                    return Err(Message::new("check-numeric-answer"));
                }
            };
            QuestionKind::Numeric {
                answer,
                tolerance: q.tolerance.unwrap_or(0.0),
                unit: q.unit.clone(),
            }
        }
        other => {
            return Err(Message::new("check-unknown-type").arg("type", other));
        }
    };
    kind.check()?;
    Ok(kind)
}

impl From<raw::Text> for Text {
    fn from(text: raw::Text) -> Self {
        Text {
            de: text.de,
            en: text.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_file_over_the_limit_is_refused_unread() {
        let dir = std::env::temp_dir().join(format!("fs-content-{}", uuid::Uuid::new_v4()));
        let big = dir.join("01-gross.md");
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&big, vec![b'a'; MAX_CONTENT_FILE_BYTES as usize + 1]));
        assert!(written.is_ok());
        let tree = Tree::folder(&dir);
        let mut report = Report {
            tree: &tree,
            problems: Vec::new(),
            lints: Vec::new(),
        };
        assert_eq!(read(&mut report, &big), None);
        assert_eq!(report.problems.len(), 1);
        assert_eq!(report.problems[0].line, 1);
        assert_eq!(report.problems[0].message.key, "check-file-too-large");
        assert!(
            report.problems[0].to_string().contains("larger than 4 MB"),
            "{}",
            report.problems[0]
        );
        let small = dir.join("02-klein.md");
        assert!(std::fs::write(&small, "# Klein\n").is_ok());
        assert_eq!(read(&mut report, &small).as_deref(), Some("# Klein\n"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
