//! The files as written, before checking. `Spanned` keeps where a value stands, for messages.

use serde::Deserialize;
use toml::Spanned;

use super::Scoring;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub de: String,
    pub en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompetenceFile {
    pub frameworks: Vec<Framework>,
    #[serde(default)]
    pub levels: Vec<Level>,
    pub areas: Vec<Area>,
    pub competences: Vec<Competence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: Spanned<String>,
    pub title: Text,
    pub version: String,
    pub levels: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// The framework whose own scale this level belongs to; without it, the default scale.
    #[serde(default)]
    pub framework: Option<Spanned<String>>,
    pub level: Spanned<u8>,
    pub title: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub framework: Spanned<String>,
    pub id: Spanned<String>,
    pub number: String,
    pub title: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competence {
    pub id: Spanned<String>,
    pub area: Spanned<String>,
    pub title: Text,
    /// A short name for narrow places (the columns of HR's heatmap).
    #[serde(default)]
    pub short: Option<Spanned<Text>>,
    pub description: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleFile {
    pub id: Spanned<String>,
    pub version: Spanned<String>,
    pub title: Text,
    pub summary: Text,
    pub audience: Text,
    pub duration_minutes: u32,
    pub mandatory: bool,
    #[serde(default)]
    pub prerequisites: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub proves: Vec<Proof>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proof {
    pub competence: Spanned<String>,
    pub level: Spanned<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizFile {
    pub pass_mark: Option<Spanned<u8>>,
    pub draw: Spanned<usize>,
    pub time_limit_minutes: Option<u32>,
    pub cooldown_minutes: Option<Spanned<Cooldown>>,
    pub daily_limit: Option<u32>,
    pub max_attempts: Option<u32>,
    pub show_answers: Option<Spanned<String>>,
    #[serde(default)]
    pub multiple_choice_scoring: Scoring,
    #[serde(default)]
    pub questions: Vec<Question>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    #[serde(default)]
    pub scenario: bool,
    pub text: String,
    pub lesson: Spanned<String>,
    pub feedback_correct: Option<String>,
    pub feedback_incorrect: Option<String>,
    #[serde(default)]
    pub options: Vec<Option_>,
    pub answer: Option<toml::Value>,
    pub items: Option<Vec<String>>,
    pub pairs: Option<Vec<Pair>>,
    pub accepted: Option<Vec<String>>,
    pub case_sensitive: Option<bool>,
    pub tolerance: Option<f64>,
    pub unit: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Option_ {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    pub feedback: Option<String>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub left: String,
    pub right: String,
}

/// The wait after a failed attempt: one number for every time, or one per failure.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Cooldown {
    Same(u32),
    Growing(Vec<u32>),
}

/// `quiz.en.toml`: the English texts of a quiz, question by question.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizTranslation {
    #[serde(default)]
    pub questions: Vec<QuestionTranslation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionTranslation {
    pub id: Spanned<String>,
    pub text: String,
    pub feedback_correct: Option<String>,
    pub feedback_incorrect: Option<String>,
    #[serde(default)]
    pub options: Vec<OptionTranslation>,
    pub items: Option<Vec<String>>,
    pub pairs: Option<Vec<Pair>>,
    pub accepted: Option<Vec<String>>,
    pub unit: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionTranslation {
    pub text: String,
    pub feedback: Option<String>,
}
