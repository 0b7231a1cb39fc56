//! The curriculum as the application uses it, after loading and checking: frameworks,
//! competences, modules with their lessons and quizzes, and the store that holds them.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::markdown::Section;
use super::{certificates, profiles};
use crate::i18n::Locale;
pub use crate::i18n::Message;

/// A problem in a content file. The message is a catalogue key with its arguments, so that
/// each reader gets it in their own language (`check.*.ftl`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub message: Message,
}

/// `file:line: message`, in English: what `content check` prints and the logs keep.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// A text in German and English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub de: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::De => &self.de,
            Locale::En => &self.en,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Framework {
    pub id: String,
    pub title: Text,
    pub version: String,
    pub levels: u8,
}

#[derive(Clone, Debug)]
pub struct Area {
    pub id: String,
    pub framework: String,
    pub number: String,
    pub title: Text,
}

#[derive(Clone, Debug)]
pub struct Competence {
    pub id: String,
    pub area: String,
    pub title: Text,
    /// At most `SHORT_TITLE_MAX` characters; the title where the file gives none.
    pub short: Text,
    pub description: Text,
}

/// The longest short name of a competence, in characters.
pub const SHORT_TITLE_MAX: usize = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proof {
    pub level: u8,
}

#[derive(Clone, Debug)]
pub struct Lesson {
    /// The file name without extension, e.g. `01-phishing-erkennen`.
    pub slug: String,
    pub title: Text,
    pub sections: Vec<Section>,
    pub html_de: String,
    pub html_en: Option<String>,
    pub words: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scoring {
    AllOrNothing,
    #[default]
    Proportional,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub text: String,
    pub correct: bool,
    pub feedback: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum QuestionKind {
    Single {
        options: Vec<Choice>,
    },
    Multiple {
        options: Vec<Choice>,
    },
    TrueFalse {
        answer: bool,
    },
    /// Items in the right order.
    Ordering {
        items: Vec<String>,
    },
    /// (left, right) pairs that belong together.
    Matching {
        pairs: Vec<(String, String)>,
    },
    ShortText {
        accepted: Vec<String>,
        case_sensitive: bool,
    },
    Numeric {
        answer: f64,
        tolerance: f64,
        unit: Option<String>,
    },
}

impl QuestionKind {
    pub fn tag(&self) -> &'static str {
        match self {
            QuestionKind::Single { .. } => "single",
            QuestionKind::Multiple { .. } => "multiple",
            QuestionKind::TrueFalse { .. } => "true_false",
            QuestionKind::Ordering { .. } => "ordering",
            QuestionKind::Matching { .. } => "matching",
            QuestionKind::ShortText { .. } => "short_text",
            QuestionKind::Numeric { .. } => "numeric",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    /// The question describes a situation at work and asks what to do in it.
    pub scenario: bool,
    pub text: String,
    /// Lesson slug and section anchor that teach this question.
    pub lesson: String,
    pub anchor: Option<String>,
    pub feedback_correct: Option<String>,
    pub feedback_incorrect: Option<String>,
    /// The line of its `id` in `quiz.toml`, for messages about it.
    pub line: usize,
}

/// When a result shows the right answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ShowAnswers {
    /// After a pass, and after the last allowed try: a failed attempt that gave them away would
    /// let the next one be passed from memory.
    #[default]
    AfterPass,
    /// Always: a self-check that proves nothing.
    Always,
}

#[derive(Clone, Debug)]
pub struct Quiz {
    pub pass_mark: u8,
    pub draw: usize,
    pub time_limit_minutes: Option<u32>,
    /// Minutes to wait after the first, second, … failed attempt; the last number holds for
    /// every later one. Never empty.
    pub cooldown_minutes: Vec<u32>,
    /// Quiz attempts one person may start per day in Berlin; 0 for no limit.
    pub daily_limit: u32,
    /// Failed attempts allowed per module version; 0 for no limit.
    pub max_attempts: u32,
    pub show_answers: ShowAnswers,
    pub scoring: Scoring,
    /// In German, as `quiz.toml` has them; grading uses these.
    pub questions: Vec<Question>,
    /// The same questions in the same order with their English texts (`quiz.en.toml`); `None`
    /// without that file.
    pub english: Option<Vec<Question>>,
}

impl Quiz {
    pub const DEFAULT_COOLDOWN_MINUTES: [u32; 3] = [30, 240, 1440];
    pub const DEFAULT_DAILY_LIMIT: u32 = 3;

    /// The wait after the `failures`-th failed attempt (1 for the first).
    pub fn cooldown_after(&self, failures: usize) -> u32 {
        let index = failures
            .saturating_sub(1)
            .min(self.cooldown_minutes.len().saturating_sub(1));
        self.cooldown_minutes.get(index).copied().unwrap_or(0)
    }

    /// The questions in the learner's language, German where the quiz has no English.
    pub fn questions_in(&self, locale: Locale) -> &[Question] {
        match (&self.english, locale) {
            (Some(english), Locale::En) => english,
            _ => &self.questions,
        }
    }

    pub fn german_only(&self) -> bool {
        self.english.is_none()
    }
}

#[derive(Clone, Debug)]
pub struct Module {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub summary: Text,
    pub audience: Text,
    pub duration_minutes: u32,
    pub mandatory: bool,
    pub prerequisites: Vec<String>,
    /// Competence id → level a pass proves.
    pub proves: Vec<(String, u8)>,
    pub lessons: Vec<Lesson>,
    pub quiz: Quiz,
    /// The module folder, for its media files.
    pub dir: PathBuf,
}

impl Module {
    pub fn lesson(&self, slug: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.slug == slug)
    }

    /// A question in German, as it is graded.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.quiz.questions.iter().find(|q| q.id == id)
    }

    /// A question as the learner reads it: in English where the quiz has English texts.
    pub fn question_in(&self, id: &str, locale: Locale) -> Option<&Question> {
        self.quiz
            .questions_in(locale)
            .iter()
            .find(|q| q.id == id)
            .or_else(|| self.question(id))
    }
}

/// The loaded, checked curriculum.
#[derive(Clone, Debug, Default)]
pub struct ContentStore {
    pub frameworks: Vec<Framework>,
    pub areas: Vec<Area>,
    pub competences: Vec<Competence>,
    /// Level number → title: the default scale, for frameworks without one of their own
    /// (`editions.scales`); `level_title` picks the right one.
    pub levels: BTreeMap<u8, Text>,
    /// In catalogue order: mandatory first, then by title.
    pub modules: Vec<Arc<Module>>,
    /// Levels, validity and issuer of the Digitaler Führerschein (`certificates.toml`).
    pub certificates: certificates::CertificateRules,
    /// Job families and the competences expected of them (`target-profiles.toml`).
    pub profiles: profiles::TargetProfiles,
    /// Each framework's own scale and the mappings between frameworks (`frameworks`).
    pub editions: super::frameworks::Editions,
    /// What `content check` reports about quizzes that would not prove competence (see
    /// `lints`). The server starts with them and logs how many there are.
    pub lints: Vec<Problem>,
    /// Earlier published versions of the modules, unchanged, for the attempts and certificates
    /// taken on them (`module_version`). Empty when the curriculum comes from the folder.
    pub previous: Vec<Arc<Module>>,
    /// Where the curriculum was read from: the folder, or the folder with the modules' files
    /// from the database. A draft is checked against it (`check_draft`).
    pub source: Option<super::Tree>,
}

impl ContentStore {
    pub fn module(&self, id: &str) -> Option<&Arc<Module>> {
        self.modules.iter().find(|m| m.id == id)
    }

    /// The module as it was in `version`: the current one if that is its version, else the
    /// earlier published version of that name, else (a version nobody kept) the current one.
    pub fn module_version(&self, id: &str, version: &str) -> Option<&Arc<Module>> {
        let current = self.module(id);
        if current.is_some_and(|m| m.version == version) {
            return current;
        }
        self.previous
            .iter()
            .find(|m| m.id == id && m.version == version)
            .or(current)
    }

    pub fn competence(&self, id: &str) -> Option<&Competence> {
        self.competences.iter().find(|c| c.id == id)
    }
}
