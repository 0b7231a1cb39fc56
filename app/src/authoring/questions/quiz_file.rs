//! One question read from and written back into `quiz.toml` and `quiz.en.toml`, leaving the
//! rest of both files as the author wrote them: comments, blank lines, the quiz settings, the
//! other questions and the way lists are written (`[[questions.options]]` tables or an inline
//! list). `toml_edit` keeps every byte it is not told to change; a value that did not change
//! is not touched at all, so its layout and trailing comment stay.
//!
//! The English file is kept in step: the same questions in the same order with the same ids.
//! A new, moved, renamed or deleted question changes both files; a quiz without English gets
//! `quiz.en.toml` when the first English text is typed, with an entry for every question so
//! that `content check` names each text still to translate.
//!
//! Comments above a question's `[[questions]]` stay where they are when questions move (they
//! head a group, e.g. "# Lektion 2"), and move to the next question when one is deleted.

use toml_edit::{
    Array, ArrayOfTables, Decor, DocumentMut, InlineTable, Item, Table, TableLike, Value,
};

use super::form::{ItemRow, OptionRow, PairRow, QuestionForm, QuestionType, parse_number};

/// The first line of a `quiz.en.toml` the editor starts.
pub const ENGLISH_HEADER: &str =
    "# English texts of quiz.toml: same questions, same order, same ids.\n";

/// Why the files cannot be edited question by question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// `quiz.toml` or `quiz.en.toml` is not TOML; the file editor shows where.
    Syntax(&'static str),
    /// The questions are not written as `[[questions]]` tables.
    Layout(&'static str),
}

/// Both quiz files of a module, parsed for editing.
#[derive(Clone, Debug)]
pub struct QuizFiles {
    de: DocumentMut,
    en: Option<DocumentMut>,
}

impl QuizFiles {
    /// `de` is `quiz.toml` (empty when the module has none), `en` the English file if any.
    pub fn parse(de: &str, en: Option<&str>) -> Result<QuizFiles, Unreadable> {
        let de = parse_doc(de, "quiz.toml")?;
        let en = en.map(|en| parse_doc(en, "quiz.en.toml")).transpose()?;
        Ok(QuizFiles { de, en })
    }

    /// Whether the quiz has an English file.
    pub fn has_english(&self) -> bool {
        self.en.is_some()
    }

    /// The files' texts after the changes; `None` for an English file the quiz does not have.
    pub fn texts(&self) -> (String, Option<String>) {
        (text_of(&self.de), self.en.as_ref().map(text_of))
    }

    /// The ids of the questions, in order.
    pub fn ids(&self) -> Vec<String> {
        ids(&self.de)
    }

    /// The `type` of every question, `None` where the format has no such type.
    pub fn types(&self) -> Vec<Option<QuestionType>> {
        questions(&self.de)
            .map(|aot| {
                aot.iter()
                    .map(|t| {
                        t.get("type")
                            .and_then(Item::as_str)
                            .and_then(QuestionType::from_code)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every question as the form shows it, with the English texts of the question of the same
    /// id.
    pub fn forms(&self) -> Vec<QuestionForm> {
        let english = self.en.as_ref().and_then(questions);
        questions(&self.de)
            .map(|aot| {
                aot.iter()
                    .map(|table| {
                        let mut form = read_german(table);
                        if let Some(en) = english.and_then(|e| find_in(e, &form.id)) {
                            read_english(en, &mut form);
                        }
                        form
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Writes `form` into the files: in place of question `original` (which may get a new id),
    /// or, without `original`, as a new question after the last one of its lesson. The caller
    /// has checked the form (`server::check_form`): ids are unique, numbers parse.
    pub fn put(&mut self, original: Option<&str>, form: &QuestionForm) -> Result<(), Missing> {
        let german = questions_mut(&mut self.de);
        let index = match original {
            Some(id) => {
                let index = position(german, id).ok_or(Missing)?;
                if let Some(table) = german.get_mut(index) {
                    write_german(table, form);
                }
                index
            }
            None => {
                let lesson = form.lesson_slug();
                let after_lesson = german
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| lesson_slug_of(t) == lesson)
                    .map(|(i, _)| i + 1)
                    .last();
                let index = after_lesson.unwrap_or(german.len());
                let mut table = Table::new();
                table.decor_mut().set_prefix("\n");
                write_german(&mut table, form);
                if german.is_empty() {
                    // Comments after the settings of a quiz without questions are the document's
                    // end; they stay above the first question instead of sliding below it.
                    let trailing = self.de.trailing().as_str().unwrap_or_default().to_owned();
                    if trailing.contains('#') {
                        table.decor_mut().set_prefix(format!("{trailing}\n"));
                        self.de.set_trailing("");
                    }
                }
                insert_table(questions_mut(&mut self.de), index, table);
                index
            }
        };
        if self.en.is_none() && has_english(form) {
            self.start_english(original.unwrap_or(&form.id));
        }
        let german_ids = ids(&self.de);
        if let Some(en) = self.en.as_mut() {
            let english = questions_mut(en);
            let at = original
                .and_then(|id| position(english, id))
                .or_else(|| position(english, &form.id));
            match at {
                Some(i) => {
                    if let Some(table) = english.get_mut(i) {
                        write_english(table, form);
                    }
                }
                None => {
                    let at = english_index(english, &german_ids, index);
                    let mut table = Table::new();
                    table.decor_mut().set_prefix("\n");
                    write_english(&mut table, form);
                    insert_table(english, at, table);
                }
            }
            renumber(en);
        }
        renumber(&mut self.de);
        Ok(())
    }

    /// Moves question `id` one place up or down, in both files. `false` if it is first (last)
    /// already.
    pub fn move_by(&mut self, id: &str, up: bool) -> Result<bool, Missing> {
        let german = questions_mut(&mut self.de);
        let i = position(german, id).ok_or(Missing)?;
        let j = if up { i.checked_sub(1) } else { Some(i + 1) };
        let Some(j) = j.filter(|j| *j < german.len()) else {
            return Ok(false);
        };
        let other = german
            .get(j)
            .map(|t| id_of(t).to_owned())
            .unwrap_or_default();
        swap_keeping_decor(german, i, j);
        renumber(&mut self.de);
        if let Some(en) = self.en.as_mut() {
            let english = questions_mut(en);
            if let (Some(a), Some(b)) = (position(english, id), position(english, &other)) {
                swap_keeping_decor(english, a, b);
            }
            renumber(en);
        }
        Ok(true)
    }

    /// Deletes question `id` from both files.
    pub fn remove(&mut self, id: &str) -> Result<(), Missing> {
        let i = position(questions_mut(&mut self.de), id).ok_or(Missing)?;
        remove_keeping_comments(&mut self.de, i);
        renumber(&mut self.de);
        if let Some(en) = self.en.as_mut() {
            if let Some(i) = position(questions_mut(en), id) {
                remove_keeping_comments(en, i);
            }
            renumber(en);
        }
        Ok(())
    }

    /// Starts `quiz.en.toml` with an entry for every German question (`except` is written by
    /// the caller).
    fn start_english(&mut self, except: &str) {
        let mut en = DocumentMut::new();
        let mut list = ArrayOfTables::new();
        for (n, id) in ids(&self.de).into_iter().enumerate() {
            let mut table = Table::new();
            table.decor_mut().set_prefix(if n == 0 {
                ENGLISH_HEADER.to_owned() + "\n"
            } else {
                "\n".to_owned()
            });
            table.insert("id", Item::Value(Value::from(id.as_str())));
            if id != except {
                table.insert("text", Item::Value(Value::from("")));
            }
            list.push(table);
        }
        en.insert("questions", Item::ArrayOfTables(list));
        self.en = Some(en);
    }
}

/// The question named is not in the file (any more).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Missing;

fn parse_doc(text: &str, file: &'static str) -> Result<DocumentMut, Unreadable> {
    let doc = text
        .parse::<DocumentMut>()
        .map_err(|_| Unreadable::Syntax(file))?;
    match doc.get("questions") {
        None | Some(Item::ArrayOfTables(_)) => Ok(doc),
        Some(_) => Err(Unreadable::Layout(file)),
    }
}

fn text_of(doc: &DocumentMut) -> String {
    let mut text = doc.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn questions(doc: &DocumentMut) -> Option<&ArrayOfTables> {
    doc.get("questions").and_then(Item::as_array_of_tables)
}

/// The questions' tables, created (empty) where the file has none yet.
fn questions_mut(doc: &mut DocumentMut) -> &mut ArrayOfTables {
    let item = doc
        .entry("questions")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    if !item.is_array_of_tables() {
        // `parse_doc` refuses any other layout; a fresh list keeps this total.
        *item = Item::ArrayOfTables(ArrayOfTables::new());
    }
    match item {
        Item::ArrayOfTables(list) => list,
        _ => unreachable!("set to a list of tables just above"),
    }
}

fn ids(doc: &DocumentMut) -> Vec<String> {
    questions(doc)
        .map(|aot| aot.iter().map(|t| id_of(t).to_owned()).collect())
        .unwrap_or_default()
}

fn id_of(table: &Table) -> &str {
    table.get("id").and_then(Item::as_str).unwrap_or_default()
}

fn lesson_slug_of(table: &Table) -> &str {
    let lesson = table
        .get("lesson")
        .and_then(Item::as_str)
        .unwrap_or_default();
    lesson.split_once('#').map(|(l, _)| l).unwrap_or(lesson)
}

fn position(list: &ArrayOfTables, id: &str) -> Option<usize> {
    list.iter().position(|t| id_of(t) == id)
}

fn find_in<'a>(list: &'a ArrayOfTables, id: &str) -> Option<&'a Table> {
    list.iter().find(|t| id_of(t) == id)
}

/// Where the English entry of the German question at `index` belongs: after the English entry
/// of the German question before it.
fn english_index(english: &ArrayOfTables, german_ids: &[String], index: usize) -> usize {
    if index == 0 {
        return 0;
    }
    german_ids
        .get(index - 1)
        .and_then(|before| position(english, before))
        .map(|i| i + 1)
        .unwrap_or(index)
        .min(english.len())
}

fn insert_table(list: &mut ArrayOfTables, index: usize, table: Table) {
    if index >= list.len() {
        list.push(table);
    } else {
        list.insert(index, table);
    }
}

/// Swaps two questions; the comments and blank lines above each place stay at the place.
fn swap_keeping_decor(list: &mut ArrayOfTables, i: usize, j: usize) {
    let (Some(a), Some(b)) = (list.get(i).cloned(), list.get(j).cloned()) else {
        return;
    };
    let (decor_a, decor_b) = (a.decor().clone(), b.decor().clone());
    let mut a = a;
    let mut b = b;
    *b.decor_mut() = decor_a;
    *a.decor_mut() = decor_b;
    list.replace(i, b);
    list.replace(j, a);
}

/// Removes question `i`; comments above it go to the question after it (or the file's end).
fn remove_keeping_comments(doc: &mut DocumentMut, i: usize) {
    let list = questions_mut(doc);
    let removed = list.remove(i);
    let prefix = prefix_of(removed.decor());
    if !prefix.contains('#') {
        return;
    }
    if let Some(next) = list.get_mut(i) {
        let own = prefix_of(next.decor());
        let own = own.trim_start_matches('\n');
        next.decor_mut().set_prefix(format!("{prefix}{own}"));
    } else {
        let trailing = doc.trailing().as_str().unwrap_or_default().to_owned();
        doc.set_trailing(format!("{prefix}{trailing}"));
    }
}

fn prefix_of(decor: &Decor) -> String {
    decor
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Gives every question table and its sub-tables (`[[questions.options]]`) a position in
/// order, after any other table, so that the file is written in the order of the list.
fn renumber(doc: &mut DocumentMut) {
    let mut next = 1 + doc
        .iter()
        .filter(|(key, _)| *key != "questions")
        .filter_map(|(_, item)| item.as_table())
        .filter_map(Table::position)
        .max()
        .unwrap_or(0);
    let list = questions_mut(doc);
    for table in list.iter_mut() {
        table.set_position(Some(next));
        next += 1;
        for (_, item) in table.iter_mut() {
            if let Item::ArrayOfTables(sub) = item {
                for sub_table in sub.iter_mut() {
                    sub_table.set_position(Some(next));
                    next += 1;
                }
            }
        }
    }
}

// Reading.

fn string(table: &dyn TableLike, key: &str) -> String {
    table
        .get(key)
        .and_then(Item::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn strings(table: &dyn TableLike, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(Item::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn number(table: &dyn TableLike, key: &str) -> String {
    match table.get(key).and_then(Item::as_value) {
        Some(Value::Integer(n)) => n.value().to_string(),
        Some(Value::Float(f)) => f.value().to_string(),
        _ => String::new(),
    }
}

/// The records of a list written as `[[questions.options]]` tables or as an inline list.
fn records<'a>(table: &'a dyn TableLike, key: &str) -> Vec<&'a dyn TableLike> {
    match table.get(key) {
        Some(Item::ArrayOfTables(list)) => list.iter().map(|t| t as &dyn TableLike).collect(),
        Some(Item::Value(Value::Array(list))) => list
            .iter()
            .filter_map(Value::as_inline_table)
            .map(|t| t as &dyn TableLike)
            .collect(),
        _ => Vec::new(),
    }
}

fn read_german(table: &Table) -> QuestionForm {
    let kind = table
        .get("type")
        .and_then(Item::as_str)
        .and_then(QuestionType::from_code)
        .unwrap_or_default();
    QuestionForm {
        kind,
        id: string(table, "id"),
        scenario: table
            .get("scenario")
            .and_then(Item::as_bool)
            .unwrap_or(false),
        text: string(table, "text"),
        lesson: string(table, "lesson"),
        feedback_correct: string(table, "feedback_correct"),
        feedback_incorrect: string(table, "feedback_incorrect"),
        options: records(table, "options")
            .into_iter()
            .map(|o| OptionRow {
                text: string(o, "text"),
                correct: o.get("correct").and_then(Item::as_bool).unwrap_or(false),
                feedback: string(o, "feedback"),
                ..OptionRow::default()
            })
            .collect(),
        answer: match kind {
            QuestionType::TrueFalse => table.get("answer").and_then(Item::as_bool),
            _ => None,
        },
        items: strings(table, "items")
            .into_iter()
            .map(|text| ItemRow {
                text,
                ..ItemRow::default()
            })
            .collect(),
        pairs: records(table, "pairs")
            .into_iter()
            .map(|p| PairRow {
                left: string(p, "left"),
                right: string(p, "right"),
                ..PairRow::default()
            })
            .collect(),
        accepted: strings(table, "accepted"),
        case_sensitive: table
            .get("case_sensitive")
            .and_then(Item::as_bool)
            .unwrap_or(false),
        value: match kind {
            QuestionType::Numeric => number(table, "answer"),
            _ => String::new(),
        },
        tolerance: number(table, "tolerance"),
        unit: string(table, "unit"),
        ..QuestionForm::default()
    }
}

fn read_english(table: &Table, form: &mut QuestionForm) {
    form.text_en = string(table, "text");
    form.feedback_correct_en = string(table, "feedback_correct");
    form.feedback_incorrect_en = string(table, "feedback_incorrect");
    let options = records(table, "options");
    for (row, en) in form.options.iter_mut().zip(&options) {
        row.text_en = string(*en, "text");
        row.feedback_en = string(*en, "feedback");
    }
    for (row, en) in form.items.iter_mut().zip(strings(table, "items")) {
        row.text_en = en;
    }
    for (row, en) in form.pairs.iter_mut().zip(records(table, "pairs")) {
        row.left_en = string(en, "left");
        row.right_en = string(en, "right");
    }
    form.accepted_en = strings(table, "accepted");
    form.unit_en = string(table, "unit");
}

// Writing.

/// Whether the form has any English text (so that a quiz without English gets its file).
pub fn has_english(form: &QuestionForm) -> bool {
    let filled = |t: &String| !t.trim().is_empty();
    [
        &form.text_en,
        &form.feedback_correct_en,
        &form.feedback_incorrect_en,
        &form.unit_en,
    ]
    .into_iter()
    .any(filled)
        || form.accepted_en.iter().any(filled)
        || form
            .options
            .iter()
            .any(|o| filled(&o.text_en) || filled(&o.feedback_en))
        || form.items.iter().any(|i| filled(&i.text_en))
        || form
            .pairs
            .iter()
            .any(|p| filled(&p.left_en) || filled(&p.right_en))
}

fn text(value: &str) -> Value {
    Value::from(value)
}

fn optional(value: &str) -> Option<Value> {
    (!value.trim().is_empty()).then(|| text(value))
}

fn string_list(values: impl IntoIterator<Item = String>) -> Value {
    Value::Array(
        values
            .into_iter()
            .map(|v| Value::from(v.as_str()))
            .collect(),
    )
}

/// A number as typed: an integer where it is one, else a float.
fn number_value(typed: &str) -> Option<Value> {
    let trimmed = typed.trim();
    if let Ok(n) = trimmed.parse::<i64>() {
        return Some(Value::from(n));
    }
    parse_number(trimmed).map(Value::from)
}

/// Whether two values say the same, whatever their layout.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(a, b))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

/// Whether a list is written one entry per line.
fn is_multiline(list: &Array) -> bool {
    list.iter().any(|v| {
        v.decor()
            .prefix()
            .and_then(|p| p.as_str())
            .is_some_and(|p| p.contains('\n'))
    }) || list.trailing().as_str().is_some_and(|t| t.contains('\n'))
}

/// Writes a list one entry per line, as `quiz.en.toml` does.
fn make_multiline(list: &mut Array) {
    for value in list.iter_mut() {
        value.decor_mut().set_prefix("\n  ");
        value.decor_mut().set_suffix("");
    }
    list.set_trailing_comma(true);
    list.set_trailing("\n");
}

/// Sets `key` to `value` (or removes it for `None`). A value that says the same stays as it is
/// written; a changed one keeps the spacing and the comment after it.
fn put(table: &mut dyn TableLike, key: &str, value: Option<Value>) {
    let Some(mut value) = value else {
        table.remove(key);
        return;
    };
    match table.get_mut(key) {
        Some(item) => {
            if let Some(old) = item.as_value() {
                if same(old, &value) {
                    return;
                }
                if let (Value::Array(old_list), Value::Array(new_list)) = (old, &mut value)
                    && is_multiline(old_list)
                {
                    make_multiline(new_list);
                }
                *value.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(value);
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// Sets a boolean that the format gives a default of `false`: written where it is `true` or
/// the file had it already.
fn put_flag(table: &mut dyn TableLike, key: &str, on: bool) {
    if on || table.contains_key(key) {
        put(table, key, Some(Value::from(on)));
    }
}

/// One record of a list (an option, a pair): its keys, `None` for a key to leave out.
type Record = Vec<(&'static str, Option<Value>)>;

/// Sets the list `key` to `rows`, keeping the way the file writes it (tables or an inline list)
/// and, row by row, what did not change. A list the file does not have yet is written as
/// `[[questions.<key>]]` tables with `tables`, else as an inline list one entry per line.
fn put_records(table: &mut Table, key: &str, rows: Vec<Record>, tables: bool) {
    if rows.is_empty() {
        table.remove(key);
        return;
    }
    match table.get_mut(key) {
        Some(Item::ArrayOfTables(list)) => {
            while list.len() > rows.len() {
                list.remove(list.len() - 1);
            }
            for (i, row) in rows.into_iter().enumerate() {
                match list.get_mut(i) {
                    Some(record) => row.into_iter().for_each(|(k, v)| put(record, k, v)),
                    None => list.push(new_record_table(row)),
                }
            }
        }
        Some(Item::Value(Value::Array(list)))
            if list.iter().all(|v| v.as_inline_table().is_some()) =>
        {
            let multiline = is_multiline(list) || list.is_empty();
            while list.len() > rows.len() {
                list.remove(list.len() - 1);
            }
            for (i, row) in rows.into_iter().enumerate() {
                match list.get_mut(i).and_then(Value::as_inline_table_mut) {
                    Some(record) => row.into_iter().for_each(|(k, v)| put(record, k, v)),
                    None => {
                        let mut value = Value::InlineTable(new_record_inline(row));
                        if multiline {
                            value.decor_mut().set_prefix("\n  ");
                        }
                        list.push_formatted(value);
                    }
                }
            }
            if multiline {
                list.set_trailing_comma(true);
                list.set_trailing("\n");
            }
        }
        _ => {
            table.remove(key);
            if tables {
                let mut list = ArrayOfTables::new();
                for row in rows {
                    list.push(new_record_table(row));
                }
                table.insert(key, Item::ArrayOfTables(list));
            } else {
                let mut list: Array = rows
                    .into_iter()
                    .map(|row| Value::InlineTable(new_record_inline(row)))
                    .collect();
                make_multiline(&mut list);
                table.insert(key, Item::Value(Value::Array(list)));
            }
        }
    }
}

fn new_record_table(row: Record) -> Table {
    let mut record = Table::new();
    record.decor_mut().set_prefix("\n");
    for (key, value) in row {
        if let Some(value) = value {
            record.insert(key, Item::Value(value));
        }
    }
    record
}

fn new_record_inline(row: Record) -> InlineTable {
    let mut record = InlineTable::new();
    for (key, value) in row {
        if let Some(value) = value {
            record.insert(key, value);
        }
    }
    record
}

/// The keys of `quiz.toml` that carry a type's answer; each type removes the others'.
const ANSWER_KEYS: [&str; 8] = [
    "options",
    "answer",
    "items",
    "pairs",
    "accepted",
    "case_sensitive",
    "tolerance",
    "unit",
];

fn belongs(kind: QuestionType, key: &str) -> bool {
    match kind {
        QuestionType::Single | QuestionType::Multiple => key == "options",
        QuestionType::TrueFalse => key == "answer",
        QuestionType::Ordering => key == "items",
        QuestionType::Matching => key == "pairs",
        QuestionType::ShortText => matches!(key, "accepted" | "case_sensitive"),
        QuestionType::Numeric => matches!(key, "answer" | "tolerance" | "unit"),
    }
}

fn write_german(table: &mut Table, form: &QuestionForm) {
    let kind = form.kind;
    put(table, "id", Some(text(form.id.trim())));
    put(table, "type", Some(text(kind.code())));
    put_flag(table, "scenario", form.scenario);
    put(table, "text", Some(text(&form.text)));
    put(table, "lesson", Some(text(&form.lesson)));
    for key in ANSWER_KEYS.iter().filter(|k| !belongs(kind, k)) {
        table.remove(key);
    }
    match kind {
        QuestionType::Single | QuestionType::Multiple => {
            let rows = form
                .options
                .iter()
                .map(|o| {
                    vec![
                        ("text", Some(text(&o.text))),
                        ("correct", Some(Value::from(o.correct))),
                        ("feedback", optional(&o.feedback)),
                    ]
                })
                .collect();
            put_records(table, "options", rows, true);
        }
        QuestionType::TrueFalse => {
            put(
                table,
                "answer",
                Some(Value::from(form.answer.unwrap_or(false))),
            );
        }
        QuestionType::Ordering => {
            let items = form.items.iter().map(|i| i.text.clone());
            put(table, "items", Some(string_list(items)));
        }
        QuestionType::Matching => {
            let rows = form
                .pairs
                .iter()
                .map(|p| {
                    vec![
                        ("left", Some(text(&p.left))),
                        ("right", Some(text(&p.right))),
                    ]
                })
                .collect();
            put_records(table, "pairs", rows, true);
        }
        QuestionType::ShortText => {
            put(
                table,
                "accepted",
                Some(string_list(form.accepted.iter().cloned())),
            );
            put_flag(table, "case_sensitive", form.case_sensitive);
        }
        QuestionType::Numeric => {
            put(table, "answer", number_value(&form.value));
            put(table, "tolerance", number_value(&form.tolerance));
            put(table, "unit", optional(&form.unit));
        }
    }
    put(table, "feedback_correct", optional(&form.feedback_correct));
    put(
        table,
        "feedback_incorrect",
        optional(&form.feedback_incorrect),
    );
}

/// The keys of `quiz.en.toml` that carry a type's texts.
const ENGLISH_ANSWER_KEYS: [&str; 5] = ["options", "items", "pairs", "accepted", "unit"];

fn write_english(table: &mut Table, form: &QuestionForm) {
    let kind = form.kind;
    put(table, "id", Some(text(form.id.trim())));
    put(table, "text", Some(text(&form.text_en)));
    put(
        table,
        "feedback_correct",
        optional(&form.feedback_correct_en),
    );
    put(
        table,
        "feedback_incorrect",
        optional(&form.feedback_incorrect_en),
    );
    for key in ENGLISH_ANSWER_KEYS.iter().filter(|k| !belongs(kind, k)) {
        table.remove(key);
    }
    match kind {
        QuestionType::Single | QuestionType::Multiple => {
            let rows = form
                .options
                .iter()
                .map(|o| {
                    vec![
                        ("text", Some(text(&o.text_en))),
                        ("feedback", optional(&o.feedback_en)),
                    ]
                })
                .collect();
            put_records(table, "options", rows, false);
        }
        QuestionType::Ordering => {
            let items = form.items.iter().map(|i| i.text_en.clone());
            put(table, "items", Some(string_list(items)));
        }
        QuestionType::Matching => {
            let rows = form
                .pairs
                .iter()
                .map(|p| {
                    vec![
                        ("left", Some(text(&p.left_en))),
                        ("right", Some(text(&p.right_en))),
                    ]
                })
                .collect();
            put_records(table, "pairs", rows, false);
        }
        QuestionType::ShortText => {
            let accepted = (!form.accepted_en.is_empty())
                .then(|| string_list(form.accepted_en.iter().cloned()));
            put(table, "accepted", accepted);
        }
        QuestionType::Numeric => put(table, "unit", optional(&form.unit_en)),
        QuestionType::TrueFalse => {}
    }
}

/// Where each question stands in a file: its id, its first and last line (from its
/// `[[questions]]` to the line before the next), and the lines of its fields with the form's
/// name for them (`text`, `options-2-text`; `_en` for the English file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionLines {
    pub id: String,
    pub first: usize,
    pub last: usize,
    pub fields: Vec<(usize, String)>,
}

/// The lines of the questions of `text` (`quiz.toml`, or `quiz.en.toml` with `english`); empty
/// for a file that is not TOML.
pub fn question_lines(text: &str, english: bool) -> Vec<QuestionLines> {
    let Ok(doc) = toml_edit::Document::parse(text) else {
        return Vec::new();
    };
    let Some(list) = doc.get("questions").and_then(Item::as_array_of_tables) else {
        return Vec::new();
    };
    let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let total = text.lines().count().max(1);
    let starts: Vec<usize> = list
        .iter()
        .map(|t| t.span().map(|s| line(s.start)).unwrap_or(1))
        .collect();
    let suffix = if english { "_en" } else { "" };
    list.iter()
        .enumerate()
        .map(|(n, table)| {
            let kind = table
                .get("type")
                .and_then(Item::as_str)
                .and_then(QuestionType::from_code);
            let mut fields = Vec::new();
            for (key, item) in table.iter() {
                let at = table.key(key).and_then(|k| k.span()).map(|s| line(s.start));
                let field = match key {
                    "text" | "feedback_correct" | "feedback_incorrect" | "unit" | "accepted" => {
                        Some(format!("{key}{suffix}"))
                    }
                    "lesson" | "scenario" | "case_sensitive" | "tolerance" => Some(key.to_owned()),
                    "answer" if kind == Some(QuestionType::Numeric) => Some("value".to_owned()),
                    "answer" => Some("answer".to_owned()),
                    "items" => Some("items".to_owned()),
                    _ => None,
                };
                if let (Some(at), Some(field)) = (at, field) {
                    fields.push((at, field));
                }
                if matches!(key, "options" | "pairs") {
                    let first = if key == "options" { "text" } else { "left" };
                    let name = |i: usize, part: &str| {
                        let suffix = if part == "correct" { "" } else { suffix };
                        format!("{key}-{i}-{part}{suffix}")
                    };
                    match item {
                        Item::ArrayOfTables(records) => {
                            for (i, record) in records.iter().enumerate() {
                                if let Some(at) = record.span().map(|s| line(s.start)) {
                                    fields.push((at, name(i, first)));
                                }
                                for (part, _) in record.iter() {
                                    if let Some(at) = record
                                        .key(part)
                                        .and_then(|k| k.span())
                                        .map(|s| line(s.start))
                                    {
                                        fields.push((at, name(i, part)));
                                    }
                                }
                            }
                        }
                        Item::Value(Value::Array(records)) => {
                            for (i, record) in records.iter().enumerate() {
                                if let Some(at) = record.span().map(|s| line(s.start)) {
                                    fields.push((at, name(i, first)));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            QuestionLines {
                id: id_of(table).to_owned(),
                first: starts[n],
                last: starts.get(n + 1).map(|next| next - 1).unwrap_or(total),
                fields,
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const GERMAN: &str = r#"pass_mark = 75
draw = 2
# Die Versuche: wie in FORMAT.md.

# Lektion 1: Erste Schritte

[[questions]]
id = "erste"
type = "single"
text = "Was tun Sie zuerst?" # die Frage
lesson = "01-start#los"
feedback_incorrect = "Lesen Sie noch einmal."

[[questions.options]]
text = "Prüfen"
correct = true

# Eine falsche Antwort
[[questions.options]]
text = "Klicken"
correct = false
feedback = "Nein."

[[questions.options]]
text = "Warten"
correct = false

[[questions]]
id = "zweite"
type = "true_false"
text = "Stimmt das?"
lesson = "01-start"
answer = true

# Lektion 2: Weiter

[[questions]]
id = "dritte"
type = "ordering"
text = "Ordnen Sie."
lesson = "02-weiter"
items = [
  "eins",
  "zwei",
  "drei",
]
# Ende der Datei
"#;

    const ENGLISH: &str = r#"# English texts of quiz.toml: same questions, same order, same ids.

[[questions]]
id = "erste"
text = "What do you do first?"
feedback_incorrect = "Read again."
options = [
  { text = "Check" },
  { text = "Click", feedback = "No." },
  { text = "Wait" },
]

[[questions]]
id = "zweite"
text = "Is that right?"

[[questions]]
id = "dritte"
text = "Put in order."
items = ["one", "two", "three"]
"#;

    fn files() -> QuizFiles {
        QuizFiles::parse(GERMAN, Some(ENGLISH)).unwrap()
    }

    fn form(files: &QuizFiles, id: &str) -> QuestionForm {
        files.forms().into_iter().find(|f| f.id == id).unwrap()
    }

    /// The lines of `after` that are not in `before`, and those of `before` not in `after`.
    fn changed(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
        let a: Vec<&str> = before.lines().collect();
        let b: Vec<&str> = after.lines().collect();
        let added = b
            .iter()
            .filter(|l| !a.contains(l))
            .map(|l| l.to_string())
            .collect();
        let removed = a
            .iter()
            .filter(|l| !b.contains(l))
            .map(|l| l.to_string())
            .collect();
        (added, removed)
    }

    #[test]
    fn both_files_are_read_into_forms() {
        let files = files();
        assert_eq!(files.ids(), vec!["erste", "zweite", "dritte"]);
        let first = form(&files, "erste");
        assert_eq!(first.kind, QuestionType::Single);
        assert_eq!(first.text_en, "What do you do first?");
        assert_eq!(first.options.len(), 3);
        assert!(first.options[0].correct);
        assert_eq!(first.options[1].feedback, "Nein.");
        assert_eq!(first.options[1].feedback_en, "No.");
        assert_eq!(first.lesson, "01-start#los");
        let third = form(&files, "dritte");
        assert_eq!(third.items[1].text, "zwei");
        assert_eq!(third.items[1].text_en, "two");
        assert_eq!(form(&files, "zweite").answer, Some(true));
    }

    #[test]
    fn an_unchanged_question_writes_the_files_unchanged() {
        let mut files = files();
        for form in files.forms() {
            files.put(Some(&form.id.clone()), &form).unwrap();
        }
        let (de, en) = files.texts();
        assert_eq!(de, GERMAN);
        assert_eq!(en.as_deref(), Some(ENGLISH));
    }

    #[test]
    fn a_changed_text_changes_only_its_line() {
        let mut files = files();
        let mut first = form(&files, "erste");
        first.text = "Was tun Sie als Erstes?".into();
        first.options[2].text_en = "Wait a moment".into();
        files.put(Some("erste"), &first).unwrap();
        let (de, en) = files.texts();
        let (added, removed) = changed(GERMAN, &de);
        assert_eq!(
            added,
            vec![r#"text = "Was tun Sie als Erstes?" # die Frage"#]
        );
        assert_eq!(removed, vec![r#"text = "Was tun Sie zuerst?" # die Frage"#]);
        let (added, removed) = changed(ENGLISH, en.as_deref().unwrap());
        assert_eq!(added, vec![r#"  { text = "Wait a moment" },"#]);
        assert_eq!(removed, vec![r#"  { text = "Wait" },"#]);
    }

    #[test]
    fn rows_are_added_and_removed_in_the_files_layout() {
        let mut files = files();
        let mut first = form(&files, "erste");
        first.options.push(OptionRow {
            text: "Fragen".into(),
            text_en: "Ask".into(),
            feedback: "Auch gut.".into(),
            ..OptionRow::default()
        });
        files.put(Some("erste"), &first).unwrap();
        let (de, en) = files.texts();
        let fourth = de.find("text = \"Fragen\"").unwrap();
        assert!(fourth < de.find("id = \"zweite\"").unwrap(), "{de}");
        assert!(de.contains("[[questions.options]]\ntext = \"Fragen\"\ncorrect = false\nfeedback = \"Auch gut.\"\n"), "{de}");
        assert!(
            en.as_deref()
                .unwrap()
                .contains("  { text = \"Wait\" },\n  { text = \"Ask\" },\n]"),
            "{en:?}"
        );
        let reread = QuizFiles::parse(&de, en.as_deref()).unwrap();
        assert_eq!(form(&reread, "erste"), first);

        let mut fewer = first.clone();
        fewer.options.truncate(2);
        let mut files = reread;
        files.put(Some("erste"), &fewer).unwrap();
        let (de, en) = files.texts();
        assert!(!de.contains("Warten") && !de.contains("Fragen"), "{de}");
        assert!(
            de.contains("# Eine falsche Antwort\n[[questions.options]]"),
            "{de}"
        );
        let reread = QuizFiles::parse(&de, en.as_deref()).unwrap();
        assert_eq!(form(&reread, "erste"), fewer);
    }

    #[test]
    fn a_new_question_follows_its_lesson_in_both_files() {
        let mut files = files();
        let mut new = QuestionForm::new(QuestionType::Numeric);
        new.id = "neue".into();
        new.text = "Wie viele?".into();
        new.text_en = "How many?".into();
        new.lesson = "01-start".into();
        new.value = "1,5".into();
        new.unit = "Stunden".into();
        new.unit_en = "hours".into();
        files.put(None, &new).unwrap();
        assert_eq!(files.ids(), vec!["erste", "zweite", "neue", "dritte"]);
        let (de, en) = files.texts();
        let reread = QuizFiles::parse(&de, en.as_deref()).unwrap();
        let mut expected = new.clone();
        expected.value = "1.5".into();
        assert_eq!(form(&reread, "neue"), expected);
        assert!(de.contains("answer = true\n\n[[questions]]\nid = \"neue\"\ntype = \"numeric\"\ntext = \"Wie viele?\"\nlesson = \"01-start\"\nanswer = 1.5\nunit = \"Stunden\"\n\n# Lektion 2: Weiter\n"), "{de}");
        let english: Vec<String> = QuizFiles::parse(en.as_deref().unwrap(), None)
            .unwrap()
            .ids();
        assert_eq!(english, vec!["erste", "zweite", "neue", "dritte"]);
        assert!(de.ends_with("# Ende der Datei\n"), "{de}");
    }

    #[test]
    fn moving_keeps_the_group_comments_in_place_and_the_english_in_step() {
        let mut files = files();
        assert!(files.move_by("dritte", true).unwrap());
        assert_eq!(files.ids(), vec!["erste", "dritte", "zweite"]);
        let (de, en) = files.texts();
        // "Lektion 2" still heads the third place, now holding "zweite".
        let lesson_two = de.find("# Lektion 2").unwrap();
        assert!(de.find("id = \"dritte\"").unwrap() < lesson_two, "{de}");
        assert!(lesson_two < de.find("id = \"zweite\"").unwrap(), "{de}");
        // Sub-tables stay with their question.
        assert!(de.find("text = \"Warten\"").unwrap() < de.find("id = \"dritte\"").unwrap());
        let english = QuizFiles::parse(en.as_deref().unwrap(), None)
            .unwrap()
            .ids();
        assert_eq!(english, vec!["erste", "dritte", "zweite"]);
        assert!(
            !files.move_by("erste", true).unwrap(),
            "the first cannot go up"
        );
        assert!(
            !files.move_by("zweite", false).unwrap(),
            "the last cannot go down"
        );
        assert_eq!(files.move_by("gibt-es-nicht", true), Err(Missing));
        // Every comment is still there.
        for comment in GERMAN.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(de.contains(comment), "{comment} lost:\n{de}");
        }
        let reread = QuizFiles::parse(&de, en.as_deref()).unwrap();
        assert_eq!(reread.forms().len(), 3);
    }

    #[test]
    fn deleting_keeps_the_comments_above_and_the_english_in_step() {
        let mut files = files();
        files.remove("erste").unwrap();
        let (de, en) = files.texts();
        assert_eq!(files.ids(), vec!["zweite", "dritte"]);
        assert!(!de.contains("Prüfen") && !de.contains("Klicken"), "{de}");
        assert!(
            de.contains("# Lektion 1: Erste Schritte\n\n[[questions]]\nid = \"zweite\""),
            "{de}"
        );
        assert!(de.contains("# Die Versuche: wie in FORMAT.md."), "{de}");
        let english = QuizFiles::parse(en.as_deref().unwrap(), None)
            .unwrap()
            .ids();
        assert_eq!(english, vec!["zweite", "dritte"]);
        assert!(en.as_deref().unwrap().starts_with(ENGLISH_HEADER));
        assert_eq!(files.remove("erste"), Err(Missing));
    }

    #[test]
    fn the_first_english_text_starts_the_english_file() {
        let mut files = QuizFiles::parse(GERMAN, None).unwrap();
        let mut second = form(&files, "zweite");
        files.put(Some("zweite"), &second.clone()).unwrap();
        assert!(!files.has_english(), "no English typed, no file");
        second.text_en = "Is that so?".into();
        files.put(Some("zweite"), &second).unwrap();
        let (_, en) = files.texts();
        let en = en.unwrap();
        assert!(en.starts_with(ENGLISH_HEADER), "{en}");
        let english = QuizFiles::parse(&en, None).unwrap();
        assert_eq!(english.ids(), vec!["erste", "zweite", "dritte"]);
        let reread = QuizFiles::parse(GERMAN, Some(&en)).unwrap();
        assert_eq!(form(&reread, "zweite").text_en, "Is that so?");
        assert_eq!(form(&reread, "erste").text_en, "");
    }

    #[test]
    fn a_renamed_question_keeps_its_place_and_english() {
        let mut files = files();
        let mut second = form(&files, "zweite");
        second.id = "zweite-neu".into();
        files.put(Some("zweite"), &second).unwrap();
        assert_eq!(files.ids(), vec!["erste", "zweite-neu", "dritte"]);
        let (de, en) = files.texts();
        let reread = QuizFiles::parse(&de, en.as_deref()).unwrap();
        assert_eq!(form(&reread, "zweite-neu").text_en, "Is that right?");
        assert_eq!(files.put(Some("zweite"), &second), Err(Missing));
    }

    #[test]
    fn a_changed_type_leaves_no_field_of_the_old_one() {
        let mut files = files();
        let mut first = form(&files, "erste");
        first.kind = QuestionType::ShortText;
        first.accepted = vec!["Prüfen".into()];
        first.accepted_en = vec!["check".into()];
        files.put(Some("erste"), &first).unwrap();
        let (de, en) = files.texts();
        assert!(!de.contains("[[questions.options]]"), "{de}");
        assert!(!en.as_deref().unwrap().contains("options"), "{en:?}");
        assert!(de.contains("type = \"short_text\""));
        let reread = QuizFiles::parse(&de, en.as_deref()).unwrap();
        let back = form(&reread, "erste");
        assert_eq!(back.accepted, vec!["Prüfen"]);
        assert_eq!(back.accepted_en, vec!["check"]);
        assert!(back.options.is_empty());
    }

    #[test]
    fn the_first_question_of_an_empty_quiz_comes_after_its_comments() {
        let mut files =
            QuizFiles::parse("pass_mark = 75\ndraw = 10\n# Fragen folgen\n", None).unwrap();
        let mut new = QuestionForm::new(QuestionType::TrueFalse);
        new.id = "a".into();
        new.text = "Wahr?".into();
        new.lesson = "01-x".into();
        new.answer = Some(false);
        files.put(None, &new).unwrap();
        let (de, _) = files.texts();
        assert_eq!(
            de,
            "pass_mark = 75\ndraw = 10\n# Fragen folgen\n\n[[questions]]\nid = \"a\"\ntype = \"true_false\"\ntext = \"Wahr?\"\nlesson = \"01-x\"\nanswer = false\n"
        );
    }

    #[test]
    fn files_that_are_not_toml_or_not_tables_are_refused() {
        assert_eq!(
            QuizFiles::parse("draw = ", None).err(),
            Some(Unreadable::Syntax("quiz.toml"))
        );
        assert_eq!(
            QuizFiles::parse("draw = 1\n", Some("[[questions]\n")).err(),
            Some(Unreadable::Syntax("quiz.en.toml"))
        );
        assert_eq!(
            QuizFiles::parse("draw = 1\nquestions = []\n", None).err(),
            Some(Unreadable::Layout("quiz.toml"))
        );
    }

    #[test]
    fn every_question_knows_its_lines_and_fields() {
        let lines = question_lines(GERMAN, false);
        let ids: Vec<&str> = lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, vec!["erste", "zweite", "dritte"]);
        let line_of =
            |needle: &str| GERMAN.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
        assert_eq!(lines[0].first, line_of("[[questions]]"));
        assert_eq!(lines[0].last, line_of("id = \"zweite\"") - 2);
        assert_eq!(lines[2].last, GERMAN.lines().count());
        assert!(
            lines[0]
                .fields
                .contains(&(line_of("text = \"Was tun"), "text".to_owned()))
        );
        assert!(
            lines[0]
                .fields
                .contains(&(line_of("lesson = \"01-start#los\""), "lesson".to_owned()))
        );
        assert!(lines[0].fields.iter().any(|(_, f)| f == "options-1-text"));
        let english = question_lines(ENGLISH, true);
        assert!(
            english[0]
                .fields
                .iter()
                .any(|(_, f)| f == "options-2-text_en")
        );
        assert!(english[0].fields.iter().any(|(_, f)| f == "text_en"));
        assert!(question_lines("nicht = [toml", false).is_empty());
    }
}
