//! "Mein Führerschein" (the learner's certificates), the public verification pages and the
//! administration's list with revocation.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    CertificateView, LevelView, LookupCertificate, RevokeCertificate, get_my_certificates,
    get_public_certificate, list_certificates,
};
use crate::auth::Role;
use crate::i18n::{I18n, use_i18n};
use crate::ui::Protected;
use crate::ui::{ErrorSummary, Notice, TextField, action_error, error_message};

fn loading(i18n: I18n) -> impl IntoView {
    view! { <p class="loading">{i18n.t("loading")}</p> }
}

fn date(i18n: I18n, at: chrono::DateTime<chrono::Utc>) -> String {
    crate::i18n::format::day(i18n.locale, at)
}

fn status_tag(i18n: I18n, c: &CertificateView) -> impl IntoView + use<> {
    view! { <span class=c.status.css_class()>{i18n.t(c.status.label_key())}</span> }
}

/// The downloads of a certificate: PDF in both languages and the digital credential.
fn downloads(i18n: I18n, c: &CertificateView) -> impl IntoView + use<> {
    let base = format!("/certificates/{}", c.public_id);
    view! {
        <ul class="inline-list downloads">
            <li><a href=format!("{base}/certificate.pdf?lang=de") download="" hreflang="de">{i18n.t("certificate-download-pdf-de")}</a></li>
            <li><a href=format!("{base}/certificate.pdf?lang=en") download="" hreflang="en">{i18n.t("certificate-download-pdf-en")}</a></li>
            <li><a href=format!("{base}/credential.jwt") download="">{i18n.t("certificate-download-credential")}</a></li>
            <li><a href=format!("/verify/{}", c.public_id)>{i18n.t("certificate-verification-page")}</a></li>
        </ul>
    }
}

#[component]
pub fn CertificatePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("certificate-title") />
        <Protected roles=&[Role::Employee] children=move |_| view! { <MyCertificatesView /> } />
    }
}

#[component]
fn MyCertificatesView() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_my_certificates());
    view! {
        <h1>{i18n.t("certificate-title")}</h1>
        <p>{i18n.t("certificate-intro")}</p>
        <Suspense fallback=move || loading(i18n)>
            {move || Suspend::new(async move {
                match data.await {
                    Err(err) => Either::Left(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(mine) => {
                        let levels = mine.levels.into_iter().map(|level| level_card(i18n, level)).collect_view();
                        let history = (!mine.history.is_empty()).then(|| history_table(i18n, mine.history));
                        Either::Right(view! {
                            <div class="level-list">{levels}</div>
                            {history}
                        })
                    }
                }
            })}
        </Suspense>
    }
}

fn level_card(i18n: I18n, level: LevelView) -> impl IntoView {
    let heading_id = format!("level-{}", level.id);
    let state = match &level.current {
        Some(c) => EitherOf3::A(view! {
            <p>{status_tag(i18n, c)}</p>
            <dl class="facts">
                <dt>{i18n.t("certificate-number")}</dt>
                <dd>{c.number.clone()}</dd>
                <dt>{i18n.t("certificate-issued")}</dt>
                <dd>{date(i18n, c.issued_at)}</dd>
                <dt>{i18n.t("certificate-valid-until")}</dt>
                <dd>{date(i18n, c.valid_until)}</dd>
            </dl>
            {downloads(i18n, c)}
        }),
        None if level.reached => EitherOf3::B(view! {
            <p>{i18n.t("certificate-reached-not-issued")}</p>
        }),
        None => EitherOf3::C(view! {
            <p><span class="tag">{i18n.t("certificate-status-none")}</span></p>
        }),
    };
    let missing = (!level.missing.is_empty() || level.electives_missing > 0 || level.requires_missing.is_some()).then(|| {
        let modules = level
            .missing
            .iter()
            .map(|m| view! { <li><a href=format!("/modules/{}", m.id)>{m.title.clone()}</a></li> })
            .collect_view();
        let electives = (level.electives_missing > 0).then(|| view! {
            <li>{i18n.t_args("certificate-missing-electives", [("count", (level.electives_missing as f64).into())])}
                " " <a href="/learn?kind=elective">{i18n.t("certificate-electives-link")}</a></li>
        });
        let requires = level.requires_missing.clone().map(|title| view! {
            <li>{i18n.t_args("certificate-missing-level", [("level", title.into())])}</li>
        });
        view! {
            <h3>{i18n.t("certificate-missing")}</h3>
            <ul>{requires}{modules}{electives}</ul>
        }
    });
    let refresh = (!level.refresh_due.is_empty()).then(|| {
        let items = level
            .refresh_due
            .iter()
            .map(|r| view! {
                <li>
                    <a href=format!("/modules/{}", r.module_id)>{r.title.clone()}</a>
                    " – " {i18n.t_args("certificate-refresh-until", [("date", date(i18n, r.due).into())])}
                </li>
            })
            .collect_view();
        view! {
            <h3>{i18n.t("certificate-refresh")}</h3>
            <p>{i18n.t("certificate-refresh-hint")}</p>
            <ul>{items}</ul>
        }
    });
    view! {
        <section class="card level-card" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{level.title.clone()}</h2>
            <p>{level.description.clone()}</p>
            {state}
            {refresh}
            {missing}
        </section>
    }
}

fn history_table(i18n: I18n, history: Vec<CertificateView>) -> impl IntoView {
    let rows = history
        .into_iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{c.number.clone()}</th>
                    <td>{c.level_title.clone()}</td>
                    <td>{date(i18n, c.issued_at)}</td>
                    <td>{date(i18n, c.valid_until)}</td>
                    <td>{status_tag(i18n, &c)}</td>
                    <td><a href=format!("/certificates/{}/certificate.pdf", c.public_id) download="">{i18n.t("certificate-download-pdf")}</a></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="certificate-history">
            <h2 id="certificate-history">{i18n.t("certificate-history")}</h2>
            <div class="table-scroll" role="region" aria-labelledby="certificate-history" tabindex="0">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("certificate-number")}</th>
                            <th scope="col">{i18n.t("certificate-level")}</th>
                            <th scope="col">{i18n.t("certificate-issued")}</th>
                            <th scope="col">{i18n.t("certificate-valid-until")}</th>
                            <th scope="col">{i18n.t("certificate-status")}</th>
                            <th scope="col"><span class="visually-hidden">{i18n.t("actions")}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// Public verification

/// Messages for the outcome of a credential upload, by the key the server puts in the URL.
const CREDENTIAL_RESULTS: &[&str] = &[
    "valid",
    "expired",
    "revoked",
    "superseded",
    "signature",
    "issuer",
    "format",
    "not-yet-valid",
    "unknown",
    "too-large",
];

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let lookup = ServerAction::<LookupCertificate>::new();
    let error = action_error(lookup);
    let credential_error = move || {
        query
            .with(|q| q.get("credential"))
            .filter(|k| CREDENTIAL_RESULTS.contains(&k.as_str()))
            .map(|k| i18n.t(&format!("verify-credential-{k}")))
    };
    view! {
        <Title text=i18n.t("verify-title") />
        <h1>{i18n.t("verify-title")}</h1>
        <p>{i18n.t("verify-intro")}</p>
        <section aria-labelledby="verify-number" class="narrow">
            <h2 id="verify-number">{i18n.t("verify-by-number")}</h2>
            <ErrorSummary error />
            <ActionForm action=lookup attr:class="stack-form">
                <TextField name="number" label=i18n.t("certificate-number") hint=i18n.t("verify-number-hint") required=true error />
                <TextField name="surname" label=i18n.t("verify-surname") hint=i18n.t("verify-surname-hint") autocomplete="off" required=true error />
                <button type="submit" class="button-primary">{i18n.t("verify-submit")}</button>
            </ActionForm>
        </section>
        <section aria-labelledby="verify-credential" class="narrow">
            <h2 id="verify-credential">{i18n.t("verify-by-credential")}</h2>
            <p>{i18n.t("verify-credential-intro")}</p>
            {move || credential_error().map(|text| view! { <div class="notice notice-error" role="alert"><p>{text}</p></div> })}
            <form method="post" action="/verify/credential" enctype="multipart/form-data" class="stack-form">
                <div class="field">
                    <label for="credential-file">{i18n.t("verify-credential-file")}</label>
                    <input type="file" id="credential-file" name="file" accept=".jwt,.txt,application/jwt,text/plain" />
                </div>
                <div class="field">
                    <label for="credential-text">{i18n.t("verify-credential-text")}</label>
                    <textarea id="credential-text" name="text" rows="4" autocomplete="off" spellcheck="false"></textarea>
                </div>
                <button type="submit">{i18n.t("verify-credential-submit")}</button>
            </form>
        </section>
    }
}

#[component]
pub fn VerifyCertificatePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("public_id")).unwrap_or_default();
    let certificate = Resource::new(id, get_public_certificate);
    let credential = move || {
        query
            .with(|q| q.get("credential"))
            .filter(|k| CREDENTIAL_RESULTS.contains(&k.as_str()))
    };
    view! {
        <Title text=i18n.t("verify-result-title") />
        <h1>{i18n.t("verify-result-title")}</h1>
        <Suspense fallback=move || loading(i18n)>
            {move || Suspend::new(async move {
                match certificate.await {
                    Err(crate::error::AppError::NotFound) => EitherOf3::A(view! {
                        <div class="notice notice-error" role="alert"><p>{i18n.t("verify-not-found")}</p></div>
                        <p><a href="/verify">{i18n.t("verify-again")}</a></p>
                    }),
                    Err(err) => EitherOf3::B(view! {
                        <div class="notice notice-error" role="alert"><p>{error_message(i18n, &err)}</p></div>
                    }),
                    Ok(c) => {
                        let valid = c.status == super::CertificateStatus::Valid;
                        let upload = credential().map(|k| {
                            let ok = k == "valid";
                            view! {
                                <div class=if ok { "notice notice-success" } else { "notice notice-error" } role="status">
                                    <p>{i18n.t(&format!("verify-credential-{k}"))}</p>
                                </div>
                            }
                        });
                        let reason = c.revocation_reason.clone().map(|r| view! {
                            <dt>{i18n.t("verify-revocation-reason")}</dt>
                            <dd>{r}</dd>
                        });
                        EitherOf3::C(view! {
                            {upload}
                            <div class=if valid { "notice notice-success" } else { "notice notice-error" } role="status">
                                <p><strong>{i18n.t(&format!("verify-status-{}", c.status.label_key().trim_start_matches("certificate-status-")))}</strong></p>
                            </div>
                            <dl class="facts verify-facts">
                                <dt>{i18n.t("verify-holder")}</dt>
                                <dd>{c.holder_name.clone()}</dd>
                                <dt>{i18n.t("certificate-level")}</dt>
                                <dd>{c.level_title.clone()}</dd>
                                <dt>{i18n.t("certificate-issued")}</dt>
                                <dd>{date(i18n, c.issued_at)}</dd>
                                <dt>{i18n.t("certificate-valid-until")}</dt>
                                <dd>{date(i18n, c.valid_until)}</dd>
                                <dt>{i18n.t("certificate-status")}</dt>
                                <dd>{i18n.t(c.status.label_key())}</dd>
                                {reason}
                            </dl>
                            <p><a href="/verify">{i18n.t("verify-again")}</a></p>
                        })
                    }
                }
            })}
        </Suspense>
    }
}

// ---------------------------------------------------------------------------------------------
// Administration

#[component]
pub fn AdminCertificatesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("admin-certificates-title") />
        <Protected roles=&[Role::Admin] children=move |_| view! { <AdminCertificates /> } />
    }
}

#[component]
fn AdminCertificates() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q")).unwrap_or_default();
    let revoked = move || query.with(|q| q.get("revoked").is_some());
    let rows = Resource::new(search, |q| list_certificates(Some(q)));
    view! {
        <h1>{i18n.t("admin-certificates-title")}</h1>
        <p>{i18n.t("admin-certificates-intro")}</p>
        {move || revoked().then(|| view! { <Notice text=i18n.t("certificate-revoked-notice") /> })}
        <form method="get" action="/admin/certificates" class="filter-form" role="search">
            <div class="field">
                <label for="certificate-search">{i18n.t("admin-certificates-search")}</label>
                <input id="certificate-search" type="search" name="q" value=search />
            </div>
            <button type="submit">{i18n.t("filter")}</button>
        </form>
        <Suspense fallback=move || loading(i18n)>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(err) => Either::Left(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(rows) => {
                        let count = rows.len();
                        let labels = [
                            i18n.t("verify-holder"),
                            i18n.t("certificate-level"),
                            i18n.t("certificate-issued"),
                            i18n.t("certificate-valid-until"),
                            i18n.t("certificate-status"),
                        ];
                        let body = rows.into_iter().map(|row| {
                            let [holder, level, issued, until, status] = labels.clone();
                            let c = row.certificate;
                            let revocable = c.status != super::CertificateStatus::Revoked;
                            let revoke_href = format!("/admin/certificates/{}/revoke", c.public_id);
                            view! {
                                <tr>
                                    <th scope="row">{c.number.clone()}</th>
                                    <td data-label=holder>{row.holder_name.clone()}</td>
                                    <td data-label=level>{c.level_title.clone()}</td>
                                    <td data-label=issued>{date(i18n, c.issued_at)}</td>
                                    <td data-label=until>{date(i18n, c.valid_until)}</td>
                                    <td data-label=status>{status_tag(i18n, &c)}</td>
                                    <td>{revocable.then(|| view! { <a href=revoke_href>{i18n.t("certificate-revoke")}<span class="visually-hidden">{format!(" {}", c.number)}</span></a> })}</td>
                                </tr>
                            }
                        }).collect_view();
                        Either::Right(view! {
                            <p role="status">{i18n.t_args("admin-certificates-count", [("count", (count as f64).into())])}</p>
                            <div class="table-scroll" role="region" aria-labelledby="admin-certificates-caption" tabindex="0">
                                <table class="stack-on-phone">
                                    <caption id="admin-certificates-caption">{i18n.t("admin-certificates-caption")}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{i18n.t("certificate-number")}</th>
                                            <th scope="col">{i18n.t("verify-holder")}</th>
                                            <th scope="col">{i18n.t("certificate-level")}</th>
                                            <th scope="col">{i18n.t("certificate-issued")}</th>
                                            <th scope="col">{i18n.t("certificate-valid-until")}</th>
                                            <th scope="col">{i18n.t("certificate-status")}</th>
                                            <th scope="col"><span class="visually-hidden">{i18n.t("actions")}</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>{body}</tbody>
                                </table>
                            </div>
                        })
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn RevokeCertificatePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("certificate-revoke-title") />
        <Protected roles=&[Role::Admin] children=move |_| view! { <RevokeCertificateForm /> } />
    }
}

#[component]
fn RevokeCertificateForm() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("public_id")).unwrap_or_default();
    let certificate = Resource::new(id, get_public_certificate);
    let revoke = ServerAction::<RevokeCertificate>::new();
    let error = action_error(revoke);
    view! {
        <p><a href="/admin/certificates">{i18n.t("admin-certificates-back")}</a></p>
        <h1>{i18n.t("certificate-revoke-title")}</h1>
        <Suspense fallback=move || loading(i18n)>
            {move || Suspend::new(async move {
                match certificate.await {
                    Err(err) => Either::Left(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(c) => Either::Right(view! {
                        <dl class="facts">
                            <dt>{i18n.t("verify-holder")}</dt>
                            <dd>{c.holder_name.clone()}</dd>
                            <dt>{i18n.t("certificate-level")}</dt>
                            <dd>{c.level_title.clone()}</dd>
                            <dt>{i18n.t("certificate-valid-until")}</dt>
                            <dd>{date(i18n, c.valid_until)}</dd>
                        </dl>
                        <p>{i18n.t("certificate-revoke-intro")}</p>
                        <ErrorSummary error />
                        <ActionForm action=revoke attr:class="stack-form">
                            <input type="hidden" name="public_id" value=c.public_id.clone() />
                            <div class="field">
                                <label for="field-reason">{i18n.t("certificate-revoke-reason")}</label>
                                <p class="hint" id="field-reason-hint">{i18n.t("certificate-revoke-reason-hint")}</p>
                                <textarea id="field-reason" name="reason" rows="3" required=true maxlength="500" aria-describedby="field-reason-hint"></textarea>
                            </div>
                            <button type="submit" class="button-danger">{i18n.t("certificate-revoke-submit")}</button>
                        </ActionForm>
                    }),
                }
            })}
        </Suspense>
    }
}
