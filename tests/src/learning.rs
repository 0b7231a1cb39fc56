#![allow(clippy::unwrap_used, clippy::expect_used)]

//! Helpers for tests that take quizzes the way a learner does: over HTTP, through the plain
//! forms, with the right (or wrong) answers read from the curriculum.

use app::content::HasContent;
use app::content::{Question, QuestionKind};
use app::db::quiz_attempt;
use app::quiz::grading::DrawnQuestion;
use sea_orm::EntityTrait;
use uuid::Uuid;

use crate::TestApp;

/// Starts the quiz (or placement test) of a module; returns the attempt id.
pub async fn start(app: &TestApp, client: &reqwest::Client, module: &str, placement: bool) -> Uuid {
    let mut form = vec![("module", module)];
    if placement {
        form.push(("placement", "on"));
    }
    let response = app.call(client, "quiz/start", &form).await;
    assert!(
        response.status().is_success(),
        "start {module}: {}",
        response.status()
    );
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    location
        .trim_start_matches("/quiz/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

pub async fn layout(app: &TestApp, attempt: Uuid) -> (String, Vec<DrawnQuestion>) {
    let row = quiz_attempt::Entity::find_by_id(attempt)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    (row.module_id, serde_json::from_str(&row.layout).unwrap())
}

pub fn question(app: &TestApp, module: &str, drawn: &DrawnQuestion) -> Question {
    app.ctx
        .content()
        .module(module)
        .unwrap()
        .question(&drawn.id)
        .unwrap()
        .clone()
}

/// The form fields of the right answer, as a learner would fill them in.
pub fn right_fields(question: &Question, drawn: &DrawnQuestion) -> Vec<(String, String)> {
    let order = &drawn.order;
    match &question.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => order
            .iter()
            .enumerate()
            .filter(|(_, i)| options[**i].correct)
            .map(|(d, _)| ("choice".to_owned(), d.to_string()))
            .collect(),
        QuestionKind::TrueFalse { answer } => vec![("choice".into(), answer.to_string())],
        QuestionKind::Ordering { .. } => order
            .iter()
            .enumerate()
            .map(|(d, i)| (format!("rank_{d}"), (i + 1).to_string()))
            .collect(),
        QuestionKind::Matching { pairs } => (0..pairs.len())
            .map(|i| {
                let shown = order.iter().position(|p| *p == i).unwrap();
                (format!("match_{i}"), shown.to_string())
            })
            .collect(),
        QuestionKind::ShortText { accepted, .. } => vec![("text".into(), accepted[0].clone())],
        QuestionKind::Numeric { answer, .. } => {
            vec![("text".into(), answer.to_string().replace('.', ","))]
        }
    }
}

/// Answers every question right through the plain form (JavaScript off).
pub async fn answer_all_right(app: &TestApp, client: &reqwest::Client, attempt: Uuid) {
    let (module, drawn) = layout(app, attempt).await;
    for (n, d) in drawn.iter().enumerate() {
        let mut fields = right_fields(&question(app, &module, d), d);
        fields.push(("go".into(), "next".into()));
        let path = format!("/quiz/{attempt}/question/{}", n + 1);
        let response = client
            .post(app.url(&format!("{path}/answer")))
            .header("Origin", &app.address)
            .header("Sec-Fetch-Site", "same-origin")
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "answer {}", n + 1);
    }
}

pub async fn submit(app: &TestApp, client: &reqwest::Client, attempt: Uuid) -> reqwest::Response {
    app.call(client, "quiz/submit", &[("id", &attempt.to_string())])
        .await
}

/// Starts, answers right and submits the quiz of `module`; returns the attempt.
pub async fn pass(app: &TestApp, client: &reqwest::Client, module: &str) -> Uuid {
    let attempt = start(app, client, module, false).await;
    answer_all_right(app, client, attempt).await;
    let response = submit(app, client, attempt).await;
    assert!(
        response.status().is_success(),
        "submit {module}: {}",
        response.status()
    );
    attempt
}
