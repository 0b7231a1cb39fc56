//! The attempt (one question per page, plain forms that save on every step, and with
//! JavaScript a save on every change), the overview with the submission, and the result.

use leptos::either::{Either, EitherOf3, EitherOf7};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    AttemptView, QuestionType, QuestionView, StartAttempt, SubmitAttempt, get_attempt, get_result,
};
use crate::i18n::{I18n, use_i18n};
use crate::learning::ModuleView;
use crate::ui::Protected;
use crate::ui::{ErrorSummary, Notice, action_error, error_message};

fn loading(i18n: I18n) -> impl IntoView {
    view! { <p class="loading">{i18n.t("loading")}</p> }
}

fn deadline_notice(i18n: I18n, attempt: &AttemptView) -> Option<impl IntoView + use<>> {
    attempt.deadline.map(|deadline| {
        let time = crate::i18n::format::time_of_day(i18n.locale, deadline);
        view! { <p class="notice" role="note">{i18n.t_args("quiz-deadline", [("time", time.into())])}</p> }
    })
}

fn saved_positions(saved: &Option<String>) -> Vec<Option<usize>> {
    saved
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.split(',')
                .map(|p| p.trim().parse::<usize>().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The answer controls of one question. Field names are what the server's grading reads.
fn answer_fields(i18n: I18n, q: &QuestionView) -> impl IntoView + use<> {
    let positions = saved_positions(&q.saved);
    match q.kind {
        QuestionType::Single | QuestionType::Multiple => {
            let multiple = q.kind == QuestionType::Multiple;
            let options = q
                .options
                .iter()
                .enumerate()
                .map(|(d, text)| {
                    let id = format!("choice-{d}");
                    let checked = positions.contains(&Some(d));
                    view! {
                        <div class="choice">
                            <input type=if multiple { "checkbox" } else { "radio" } id=id.clone() name="choice" value=d.to_string() checked=checked />
                            <label for=id>{text.clone()}</label>
                        </div>
                    }
                })
                .collect_view();
            EitherOf7::A(view! {
                <fieldset class="question">
                    <legend>{q.text.clone()}</legend>
                    {multiple.then(|| view! { <p class="hint">{i18n.t("quiz-hint-multiple")}</p> })}
                    {options}
                </fieldset>
            })
        }
        QuestionType::TrueFalse => {
            let saved = q.saved.clone().unwrap_or_default();
            EitherOf7::B(view! {
                <fieldset class="question">
                    <legend>{q.text.clone()}</legend>
                    <div class="choice">
                        <input type="radio" id="choice-true" name="choice" value="true" checked=saved == "true" />
                        <label for="choice-true">{i18n.t("quiz-true")}</label>
                    </div>
                    <div class="choice">
                        <input type="radio" id="choice-false" name="choice" value="false" checked=saved == "false" />
                        <label for="choice-false">{i18n.t("quiz-false")}</label>
                    </div>
                </fieldset>
            })
        }
        QuestionType::Ordering => {
            let count = q.items.len();
            let rows = q
                .items
                .iter()
                .enumerate()
                .map(|(d, item)| {
                    let id = format!("rank_{d}");
                    let current = positions.get(d).copied().flatten();
                    let options = (1..=count)
                        .map(|r| view! { <option value=r.to_string() selected=current == Some(r)>{r.to_string()}</option> })
                        .collect_view();
                    view! {
                        <div class="field field-inline">
                            <label for=id.clone()>{item.clone()}</label>
                            <select id=id.clone() name=id>
                                <option value="" selected=current.is_none()>{i18n.t("quiz-choose")}</option>
                                {options}
                            </select>
                        </div>
                    }
                })
                .collect_view();
            EitherOf7::C(view! {
                <fieldset class="question">
                    <legend>{q.text.clone()}</legend>
                    <p class="hint">{i18n.t("quiz-hint-ordering")}</p>
                    {rows}
                </fieldset>
            })
        }
        QuestionType::Matching => {
            let rights = q.rights.clone();
            let rows = q
                .lefts
                .iter()
                .enumerate()
                .map(|(i, left)| {
                    let id = format!("match_{i}");
                    let current = positions.get(i).copied().flatten();
                    let options = rights
                        .iter()
                        .enumerate()
                        .map(|(r, text)| view! { <option value=r.to_string() selected=current == Some(r)>{text.clone()}</option> })
                        .collect_view();
                    view! {
                        <div class="field">
                            <label for=id.clone()>{left.clone()}</label>
                            <select id=id.clone() name=id>
                                <option value="" selected=current.is_none()>{i18n.t("quiz-choose")}</option>
                                {options}
                            </select>
                        </div>
                    }
                })
                .collect_view();
            EitherOf7::D(view! {
                <fieldset class="question">
                    <legend>{q.text.clone()}</legend>
                    <p class="hint">{i18n.t("quiz-hint-matching")}</p>
                    {rows}
                </fieldset>
            })
        }
        QuestionType::ShortText => EitherOf7::E(view! {
            <div class="question">
                <p class="question-text" id="question-text">{q.text.clone()}</p>
                <div class="field">
                    <label for="answer-text">{i18n.t("quiz-your-answer")}</label>
                    <input type="text" id="answer-text" name="text" value=q.saved.clone().unwrap_or_default()
                        autocomplete="off" aria-describedby="question-text" maxlength="200" />
                </div>
            </div>
        }),
        QuestionType::Numeric => EitherOf7::F(view! {
            <div class="question">
                <p class="question-text" id="question-text">{q.text.clone()}</p>
                <div class="field">
                    <label for="answer-text">
                        {i18n.t("quiz-your-number")}
                        {q.unit.clone().map(|u| format!(" ({u})"))}
                    </label>
                    <input type="text" inputmode="decimal" id="answer-text" name="text"
                        value=q.saved.clone().unwrap_or_default() autocomplete="off" aria-describedby="question-text" maxlength="40" />
                </div>
            </div>
        }),
        #[allow(unreachable_patterns)]
        _ => EitherOf7::G(()),
    }
}

#[component]
pub fn QuizQuestionPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("quiz-title") />
        <Protected children=move |_| view! { <QuizQuestion /> } />
    }
}

#[component]
fn QuizQuestion() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        params.with(|p| {
            (
                p.get("id").unwrap_or_default(),
                p.get("position")
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(1),
            )
        })
    };
    let attempt = Resource::new(key, |(id, position)| get_attempt(id, position.max(1)));
    // Only known catalogue keys: the URL must not be able to put arbitrary text on the page.
    let form_error = move || query.with(|q| q.get("error")).filter(|key| i18n.has(key));

    view! {
        <Suspense fallback=move || loading(i18n)>
            {move || Suspend::new(async move {
                match attempt.await {
                    Err(crate::error::AppError::NotFound) => view! { <crate::ui::NotFound /> }.into_any(),
                    Err(err) => view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }.into_any(),
                    Ok(a) if a.submitted => view! {
                        <p class="notice">{i18n.t("quiz-already-submitted")}</p>
                        <p><a href=format!("/quiz/{}/result", a.id)>{i18n.t("attempt-show-result")}</a></p>
                    }.into_any(),
                    Ok(a) => {
                        let (id, position) = key();
                        let Some(question) = a.question.clone() else {
                            return view! { <crate::ui::NotFound /> }.into_any();
                        };
                        let action = format!("/quiz/{}/question/{position}/answer", a.id);
                        let _ = &id;
                        let title = if a.placement { i18n.t("placement-title") } else { i18n.t("quiz-title") };
                        let heading = i18n.t_args("quiz-question-heading", [("position", (position as f64).into()), ("total", (a.total as f64).into())]);
                        let error = form_error();
                        // After "Weiter" a new page loads: the question's heading takes the focus
                        // (no script needed), so a screen reader announces it and the next Tab
                        // reaches the first answer; a refused answer's message takes it instead.
                        let focus_heading = error.is_none();
                        view! {
                            <Title text=format!("{heading} – {title} – {}", a.module_title) />
                            <p class="breadcrumb"><a href=format!("/modules/{}", a.module_id)>{a.module_title.clone()}</a></p>
                            <h1 id="question-heading" tabindex="-1" autofocus=focus_heading>{heading}</h1>
                            {deadline_notice(i18n, &a)}
                            {error.map(|key| view! { <div class="notice notice-error" role="alert" tabindex="-1" autofocus><p>{i18n.t(&key)}</p></div> })}
                            <Autosave>
                                <form method="post" action=action class="stack-form quiz-form"
                                    data-attempt=a.id.to_string() data-position=position>
                                    {answer_fields(i18n, &question)}
                                    <p class="save-status" role="status" aria-live="polite"
                                        data-saved-text=i18n.t("quiz-saved") data-not-saved-text=i18n.t("quiz-not-saved")></p>
                                    <div class="quiz-nav">
                                        {(position > 1).then(|| view! { <button type="submit" name="go" value="previous">{i18n.t("quiz-previous")}</button> })}
                                        {(position < a.total).then(|| view! { <button type="submit" name="go" value="next" class="button-primary">{i18n.t("quiz-next")}</button> })}
                                        <button type="submit" name="go" value="overview" class=if position == a.total { "button-primary" } else { "" }>
                                            {i18n.t("quiz-to-overview")}
                                        </button>
                                    </div>
                                </form>
                            </Autosave>
                            <p class="hint">{i18n.t("quiz-saving-hint")}</p>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The answer form of a question is a plain form post and works without JavaScript. This island
/// (the only part of the quiz that runs in the browser) wraps it and saves every change at once,
/// and typing once the learner pauses, through the `quiz/save` server function, so that a closed
/// tab loses nothing. The form and its texts are rendered on the server: the island has no props
/// and reads what it needs (attempt, position, the status texts) from the form's data attributes,
/// which keeps the browser bundle small.
#[island]
fn Autosave(children: Children) -> impl IntoView {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    view! {
        <div class="autosave" on:change=move |ev| autosave(&ev, None) on:input=move |ev| autosave(&ev, Some(pending))>
            {children()}
        </div>
    }
}

/// Saves the form around the event's target: choices, checkboxes and selects by their change
/// event at once; typing (`debounce` given) once the learner pauses for a moment.
#[allow(unused_variables)]
fn autosave(ev: &leptos::ev::Event, debounce: Option<StoredValue<Option<TimeoutHandle>>>) {
    #[cfg(feature = "hydrate")]
    {
        use crate::ui::dom::{call, get, set, text};
        use wasm_bindgen::JsValue;
        let Some(target) = ev.target().map(JsValue::from) else {
            return;
        };
        // Choices, checkboxes and selects are saved by their change event; typing only here.
        if debounce.is_some() && text(&target, "type") != "text" {
            return;
        }
        // Read the form now: the event's target is only valid while it is dispatched.
        let form = call(&target, "closest", &[&"form.quiz-form".into()]);
        if form.is_null() || form.is_undefined() {
            return;
        }
        let Some(body) = save_request_body(&form) else {
            return;
        };
        let status = call(&form, "querySelector", &[&".save-status".into()]);
        let save = move || {
            leptos::task::spawn_local(async move {
                let saved = post_json("/api/quiz/save", &body).await;
                if !status.is_null() {
                    let key = if saved { "savedText" } else { "notSavedText" };
                    let dataset = get(&status, "dataset");
                    set(&status, "textContent", &get(&dataset, key));
                }
            });
        };
        match debounce {
            None => save(),
            Some(pending) => {
                if let Some(previous) = pending.get_value() {
                    previous.clear();
                }
                let handle = set_timeout_with_handle(save, std::time::Duration::from_millis(700));
                pending.set_value(handle.ok());
            }
        }
    }
}

/// `{"id": …, "position": …, "fields": [[name, value], …]}` for `quiz/save`, built with the
/// browser's own JSON (no serializer in the bundle).
#[cfg(feature = "hydrate")]
fn save_request_body(form: &wasm_bindgen::JsValue) -> Option<String> {
    use crate::ui::dom::{entries, get, set, text};
    let dataset = get(form, "dataset");
    let position: u32 = text(&dataset, "position").parse().ok()?;
    let body = js_sys::Object::new();
    set(&body, "id", &get(&dataset, "attempt"));
    set(&body, "position", &position.into());
    set(
        &body,
        "fields",
        &entries(form, &["submit", "button", "file"]),
    );
    js_sys::JSON::stringify(&body).ok()?.as_string()
}

/// POSTs a JSON body; whether the server answered with success. The request options are a
/// plain object, so the bundle carries no bindings for `Headers` or `RequestInit`.
#[cfg(feature = "hydrate")]
async fn post_json(url: &str, body: &str) -> bool {
    use crate::ui::dom::{get, set};
    use wasm_bindgen::JsCast;
    let headers = js_sys::Object::new();
    set(&headers, "Content-Type", &"application/json".into());
    set(&headers, "Accept", &"application/json".into());
    let init = js_sys::Object::new();
    set(&init, "method", &"POST".into());
    set(&init, "body", &body.into());
    set(&init, "headers", &headers);
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.fetch_with_str_and_init(url, init.unchecked_ref());
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(response) => get(&response, "ok").is_truthy(),
        Err(_) => false,
    }
}

#[component]
pub fn QuizOverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("quiz-overview-title") />
        <Protected children=move |_| view! { <QuizOverview /> } />
    }
}

#[component]
fn QuizOverview() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let attempt = Resource::new(id, |id| get_attempt(id, 0));
    let submit = ServerAction::<SubmitAttempt>::new();
    let submit_error = action_error(submit);

    view! {
        <Suspense fallback=move || loading(i18n)>
            {move || Suspend::new(async move {
                match attempt.await {
                    Err(crate::error::AppError::NotFound) => EitherOf3::A(view! { <crate::ui::NotFound /> }),
                    Err(err) => EitherOf3::B(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(a) => {
                        let answered = a.answered.iter().filter(|x| **x).count();
                        let items = a.answered.iter().enumerate().map(|(p, done)| {
                            let href = format!("/quiz/{}/question/{}", a.id, p + 1);
                            let label = i18n.t_args("quiz-question-heading", [("position", ((p + 1) as f64).into()), ("total", (a.total as f64).into())]);
                            let preview = a.previews.get(p).cloned().unwrap_or_default();
                            view! {
                                <li class:unanswered=!*done>
                                    <a href=href>{label}</a>
                                    " – "
                                    <strong>{if *done { i18n.t("quiz-answered") } else { i18n.t("quiz-unanswered") }}</strong>
                                    <br /><span class="question-preview">{preview}</span>
                                </li>
                            }
                        }).collect_view();
                        let body = if a.submitted {
                            Either::Left(view! {
                                <p class="notice">{i18n.t("quiz-already-submitted")}</p>
                                <p><a href=format!("/quiz/{}/result", a.id)>{i18n.t("attempt-show-result")}</a></p>
                            })
                        } else {
                            Either::Right(view! {
                                {a.german_only.then(|| view! { <p>{i18n.t("quiz-german-only")}</p> })}
                                <p>{i18n.t_args("quiz-answered-count", [("answered", (answered as f64).into()), ("total", (a.total as f64).into())])}</p>
                                <ol class="question-overview">{items}</ol>
                                <ErrorSummary error=submit_error />
                                <ActionForm action=submit attr:class="stack-form">
                                    <input type="hidden" name="id" value=a.id.to_string() />
                                    <p class="hint">{i18n.t("quiz-submit-hint")}</p>
                                    <button type="submit" class="button-primary">{i18n.t("quiz-submit")}</button>
                                </ActionForm>
                            })
                        };
                        EitherOf3::C(view! {
                            <Title text=format!("{} – {}", i18n.t("quiz-overview-title"), a.module_title) />
                            <p class="breadcrumb"><a href=format!("/modules/{}", a.module_id)>{a.module_title.clone()}</a></p>
                            <h1>{i18n.t("quiz-overview-title")}</h1>
                            {deadline_notice(i18n, &a)}
                            {body}
                        })
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn QuizResultPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("result-title") />
        <Protected children=move |_| view! { <QuizResult /> } />
    }
}

#[component]
fn QuizResult() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let result = Resource::new(id, get_result);
    let report = ServerAction::<crate::item_stats::ReportQuestion>::new();

    view! {
        <Suspense fallback=move || loading(i18n)>
            {move || Suspend::new(async move {
                match result.await {
                    Err(crate::error::AppError::NotFound) => EitherOf3::A(view! { <crate::ui::NotFound /> }),
                    Err(err) => EitherOf3::B(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(r) => {
                        let verdict = if r.passed {
                            i18n.t_args("result-passed", [("score", (r.score_percent as f64).into()), ("mark", (r.pass_mark as f64).into())])
                        } else {
                            i18n.t_args("result-failed", [("score", (r.score_percent as f64).into()), ("mark", (r.pass_mark as f64).into())])
                        };
                        let evidence = (!r.evidence.is_empty()).then(|| {
                            let items = r.evidence.iter().map(|c| view! {
                                <li>{i18n.t_args("competence-with-level", [("title", c.title.clone().into()), ("level", (c.level as f64).into())])}{crate::learning::equivalents::notes_view(crate::learning::equivalents::notes_for(i18n, &r.equivalents, &c.id, c.level))}</li>
                            }).collect_view();
                            view! {
                                <section aria-labelledby="result-evidence">
                                    <h2 id="result-evidence">{i18n.t("result-evidence")}</h2>
                                    <ul>{items}</ul>
                                    <p><a href="/evidence">{i18n.t("evidence-title")}</a></p>
                                </section>
                            }
                        });
                        let questions = r.questions.iter().enumerate().map(|(n, q)| {
                            let state = if q.score >= 1.0 {
                                ("result-q-correct", "result-correct")
                            } else if q.score > 0.0 {
                                ("result-q-partial", "result-partly")
                            } else {
                                ("result-q-wrong", "result-wrong")
                            };
                            let yours = if q.your_answer.is_empty() { vec![i18n.t("result-no-answer")] } else { q.your_answer.clone() };
                            view! {
                                <li class=format!("result-question {}", state.0) id=format!("question-{}", q.position)>
                                    <h3>{i18n.t_args("result-question", [("n", ((n + 1) as f64).into())])}" – "{i18n.t(state.1)}</h3>
                                    <p>{q.text.clone()}</p>
                                    <dl class="facts">
                                        <dt>{i18n.t("result-your-answer")}</dt>
                                        <dd><ul class="plain-list">{yours.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul></dd>
                                        {(!q.correct_answer.is_empty()).then(|| view! {
                                            <dt>{i18n.t("result-right-answer")}</dt>
                                            <dd><ul class="plain-list">{q.correct_answer.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul></dd>
                                        })}
                                    </dl>
                                    {q.feedback.iter().map(|f| view! { <p class="feedback">{f.clone()}</p> }).collect_view()}
                                    <p><a href=q.lesson_href.clone()>{i18n.t_args("result-read-again", [("title", q.lesson_title.clone().into())])}</a></p>
                                    <crate::item_stats::pages::ReportQuestionForm action=report attempt=r.id position=q.position />
                                </li>
                            }
                        }).collect_view();
                        let heading = if r.placement { i18n.t("result-title-placement") } else { i18n.t("result-title") };
                        let retry = r.retry_at.map(|at| i18n.t_args("result-retry-at", [("time", crate::i18n::format::when(i18n.locale, at).into())]));
                        EitherOf3::C(view! {
                            <Title text=format!("{heading} – {}", r.module_title) />
                            <p class="breadcrumb"><a href=format!("/modules/{}", r.module_id)>{r.module_title.clone()}</a></p>
                            <h1>{heading}</h1>
                            <div class=if r.passed { "notice notice-success" } else { "notice notice-error" } role="status">
                                <p><strong>{verdict}</strong></p>
                                {retry.map(|text| view! { <p>{text}</p> })}
                                {r.attempts_used.then(|| view! { <p>{i18n.t("quiz-attempts-used")}</p> })}
                                {(!r.answers_shown).then(|| view! { <p>{i18n.t("result-answers-after-pass")}</p> })}
                                <p>{i18n.t_args("result-version", [("version", r.module_version.clone().into())])}</p>
                            </div>
                            {evidence}
                            {r.passed.then(|| view! {
                                <p><a href=format!("/feedback/module/{}", crate::ui::percent_encode(&r.module_id))>{i18n.t("feedback-after-quiz")}</a></p>
                            })}
                            <h2>{i18n.t("result-details")}</h2>
                            {crate::item_stats::pages::report_errors(report)}
                            <ol class="result-list">{questions}</ol>
                            <p><a class="button-link" href=format!("/modules/{}", r.module_id)>{i18n.t("result-back-to-module")}</a></p>
                        })
                    }
                }
            })}
        </Suspense>
    }
}

/// The quiz part of a module's page: the facts, starting or continuing the quiz, the placement
/// test, and the learner's past attempts. The route table hands it to the module page.
pub fn module_quiz(m: &ModuleView) -> AnyView {
    let i18n = use_i18n();
    let start = ServerAction::<StartAttempt>::new();
    let start_error = action_error(start);
    let quiz_text = {
        let mut text = i18n.t_args(
            "quiz-facts",
            [
                ("count", (m.quiz.draw as f64).into()),
                ("mark", (m.quiz.pass_mark as f64).into()),
            ],
        );
        if let Some(limit) = m.quiz.time_limit_minutes {
            text.push(' ');
            text.push_str(&i18n.t_args("quiz-time-limit", [("minutes", (limit as f64).into())]));
        }
        if m.quiz.first_wait_minutes > 0 {
            text.push(' ');
            text.push_str(&i18n.t_args(
                "quiz-policy-wait",
                [("minutes", (m.quiz.first_wait_minutes as f64).into())],
            ));
        }
        if m.quiz.daily_limit > 0 {
            text.push(' ');
            text.push_str(&i18n.t_args(
                "quiz-policy-daily",
                [("count", (m.quiz.daily_limit as f64).into())],
            ));
        }
        text
    };
    let german_only = m
        .quiz
        .german_only
        .then(|| view! { <p>{i18n.t("quiz-german-only")}</p> });
    let passed = m.quiz.passed;
    let start_module = m.id.clone();
    let placement_module = m.id.clone();
    // Why the next attempt has to wait, if it does.
    let wait = match (m.quiz.cooldown_until, m.quiz.daily_limit_until) {
        _ if m.quiz.attempts_used => Some(i18n.t("quiz-attempts-used")),
        (Some(until), _) => Some(i18n.t_args(
            "quiz-cooldown-until",
            [("time", crate::i18n::format::when(i18n.locale, until).into())],
        )),
        (None, Some(until)) => Some(i18n.t_args(
            "quiz-daily-limit-until",
            [("time", crate::i18n::format::when(i18n.locale, until).into())],
        )),
        (None, None) => None,
    };
    let quiz_action = match (m.quiz.open_attempt, wait) {
        (Some(open), _) => EitherOf3::A(view! {
            <p><a class="button-link" href=format!("/quiz/{open}/question/1")>{i18n.t("quiz-continue")}</a></p>
        }),
        (None, Some(text)) => EitherOf3::B(view! {
            <p class="notice">{text}</p>
        }),
        (None, None) => EitherOf3::C(view! {
            <ActionForm action=start attr:class="inline-actions">
                <input type="hidden" name="module" value=start_module />
                <button type="submit" class="button-primary">
                    {if passed { i18n.t("quiz-start-again") } else { i18n.t("quiz-start") }}
                </button>
            </ActionForm>
        }),
    };
    let placement = m.quiz.placement_available.then(|| {
        view! {
            <section aria-labelledby="module-placement">
                <h2 id="module-placement">{i18n.t("placement-title")}</h2>
                <p>{i18n.t("placement-intro")}</p>
                <ActionForm action=start attr:class="inline-actions">
                    <input type="hidden" name="module" value=placement_module />
                    <input type="hidden" name="placement" value="on" />
                    <button type="submit">{i18n.t("placement-start")}</button>
                </ActionForm>
            </section>
        }
    });
    let history = (!m.history.is_empty()).then(|| {
        let rows = m
            .history
            .iter()
            .map(|a| {
                let result = match (a.score_percent, a.passed) {
                    (Some(score), Some(true)) => i18n.t_args("attempt-passed", [("score", (score as f64).into())]),
                    (Some(score), _) => i18n.t_args("attempt-failed", [("score", (score as f64).into())]),
                    _ => i18n.t("attempt-open"),
                };
                let link = a.submitted_at.map(|_| {
                    let href = format!("/quiz/{}/result", a.id);
                    view! { <a href=href>{i18n.t("attempt-show-result")}</a> }
                });
                view! {
                    <tr>
                        <td>{crate::i18n::format::when(i18n.locale, a.started_at)}</td>
                        <td>{if a.placement { i18n.t("attempt-kind-placement") } else { i18n.t("attempt-kind-quiz") }}</td>
                        <td>{result}</td>
                        <td>{a.module_version.clone()}</td>
                        <td>{link}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="module-history">
                <h2 id="module-history">{i18n.t("attempt-history")}</h2>
                <div class="table-scroll" role="region" aria-labelledby="module-history" tabindex="0">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t("attempt-col-date")}</th>
                                <th scope="col">{i18n.t("attempt-col-kind")}</th>
                                <th scope="col">{i18n.t("attempt-col-result")}</th>
                                <th scope="col">{i18n.t("attempt-col-version")}</th>
                                <th scope="col"><span class="visually-hidden">{i18n.t("actions")}</span></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    });
    view! {
        <section aria-labelledby="quiz">
            <h2 id="quiz">{i18n.t("quiz-title")}</h2>
            {m.quiz.passed.then(|| view! { <Notice text=i18n.t("quiz-passed-notice") /> })}
            <p>{quiz_text}</p>
            {german_only}
            <ErrorSummary error=start_error />
            {quiz_action}
        </section>
        {placement}
        {history}
    }
    .into_any()
}
