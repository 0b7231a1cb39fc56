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

/// A problem in a content file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

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
    pub text: String,
    /// Lesson slug and section anchor that teach this question.
    pub lesson: String,
    pub anchor: Option<String>,
    pub feedback_correct: Option<String>,
    pub feedback_incorrect: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Quiz {
    pub pass_mark: u8,
    pub draw: usize,
    pub time_limit_minutes: Option<u32>,
    pub cooldown_minutes: u32,
    pub scoring: Scoring,
    pub questions: Vec<Question>,
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

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.quiz.questions.iter().find(|q| q.id == id)
    }
}

/// The loaded, checked curriculum.
#[derive(Clone, Debug, Default)]
pub struct ContentStore {
    pub frameworks: Vec<Framework>,
    pub areas: Vec<Area>,
    pub competences: Vec<Competence>,
    /// Level number → title.
    pub levels: BTreeMap<u8, Text>,
    /// In catalogue order: mandatory first, then by title.
    pub modules: Vec<Arc<Module>>,
    /// Levels, validity and issuer of the Digitaler Führerschein (`certificates.toml`).
    pub certificates: certificates::CertificateRules,
    /// Job families and the competences expected of them (`target-profiles.toml`).
    pub profiles: profiles::TargetProfiles,
}

impl ContentStore {
    pub fn module(&self, id: &str) -> Option<&Arc<Module>> {
        self.modules.iter().find(|m| m.id == id)
    }

    pub fn competence(&self, id: &str) -> Option<&Competence> {
        self.competences.iter().find(|c| c.id == id)
    }
}
