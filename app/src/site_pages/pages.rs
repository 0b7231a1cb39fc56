//! The public pages (statement, "Barriere melden", Impressum, Datenschutzerklärung) and the
//! administrators' pages (the statement's values and the texts; the reported barriers).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    AnswerBarrierReport, BarrierReportView, Conformity, LegalPage, LegalPageEdit, LegalPageView,
    PublicStatement, ReportBarrier, SaveLegalPage, SaveStatement, SitePagesOverview,
    barrier_reports, get_legal_page, get_statement, site_pages_admin,
};
use crate::auth::Role;
use crate::i18n::{Locale, format, use_i18n};
use crate::ui::{
    ErrorSummary, NotFound, Notice, Protected, TextArea, TextField, action_error, await_view,
    use_session,
};

/// Rendered Markdown in the visit's language; the German text, marked as German, where there
/// is no English one.
fn markdown_block(
    class: &'static str,
    locale: Locale,
    html_de: String,
    html_en: Option<String>,
) -> impl IntoView {
    let (html, german_only) = match (locale, html_en) {
        (Locale::En, Some(en)) => (en, false),
        (Locale::En, None) => (html_de, true),
        (Locale::De, _) => (html_de, false),
    };
    view! { <div class=class lang=german_only.then_some("de") inner_html=html></div> }
}

#[component]
pub fn StatementPage() -> impl IntoView {
    let i18n = use_i18n();
    let statement = Resource::new(|| (), |_| get_statement());
    view! {
        <Title text=i18n.t("a11y-title") />
        <h1>{i18n.t("a11y-title")}</h1>
        {await_view(statement, move |s: PublicStatement| view! { <StatementView statement=s /> })}
    }
}

#[component]
fn StatementView(statement: PublicStatement) -> impl IntoView {
    let i18n = use_i18n();
    let s = statement.settings;
    let days = s.answer_days;
    let address_lines = s
        .enforcement_address
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| view! { {l.trim().to_owned()}<br /> })
        .collect_view();
    let contact_email = (!s.contact_email.is_empty()).then(|| {
        let href = format!("mailto:{}", s.contact_email);
        view! { <li>{i18n.t("a11y-contact-email")}": "<a href=href>{s.contact_email.clone()}</a></li> }
    });
    let contact_phone = (!s.contact_phone.is_empty()).then(|| {
        let href = format!(
            "tel:{}",
            s.contact_phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect::<String>()
        );
        view! { <li>{i18n.t("a11y-contact-phone")}": "<a href=href>{s.contact_phone.clone()}</a></li> }
    });
    view! {
        <p>{i18n.t_args("a11y-intro", [
            ("organisation", statement.organisation_name.clone().into()),
            ("address", statement.base_url.clone().into()),
        ])}</p>
        <section aria-labelledby="a11y-status">
            <h2 id="a11y-status">{i18n.t("a11y-status")}</h2>
            <p>{i18n.t(s.conformity.sentence_key())}</p>
            <p>{i18n.t("a11y-standards")}</p>
        </section>
        <section aria-labelledby="a11y-barriers">
            <h2 id="a11y-barriers">{i18n.t("a11y-non-accessible")}</h2>
            <p>{i18n.t("a11y-non-accessible-intro")}</p>
            {markdown_block("prose", i18n.locale, statement.non_accessible_html_de.clone(), statement.non_accessible_html_en.clone())}
        </section>
        <section aria-labelledby="a11y-preparation">
            <h2 id="a11y-preparation">{i18n.t("a11y-preparation")}</h2>
            <p>{i18n.t_args("a11y-prepared", [
                ("prepared", format::date(i18n.locale, s.prepared_on).into()),
                ("reviewed", format::date(i18n.locale, s.reviewed_on).into()),
            ])}</p>
            <p>{i18n.t("a11y-method")}</p>
        </section>
        <section aria-labelledby="a11y-feedback">
            <h2 id="a11y-feedback">{i18n.t("a11y-feedback")}</h2>
            <p>{i18n.t_args("a11y-feedback-text", [("days", days.into())])}</p>
            <ul>
                <li><a href="/barriere-melden">{i18n.t("a11y-report-link")}</a></li>
                {contact_email}
                {contact_phone}
            </ul>
        </section>
        <section aria-labelledby="a11y-enforcement">
            <h2 id="a11y-enforcement">{i18n.t("a11y-enforcement")}</h2>
            <p>{i18n.t_args("a11y-enforcement-text", [("days", days.into())])}</p>
            <address>
                {s.enforcement_name.clone()}<br />
                {address_lines}
                <a href=s.enforcement_url.clone()>{s.enforcement_url.clone()}</a>
            </address>
        </section>
    }
}

#[component]
pub fn ReportBarrierPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let session = use_session();
    let report = ServerAction::<ReportBarrier>::new();
    let error = action_error(report);
    // The page the footer's link was followed from, if it is a path of this site.
    let page = query.with_untracked(|q| {
        q.get("page")
            .filter(|p| p.starts_with('/') && p.chars().count() <= super::MAX_PAGE)
            .unwrap_or_default()
    });
    let logged_in = session.with_untracked(|s| s.user.is_some());
    view! {
        <Title text=i18n.t("barrier-report-title") />
        <h1>{i18n.t("barrier-report-title")}</h1>
        {move || query.with(|q| q.get("sent").is_some()).then(|| view! { <Notice text=i18n.t("barrier-report-sent") /> })}
        <p>{i18n.t("barrier-report-intro")}</p>
        <ErrorSummary error />
        <ActionForm action=report attr:class="stack-form">
            <TextField name="page" label=i18n.t("barrier-report-page") hint=i18n.t("barrier-report-page-hint") value=page required=true error />
            <TextArea name="problem" label=i18n.t("barrier-report-problem") hint=i18n.t("barrier-report-problem-hint") required=true error />
            {if logged_in {
                view! { <p>{i18n.t("barrier-report-answer-account")}</p> }.into_any()
            } else {
                view! {
                    <TextField name="email" kind="email" autocomplete="email" label=i18n.t("barrier-report-email") hint=i18n.t("barrier-report-email-hint") error />
                }.into_any()
            }}
            <button type="submit" class="button-primary">{i18n.t("barrier-report-submit")}</button>
        </ActionForm>
        <p><a href="/barrierefreiheit">{i18n.t("a11y-title")}</a></p>
    }
}

#[component]
pub fn ImprintPage() -> impl IntoView {
    view! { <LegalPageRoute page=LegalPage::Imprint /> }
}

#[component]
pub fn PrivacyNoticePage() -> impl IntoView {
    view! { <LegalPageRoute page=LegalPage::Privacy /> }
}

#[component]
fn LegalPageRoute(page: LegalPage) -> impl IntoView {
    let i18n = use_i18n();
    let text = Resource::new(move || page, |p| get_legal_page(p.key().to_owned()));
    view! {
        <Title text=i18n.t(page.title_key()) />
        <h1>{i18n.t(page.title_key())}</h1>
        {await_view(text, move |v: LegalPageView| {
            let updated = v.updated_at.map(|at| view! {
                <p class="hint">{i18n.t_args("site-page-updated", [("date", format::when(i18n.locale, at).into())])}</p>
            });
            view! {
                {markdown_block("prose legal-text", i18n.locale, v.html_de, v.html_en)}
                {updated}
            }
        })}
    }
}

#[component]
pub fn AdminSitePagesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("site-admin-title") />
        <Protected roles=&[Role::Admin] children=move |_| view! { <AdminSitePagesView /> } />
    }
}

#[component]
fn AdminSitePagesView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(|| (), |_| site_pages_admin());
    view! {
        <h1>{i18n.t("site-admin-title")}</h1>
        <p>{i18n.t("site-admin-intro")}</p>
        {move || query.with(|q| q.get("saved").is_some()).then(|| view! { <Notice text=i18n.t("site-admin-saved") /> })}
        {await_view(data, move |d: SitePagesOverview| view! { <AdminOverview data=d /> })}
    }
}

#[component]
fn AdminOverview(data: SitePagesOverview) -> impl IntoView {
    let i18n = use_i18n();
    let pages = data
        .pages
        .iter()
        .map(|p| {
            let href = format!("/admin/site-pages/{}", p.page.key());
            let state = match p.updated_at {
                Some(at) => i18n.t_args(
                    "site-admin-changed",
                    [
                        ("date", format::when(i18n.locale, at).into()),
                        (
                            "who",
                            p.updated_by.clone().unwrap_or_else(|| "–".into()).into(),
                        ),
                    ],
                ),
                None => i18n.t("site-admin-default"),
            };
            let draft = p
                .preview_de
                .is_some()
                .then(|| i18n.t("site-admin-has-draft"));
            view! {
                <li>
                    <a href=href>{i18n.t(p.page.title_key())}</a>
                    {" – "}{state}{draft.map(|d| format!(" {d}"))}
                    {" · "}<a href=p.page.path()>{i18n.t("site-admin-view-public")}</a>
                </li>
            }
        })
        .collect_view();
    let reports = i18n.t_args(
        "site-admin-reports",
        [
            ("open", data.open_reports.into()),
            ("overdue", data.overdue_reports.into()),
        ],
    );
    view! {
        <section aria-labelledby="site-admin-reports">
            <h2 id="site-admin-reports">{i18n.t("barrier-admin-title")}</h2>
            <p>{reports}" "<a href="/admin/barriers">{i18n.t("site-admin-to-reports")}</a></p>
        </section>
        <section aria-labelledby="site-admin-texts">
            <h2 id="site-admin-texts">{i18n.t("site-admin-texts")}</h2>
            <ul>{pages}</ul>
        </section>
        <section aria-labelledby="statement-title" id="statement">
            <h2 id="statement-title">{i18n.t("a11y-title")}</h2>
            <p>
                {match (data.statement.updated_at, data.statement_updated_by.clone()) {
                    (Some(at), who) => i18n.t_args("site-admin-changed", [
                        ("date", format::when(i18n.locale, at).into()),
                        ("who", who.unwrap_or_else(|| "–".into()).into()),
                    ]),
                    (None, _) => i18n.t("site-admin-default"),
                }}
                " "<a href="/barrierefreiheit">{i18n.t("site-admin-view-public")}</a>
            </p>
            <StatementForm settings=data.statement />
        </section>
    }
}

#[component]
fn StatementForm(settings: super::StatementSettings) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveStatement>::new();
    let error = action_error(save);
    let conformity_invalid = move || {
        error
            .get()
            .is_some_and(|e| e.field_errors().iter().any(|f| f.field == "conformity"))
            .then_some("true")
    };
    let options = Conformity::ALL
        .into_iter()
        .map(|c| view! { <option value=c.as_str() selected=c == settings.conformity>{i18n.t(c.label_key())}</option> })
        .collect_view();
    view! {
        <ErrorSummary error />
        <ActionForm action=save attr:class="stack-form">
            <div class="field">
                <label for="field-conformity">{i18n.t("a11y-field-conformity")}</label>
                <select id="field-conformity" name="conformity" aria-invalid=conformity_invalid>{options}</select>
            </div>
            <TextArea name="non_accessible_de" label=i18n.t("a11y-field-non-accessible-de") hint=i18n.t("site-admin-markdown-hint") value=settings.non_accessible_de.clone() required=true error />
            <TextArea name="non_accessible_en" label=i18n.t("a11y-field-non-accessible-en") hint=i18n.t("site-admin-english-hint") value=settings.non_accessible_en.clone() error />
            <TextField name="prepared_on" kind="date" label=i18n.t("a11y-field-prepared") value=settings.prepared_on.format("%Y-%m-%d").to_string() required=true error />
            <TextField name="reviewed_on" kind="date" label=i18n.t("a11y-field-reviewed") value=settings.reviewed_on.format("%Y-%m-%d").to_string() required=true error />
            <TextField name="contact_email" kind="email" label=i18n.t("a11y-field-contact-email") hint=i18n.t("a11y-field-contact-hint") value=settings.contact_email.clone() error />
            <TextField name="contact_phone" kind="tel" label=i18n.t("a11y-field-contact-phone") value=settings.contact_phone.clone() error />
            <TextField name="answer_days" kind="number" label=i18n.t("a11y-field-answer-days") hint=i18n.t("a11y-field-answer-days-hint") value=settings.answer_days.to_string() required=true error />
            <TextField name="enforcement_name" label=i18n.t("a11y-field-enforcement-name") hint=i18n.t("a11y-field-enforcement-hint") value=settings.enforcement_name.clone() required=true error />
            <TextArea name="enforcement_address" label=i18n.t("a11y-field-enforcement-address") value=settings.enforcement_address.clone() error />
            <TextField name="enforcement_url" kind="url" label=i18n.t("a11y-field-enforcement-url") value=settings.enforcement_url.clone() required=true error />
            <button type="submit" class="button-primary">{i18n.t("site-admin-save-statement")}</button>
        </ActionForm>
    }
}

#[component]
pub fn AdminLegalPageEditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("site-admin-title") />
        <Protected roles=&[Role::Admin] children=move |_| view! { <AdminLegalPageEdit /> } />
    }
}

#[component]
fn AdminLegalPageEdit() -> impl IntoView {
    let params = use_params_map();
    let Some(page) = params.with_untracked(|p| p.get("page").and_then(|k| LegalPage::parse(&k)))
    else {
        return view! { <NotFound /> }.into_any();
    };
    let data = Resource::new(|| (), |_| site_pages_admin());
    await_view(data, move |d: SitePagesOverview| {
        d.pages
            .into_iter()
            .find(|p| p.page == page)
            .map(|edit| view! { <LegalPageForm edit /> })
    })
    .into_any()
}

#[component]
fn LegalPageForm(edit: LegalPageEdit) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let save = ServerAction::<SaveLegalPage>::new();
    let error = action_error(save);
    let page = edit.page;
    let notice = move || {
        query.with(|q| {
            if q.get("saved").is_some() {
                Some(i18n.t("site-admin-published"))
            } else if q.get("previewed").is_some() {
                Some(i18n.t("site-admin-previewed"))
            } else if q.get("discarded").is_some() {
                Some(i18n.t("site-admin-discarded"))
            } else {
                None
            }
        })
    };
    let preview = edit.preview_de.clone().map(|de| {
        view! {
            <section aria-labelledby="preview-title" class="card">
                <h2 id="preview-title">{i18n.t("site-admin-preview")}</h2>
                <p class="hint">{i18n.t("site-admin-preview-hint")}</p>
                <h3>{i18n.t("site-admin-german")}</h3>
                <div class="prose" lang="de" inner_html=de></div>
                {edit.preview_en.clone().map(|en| view! {
                    <h3>{i18n.t("site-admin-english")}</h3>
                    <div class="prose" lang="en" inner_html=en></div>
                })}
            </section>
        }
    });
    view! {
        <h1>{i18n.t(page.title_key())}</h1>
        <p><a href="/admin/site-pages">{i18n.t("site-admin-back")}</a>{" · "}<a href=page.path()>{i18n.t("site-admin-view-public")}</a></p>
        {move || notice().map(|text| view! { <Notice text /> })}
        <p>{i18n.t("site-admin-placeholder-hint")}</p>
        {preview}
        <ErrorSummary error />
        <ActionForm action=save attr:class="stack-form">
            <input type="hidden" name="page" value=page.key() />
            <TextArea name="body_de" label=i18n.t("site-admin-text-de") hint=i18n.t("site-admin-markdown-hint") value=edit.text_de.clone() required=true error />
            <TextArea name="body_en" label=i18n.t("site-admin-text-en") hint=i18n.t("site-admin-english-hint") value=edit.text_en.clone() error />
            <div class="button-row">
                <button type="submit" name="step" value="preview">{i18n.t("site-admin-preview-button")}</button>
                <button type="submit" name="step" value="publish" class="button-primary">{i18n.t("site-admin-publish")}</button>
                {edit.preview_de.is_some().then(|| view! {
                    <button type="submit" name="step" value="discard">{i18n.t("site-admin-discard")}</button>
                })}
            </div>
        </ActionForm>
    }
}

#[component]
pub fn AdminBarriersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("barrier-admin-title") />
        <Protected roles=&[Role::Admin] children=move |_| view! { <AdminBarriersView /> } />
    }
}

#[component]
fn AdminBarriersView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let reports = Resource::new(|| (), |_| barrier_reports());
    let answer = ServerAction::<AnswerBarrierReport>::new();
    let error = action_error(answer);
    view! {
        <h1>{i18n.t("barrier-admin-title")}</h1>
        <p>{i18n.t("barrier-admin-intro")}</p>
        {move || query.with(|q| q.get("answered").is_some()).then(|| view! { <Notice text=i18n.t("barrier-admin-answered") /> })}
        <ErrorSummary error />
        {await_view(reports, move |list: Vec<BarrierReportView>| {
            if list.is_empty() {
                return view! { <p>{i18n.t("barrier-admin-none")}</p> }.into_any();
            }
            list.into_iter().map(|r| view! { <ReportCard report=r action=answer /> }).collect_view().into_any()
        })}
    }
}

#[component]
fn ReportCard(
    report: BarrierReportView,
    action: ServerAction<AnswerBarrierReport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let when = move |at| format::when(i18n.locale, at);
    let heading = format!("report-{}", report.id);
    let labelled_by = heading.clone();
    let answer_id = format!("answer-{}", report.id);
    let status = if report.answered {
        i18n.t("barrier-status-answered")
    } else if report.overdue {
        i18n.t_args(
            "barrier-status-overdue",
            [("due", when(report.due_at).into())],
        )
    } else {
        i18n.t_args("barrier-status-open", [("due", when(report.due_at).into())])
    };
    let reporter = report
        .reporter
        .clone()
        .unwrap_or_else(|| i18n.t("barrier-reporter-unknown"));
    view! {
        <section class="card" class:card-overdue=report.overdue aria-labelledby=labelled_by>
            <h2 id=heading>{i18n.t("barrier-report-on")}" "{report.page.clone()}</h2>
            <p>
                {when(report.created_at)}{" · "}{reporter}{" · "}
                {if report.overdue { view! { <strong class="overdue">{status}</strong> }.into_any() } else { view! { <span>{status}</span> }.into_any() }}
            </p>
            <blockquote>{report.problem.clone()}</blockquote>
            {report.answer.clone().map(|a| view! {
                <p>{i18n.t("barrier-answer")}" ("{report.answered_at.map(when).unwrap_or_default()}"): "{a}</p>
            })}
            {(!report.answered).then(|| view! {
                <ActionForm action=action attr:class="stack-form">
                    <input type="hidden" name="id" value=report.id.to_string() />
                    <div class="field">
                        <label for=answer_id.clone()>{i18n.t("barrier-admin-answer")}</label>
                        {(!report.reachable).then(|| view! { <p class="hint">{i18n.t("barrier-admin-unreachable")}</p> })}
                        <textarea id=answer_id.clone() name="answer" rows="4" required=true></textarea>
                    </div>
                    <button type="submit" class="button-primary">{i18n.t("barrier-admin-send")}</button>
                </ActionForm>
            })}
        </section>
    }
}
