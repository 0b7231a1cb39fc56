//! Catalogue, module page, lesson reader and the learner's evidence.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::equivalents::{notes_for, notes_view};
use super::{
    CatalogueEntry, MarkLessonRead, ModuleView, QuizPart, get_catalogue, get_evidence, get_lesson,
    get_module,
};
use crate::i18n::{I18n, use_i18n};
use crate::ui::Protected;
use crate::ui::{ErrorSummary, Notice, action_error, error_message};

fn loading(i18n: I18n) -> impl IntoView {
    view! { <p class="loading">{i18n.t("loading")}</p> }
}

/// A progress bar with its value also in words, for screen readers and for everyone.
#[component]
pub fn Progress(done: usize, total: usize, #[prop(into)] label: String) -> impl IntoView {
    let percent = (done * 100).checked_div(total).unwrap_or(0);
    view! {
        <div class="progress">
            <progress max=total.to_string() value=done.to_string() aria-label=label.clone()>{format!("{percent} %")}</progress>
            <span class="progress-text">{label}</span>
        </div>
    }
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("catalogue-title") />
        <Protected children=move |_| view! { <Catalogue /> } />
    }
}

#[component]
fn Catalogue() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let competence = move || query.with(|q| q.get("competence")).unwrap_or_default();
    let kind = move || query.with(|q| q.get("kind")).unwrap_or_default();
    let catalogue = Resource::new(
        move || (competence(), kind()),
        |(c, k)| get_catalogue(Some(c), Some(k)),
    );

    view! {
        <h1>{i18n.t("catalogue-title")}</h1>
        <p>{i18n.t("catalogue-intro")}</p>
        <Suspense fallback=move || loading(i18n)>
            {move || Suspend::new(async move {
                match catalogue.await {
                    Err(err) => Either::Left(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(data) => {
                        let selected_competence = competence();
                        let selected_kind = kind();
                        let competence_options = data.competences.iter().map(|(id, title)| {
                            view! { <option value=id.clone() selected=*id == selected_competence>{title.clone()}</option> }
                        }).collect_view();
                        let kind_options = [("", "catalogue-kind-all"), ("mandatory", "catalogue-kind-mandatory"), ("elective", "catalogue-kind-elective")]
                            .into_iter()
                            .map(|(value, key)| view! { <option value=value selected=selected_kind == value>{i18n.t(key)}</option> })
                            .collect_view();
                        let count = data.entries.len();
                        let cards = data.entries.into_iter().map(|entry| view! { <ModuleCard entry /> }).collect_view();
                        Either::Right(view! {
                            <form method="get" action="/learn" class="filter-form" role="search">
                                <div class="field">
                                    <label for="filter-competence">{i18n.t("catalogue-filter-competence")}</label>
                                    <select id="filter-competence" name="competence">
                                        <option value="">{i18n.t("catalogue-all-competences")}</option>
                                        {competence_options}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="filter-kind">{i18n.t("catalogue-filter-kind")}</label>
                                    <select id="filter-kind" name="kind">{kind_options}</select>
                                </div>
                                <button type="submit">{i18n.t("filter")}</button>
                            </form>
                            <p role="status">{i18n.t_args("catalogue-count", [("count", (count as f64).into())])}</p>
                            <ul class="cards module-list">{cards}</ul>
                        })
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn ModuleCard(entry: CatalogueEntry) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/modules/{}", entry.id);
    let progress_label = i18n.t_args(
        "catalogue-progress",
        [
            ("read", (entry.lessons_read as f64).into()),
            ("total", (entry.lessons_total as f64).into()),
        ],
    );
    let competences = entry
        .competences
        .iter()
        .map(|c| view! { <li>{i18n.t_args("competence-with-level", [("title", c.title.clone().into()), ("level", (c.level as f64).into())])}{notes_view(notes_for(i18n, &entry.equivalents, &c.id, c.level))}</li> })
        .collect_view();
    view! {
        <li class="card module-card">
            <h2><a href=href>{entry.title.clone()}</a></h2>
            <p class="tags">
                <span class=if entry.mandatory { "tag tag-mandatory" } else { "tag" }>
                    {if entry.mandatory { i18n.t("module-mandatory") } else { i18n.t("module-elective") }}
                </span>
                " "
                <span class="tag">{i18n.t_args("module-duration", [("minutes", (entry.duration_minutes as f64).into())])}</span>
                {entry.passed.then(|| view! { " " <span class="tag tag-passed">{i18n.t("module-passed")}</span> })}
            </p>
            <p>{entry.summary.clone()}</p>
            <Progress done=entry.lessons_read total=entry.lessons_total label=progress_label />
            <details>
                <summary>{i18n.t("module-competences")}</summary>
                <ul>{competences}</ul>
            </details>
        </li>
    }
}

#[component]
pub fn ModulePage(
    /// The quiz part of the page: start, placement test, past attempts (the quiz feature's).
    quiz: QuizPart,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Protected children=move |_| view! { <Module quiz /> } />
        <Title text=i18n.t("module-title") />
    }
}

#[component]
fn Module(quiz: QuizPart) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let module = Resource::new(id, get_module);
    let lessons_done = move || query.with(|q| q.get("lessons_done").is_some());

    view! {
        <p><a href="/learn">{i18n.t("catalogue-back")}</a></p>
        <Suspense fallback=move || loading(i18n)>
            {move || Suspend::new(async move {
                match module.await {
                    Err(crate::error::AppError::NotFound) => EitherOf3::A(view! { <crate::ui::NotFound /> }),
                    Err(err) => EitherOf3::B(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(m) => EitherOf3::C(module_view(i18n, m, quiz, lessons_done())),
                }
            })}
        </Suspense>
    }
}

fn module_view(i18n: I18n, m: ModuleView, quiz: QuizPart, lessons_done: bool) -> impl IntoView {
    let read = m.lessons.iter().filter(|l| l.read).count();
    let total = m.lessons.len();
    let lessons = m
        .lessons
        .iter()
        .map(|l| {
            let href = format!("/modules/{}/lessons/{}", m.id, l.slug);
            view! {
                <li>
                    <a href=href>{l.title.clone()}</a>
                    {l.read.then(|| view! { " " <span class="tag tag-passed">{i18n.t("lesson-read")}</span> })}
                    {l.german_only.then(|| view! { " " <span class="tag" lang="de">{i18n.t("lesson-german-only-tag")}</span> })}
                </li>
            }
        })
        .collect_view();
    let resume = match (&m.resume, read) {
        (Some(slug), 0) => Some((
            format!("/modules/{}/lessons/{slug}", m.id),
            i18n.t("module-start-reading"),
        )),
        (Some(slug), _) => Some((
            format!("/modules/{}/lessons/{slug}", m.id),
            i18n.t("module-resume"),
        )),
        (None, _) => None,
    };
    let competences = m
        .competences
        .iter()
        .map(|c| view! { <li>{i18n.t_args("competence-with-level", [("title", c.title.clone().into()), ("level", (c.level as f64).into())])}{notes_view(notes_for(i18n, &m.equivalents, &c.id, c.level))}</li> })
        .collect_view();
    let prerequisites = (!m.prerequisites.is_empty()).then(|| {
        let items = m
            .prerequisites
            .iter()
            .map(|p| {
                let href = format!("/modules/{}", p.id);
                view! {
                    <li>
                        <a href=href>{p.title.clone()}</a>
                        " "
                        {if p.passed { view! { <span class="tag tag-passed">{i18n.t("module-passed")}</span> }.into_any() } else { view! { <span class="tag">{i18n.t("module-not-passed")}</span> }.into_any() }}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="module-prerequisites">
                <h2 id="module-prerequisites">{i18n.t("module-prerequisites")}</h2>
                <p>{i18n.t("module-prerequisites-hint")}</p>
                <ul>{items}</ul>
            </section>
        }
    });
    let quiz_part = quiz(&m);
    let progress_label = i18n.t_args(
        "catalogue-progress",
        [
            ("read", (read as f64).into()),
            ("total", (total as f64).into()),
        ],
    );

    view! {
        <Title text=m.title.clone() />
        <h1>{m.title.clone()}</h1>
        {lessons_done.then(|| view! { <Notice text=i18n.t("module-lessons-done") /> })}
        <p class="lead">{m.summary.clone()}</p>
        <dl class="facts">
            <dt>{i18n.t("module-audience")}</dt>
            <dd>{m.audience.clone()}</dd>
            <dt>{i18n.t("module-kind")}</dt>
            <dd>{if m.mandatory { i18n.t("module-mandatory") } else { i18n.t("module-elective") }}</dd>
            <dt>{i18n.t("module-duration-label")}</dt>
            <dd>{i18n.t_args("module-duration", [("minutes", (m.duration_minutes as f64).into())])}</dd>
            <dt>{i18n.t("module-version")}</dt>
            <dd>{m.version.clone()}</dd>
        </dl>
        <section aria-labelledby="module-competences">
            <h2 id="module-competences">{i18n.t("module-competences")}</h2>
            <ul>{competences}</ul>
        </section>
        {prerequisites}
        <section aria-labelledby="module-lessons">
            <h2 id="module-lessons">{i18n.t("module-lessons")}</h2>
            <Progress done=read total=total label=progress_label />
            <ol class="lesson-list">{lessons}</ol>
            {resume.map(|(href, label)| view! { <p><a class="button-link" href=href>{label}</a></p> })}
        </section>
        {quiz_part}
    }
}

#[component]
pub fn LessonPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Protected children=move |_| view! { <Lesson /> } />
        <Title text=i18n.t("lesson-title") />
    }
}

#[component]
fn Lesson() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || {
        params.with(|p| {
            (
                p.get("id").unwrap_or_default(),
                p.get("slug").unwrap_or_default(),
            )
        })
    };
    let lesson = Resource::new(key, |(module, slug)| get_lesson(module, slug));
    let mark = ServerAction::<MarkLessonRead>::new();
    let mark_error = action_error(mark);

    view! {
        <Suspense fallback=move || loading(i18n)>
            {move || Suspend::new(async move {
                match lesson.await {
                    Err(crate::error::AppError::NotFound) => EitherOf3::A(view! { <crate::ui::NotFound /> }),
                    Err(err) => EitherOf3::B(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(l) => {
                        let module_href = format!("/modules/{}", l.module_id);
                        let continue_label = match &l.next {
                            Some((_, title)) => i18n.t_args("lesson-read-next", [("title", title.clone().into())]),
                            None => i18n.t("lesson-read-finish"),
                        };
                        let previous = l.previous.as_ref().map(|(slug, title)| {
                            let href = format!("/modules/{}/lessons/{slug}", l.module_id);
                            view! { <a href=href rel="prev" class="lesson-previous">{i18n.t_args("lesson-previous", [("title", title.clone().into())])}</a> }
                        });
                        EitherOf3::C(view! {
                            <Title text=format!("{} – {}", l.title, l.module_title) />
                            <nav aria-label=i18n.t("breadcrumb") class="breadcrumb">
                                <a href=module_href>{l.module_title.clone()}</a>
                            </nav>
                            <p class="lesson-position">{i18n.t_args("lesson-position", [("position", (l.position as f64).into()), ("total", (l.total as f64).into())])}</p>
                            <h1>{l.title.clone()}</h1>
                            {l.german_only.then(|| view! { <p class="notice" role="note">{i18n.t("lesson-german-only")}</p> })}
                            <article class="lesson-body" lang=if l.german_only { Some("de") } else { None } inner_html=l.html.clone()></article>
                            <crate::knowledge::pages::LessonArticles module=l.module_id.clone() />
                            <ErrorSummary error=mark_error />
                            <nav class="lesson-nav" aria-label=i18n.t("lesson-navigation")>
                                {previous}
                                <ActionForm action=mark attr:class="inline-actions">
                                    <input type="hidden" name="module" value=l.module_id.clone() />
                                    <input type="hidden" name="slug" value=l.slug.clone() />
                                    <button type="submit" class="button-primary">{continue_label}</button>
                                </ActionForm>
                            </nav>
                        })
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EvidencePage(
    /// The learner's own targets, shown above the evidence (the reports feature's).
    #[prop(into)]
    targets: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("evidence-title") />
        <Protected children=move |_| view! { <Evidence targets=targets.clone() /> } />
    }
}

#[component]
fn Evidence(targets: ViewFn) -> impl IntoView {
    let i18n = use_i18n();
    let evidence = Resource::new(|| (), |_| get_evidence());
    view! {
        <h1>{i18n.t("evidence-title")}</h1>
        <p>{i18n.t("evidence-intro")}</p>
        {targets.run()}
        <h2>{i18n.t("evidence-list-title")}</h2>
        <Suspense fallback=move || loading(i18n)>
            {move || Suspend::new(async move {
                match evidence.await {
                    Err(err) => EitherOf3::A(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(list) if list.is_empty() => EitherOf3::B(view! {
                        <p>{i18n.t("evidence-empty")}</p>
                        <p><a href="/learn">{i18n.t("catalogue-title")}</a></p>
                    }),
                    Ok(list) => {
                        let label = |key: &str| i18n.t(key);
                        let (l_level, l_module, l_version, l_date) = (
                            label("evidence-col-level"),
                            label("evidence-col-module"),
                            label("evidence-col-version"),
                            label("evidence-col-date"),
                        );
                        let rows = list.into_iter().map(|e| {
                            let version = match &e.current_version {
                                Some(current) => i18n.t_args("evidence-version-older", [("version", e.module_version.clone().into()), ("current", current.clone().into())]),
                                None => e.module_version.clone(),
                            };
                            view! {
                                <tr>
                                    <th scope="row">{e.competence.clone()}<span class="subtle">{format!(" ({})", e.area)}</span>{notes_view(e.equivalents.iter().map(|q| super::equivalents::note(i18n, q)).collect())}</th>
                                    <td data-label=l_level.clone()>{i18n.t_args("evidence-level", [("level", (e.level as f64).into()), ("title", e.level_title.clone().into())])}</td>
                                    <td data-label=l_module.clone()>{e.module_title.clone()}</td>
                                    <td data-label=l_version.clone()>{version}</td>
                                    <td data-label=l_date.clone()>{crate::i18n::format::when(i18n.locale, e.achieved_at)}</td>
                                </tr>
                            }
                        }).collect_view();
                        EitherOf3::C(view! {
                            <div class="table-scroll" role="region" aria-labelledby="evidence-caption" tabindex="0">
                                <table class="stack-on-phone">
                                    <caption id="evidence-caption">{i18n.t("evidence-caption")}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{i18n.t("evidence-col-competence")}</th>
                                            <th scope="col">{i18n.t("evidence-col-level")}</th>
                                            <th scope="col">{i18n.t("evidence-col-module")}</th>
                                            <th scope="col">{i18n.t("evidence-col-version")}</th>
                                            <th scope="col">{i18n.t("evidence-col-date")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        })
                    }
                }
            })}
        </Suspense>
    }
}
