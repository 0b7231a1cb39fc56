//! Office hours and workshops on "Digitalscouts" (booking, registering) and on the scout's own
//! page (publishing, announcing, attendance). Plain forms throughout.

use leptos::either::Either;
use leptos::prelude::*;

use super::{
    AddOfficeHour, AnnounceWorkshop, BookSession, CancelBooking, CancelRegistration,
    RegisterWorkshop, RemoveOfficeHour, SetAttendance, load_meetings, load_scout_meetings,
};
use crate::i18n::use_i18n;
use crate::ui::{DangerConfirm, ErrorSummary, TextArea, TextField, action_error, await_view};

const WEEKDAYS: [&str; 7] = [
    "weekday-1",
    "weekday-2",
    "weekday-3",
    "weekday-4",
    "weekday-5",
    "weekday-6",
    "weekday-7",
];

/// Bookable office hours and open workshops, for everyone.
#[component]
pub fn EmployeeMeetings() -> impl IntoView {
    let i18n = use_i18n();
    let book = ServerAction::<BookSession>::new();
    let cancel = ServerAction::<CancelBooking>::new();
    let register = ServerAction::<RegisterWorkshop>::new();
    let unregister = ServerAction::<CancelRegistration>::new();
    let error = Signal::derive(move || {
        action_error(book)
            .get()
            .or_else(|| action_error(cancel).get())
            .or_else(|| action_error(register).get())
            .or_else(|| action_error(unregister).get())
    });
    let data = Resource::new(
        move || {
            (
                book.version().get(),
                cancel.version().get(),
                register.version().get(),
                unregister.version().get(),
            )
        },
        |_| load_meetings(),
    );
    view! {
        <ErrorSummary error />
        {await_view(data, move |m| {
            let sessions = m.sessions.into_iter().map(|s| {
                let label = format!("{}, {}", s.when, s.scout);
                let cancel_label = i18n.t_args("meetings-cancel-named", [("session", label.clone().into())]);
                let book_label = i18n.t_args("meetings-book-named", [("session", label.into())]);
                let action = match s.booking {
                    Some(id) => Either::Left(view! {
                        <ActionForm action=cancel attr:class="inline-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <button type="submit" aria-label=cancel_label>{i18n.t("meetings-cancel")}</button>
                        </ActionForm>
                    }),
                    None if s.free > 0 => Either::Right(Some(view! {
                        <ActionForm action=book attr:class="inline-form">
                            <input type="hidden" name="office_hour" value=s.office_hour.to_string() />
                            <input type="hidden" name="starts_at" value=s.starts_at.clone() />
                            <button type="submit" aria-label=book_label>{i18n.t("meetings-book")}</button>
                        </ActionForm>
                    })),
                    None => Either::Right(None),
                };
                view! {
                    <tr>
                        <th scope="row">{s.when.clone()}</th>
                        <td>{s.scout.clone()}</td>
                        <td>{format!("{} min", s.minutes)}</td>
                        <td>{s.place.clone()}</td>
                        <td class="number">{s.free}</td>
                        <td>{if s.booking.is_some() { Some(view! { <span class="badge">{i18n.t("meetings-booked")}</span>" " }) } else { None }}{action}</td>
                    </tr>
                }
            }).collect_view();
            let workshops = m.workshops.into_iter().map(|w| {
                let heading = format!("workshop-{}", w.id);
                let labelled_by = heading.clone();
                let unregister_label = i18n.t_args("meetings-unregister-named", [("title", w.title.clone().into())]);
                let register_label = i18n.t_args("meetings-register-named", [("title", w.title.clone().into())]);
                let action = match w.registration {
                    Some(id) => Either::Left(view! {
                        <p><span class="badge">{i18n.t("meetings-registered")}</span></p>
                        <ActionForm action=unregister attr:class="inline-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <button type="submit" aria-label=unregister_label>{i18n.t("meetings-unregister")}</button>
                        </ActionForm>
                    }),
                    None if w.free > 0 => Either::Right(Some(view! {
                        <ActionForm action=register attr:class="inline-form">
                            <input type="hidden" name="id" value=w.id.to_string() />
                            <button type="submit" aria-label=register_label>{i18n.t("meetings-register")}</button>
                        </ActionForm>
                    })),
                    None => Either::Right(None),
                };
                view! {
                    <li class="card" aria-labelledby=labelled_by>
                        <h3 id=heading>{w.title.clone()}</h3>
                        <dl class="facts">
                            <dt>{i18n.t("meetings-module")}</dt><dd>{w.module.clone()}</dd>
                            <dt>{i18n.t("scouts-meeting")}</dt><dd>{format!("{}, {} min", w.when, w.minutes)}</dd>
                            <dt>{i18n.t("scouts-place")}</dt><dd>{w.place.clone()}</dd>
                            <dt>{i18n.t("meetings-host")}</dt><dd>{w.scout.clone()}</dd>
                            <dt>{i18n.t("meetings-audience")}</dt><dd>{w.audience.clone().unwrap_or_else(|| i18n.t("meetings-everyone"))}</dd>
                            <dt>{i18n.t("meetings-free")}</dt><dd>{w.free}</dd>
                        </dl>
                        {(!w.description.is_empty()).then(|| view! { <p class="prewrap">{w.description.clone()}</p> })}
                        {action}
                    </li>
                }
            }).collect_view();
            let no_sessions = sessions.is_empty();
            let no_workshops = workshops.is_empty();
            view! {
                <section aria-labelledby="office-hours-heading">
                    <h2 id="office-hours-heading">{i18n.t("meetings-office-hours")}</h2>
                    {if no_sessions {
                        Either::Left(view! { <p>{i18n.t("meetings-no-sessions")}</p> })
                    } else {
                        Either::Right(view! {
                            <div class="table-scroll" role="region" aria-labelledby="sessions-caption" tabindex="0">
                                <table>
                                    <caption id="sessions-caption">{i18n.t("meetings-sessions-caption")}</caption>
                                    <thead><tr>
                                        <th scope="col">{i18n.t("scouts-meeting")}</th>
                                        <th scope="col">{i18n.t("scouts-scout")}</th>
                                        <th scope="col">{i18n.t("scouts-minutes")}</th>
                                        <th scope="col">{i18n.t("scouts-place")}</th>
                                        <th scope="col" class="number">{i18n.t("meetings-free")}</th>
                                        <th scope="col">{i18n.t("meetings-action")}</th>
                                    </tr></thead>
                                    <tbody>{sessions}</tbody>
                                </table>
                            </div>
                        })
                    }}
                </section>
                <section aria-labelledby="workshops-heading">
                    <h2 id="workshops-heading">{i18n.t("meetings-workshops")}</h2>
                    {no_workshops.then(|| view! { <p>{i18n.t("meetings-no-workshops")}</p> })}
                    <ul class="cards">{workshops}</ul>
                </section>
            }
        })}
    }
}

/// The scout's office hours and workshops.
#[component]
pub fn ScoutMeetingsView() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddOfficeHour>::new();
    let remove = ServerAction::<RemoveOfficeHour>::new();
    let announce = ServerAction::<AnnounceWorkshop>::new();
    let attendance = ServerAction::<SetAttendance>::new();
    let add_error = action_error(add);
    let announce_error = action_error(announce);
    let other_error = Signal::derive(move || {
        action_error(remove)
            .get()
            .or_else(|| action_error(attendance).get())
    });
    let data = Resource::new(
        move || {
            (
                add.version().get(),
                remove.version().get(),
                announce.version().get(),
                attendance.version().get(),
            )
        },
        |_| load_scout_meetings(),
    );
    view! {
        <ErrorSummary error=other_error />
        {await_view(data, move |m| {
            let slots = m.slots.into_iter().map(|slot| {
                let label = format!("{} {}", i18n.t(WEEKDAYS[(slot.weekday as usize).clamp(1, 7) - 1]), slot.time);
                let booked: usize = slot.sessions.iter().map(|(_, who)| who.len()).sum();
                let consequence = i18n.t_args("meetings-remove-consequence", [("slot", label.clone().into()), ("booked", booked.into())]);
                let remove_label = i18n.t_args("meetings-remove-named", [("slot", label.clone().into())]);
                let confirm_id = format!("confirm-remove-{}", slot.id);
                let sessions = slot.sessions.into_iter().map(|(when, who)| view! {
                    <li>{when}": "{if who.is_empty() { i18n.t("meetings-nobody-booked") } else { who.join(", ") }}</li>
                }).collect_view();
                view! {
                    <li class="card">
                        <h4>{label.clone()}</h4>
                        <p>{format!("{} min · {} · {}", slot.minutes, slot.place, i18n.t_args("meetings-places", [("count", slot.capacity.into())]))}</p>
                        <ul>{sessions}</ul>
                        // Colleagues' booked places go with it: the red frame, behind a disclosure.
                        <details class="danger-details">
                            <summary>{remove_label.clone()}</summary>
                            <ActionForm action=remove attr:class="stack-form">
                                <input type="hidden" name="id" value=slot.id.to_string() />
                                <DangerConfirm name="confirm" id=confirm_id consequence
                                    confirm=i18n.t("meetings-remove-confirm") submit=remove_label />
                            </ActionForm>
                        </details>
                    </li>
                }
            }).collect_view();
            let weekdays = (1..=7u32).map(|d| view! {
                <option value=d.to_string() selected=d == 2>{i18n.t(WEEKDAYS[d as usize - 1])}</option>
            }).collect_view();
            let modules = m.modules.iter().map(|(id, title)| view! {
                <option value=id.clone()>{title.clone()}</option>
            }).collect_view();
            let units = m.departments.iter().map(|d| {
                let label = format!("{}{}", "– ".repeat(d.depth as usize), d.name);
                view! { <option value=d.id.to_string()>{label}</option> }
            }).collect_view();
            let workshops = m.workshops.into_iter().map(|w| {
                let registrants = w.registrants.iter().map(|r| {
                    let id = format!("attended-{}", r.registration);
                    view! {
                        <div class="choice">
                            <input type="checkbox" id=id.clone() name="attended[]" value=r.registration.to_string() checked=r.attended == Some(true) disabled=!w.begun />
                            <label for=id>{r.name.clone()}</label>
                        </div>
                    }
                }).collect_view();
                let has_registrants = !w.registrants.is_empty();
                view! {
                    <li class="card">
                        <h4>{w.title.clone()}</h4>
                        <p>{format!("{} · {} · {}/{}", w.when, w.place, w.registrants.len(), w.capacity)}</p>
                        {if has_registrants && w.begun {
                            Either::Left(view! {
                                <ActionForm action=attendance attr:class="stack-form">
                                    <input type="hidden" name="id" value=w.id.to_string() />
                                    <fieldset>
                                        <legend>{i18n.t("meetings-attendance")}</legend>
                                        {registrants}
                                    </fieldset>
                                    <button type="submit">{i18n.t("meetings-attendance-submit")}</button>
                                </ActionForm>
                            })
                        } else {
                            Either::Right(view! {
                                <p>{if has_registrants { w.registrants.iter().map(|r| r.name.clone()).collect::<Vec<_>>().join(", ") } else { i18n.t("meetings-nobody-registered") }}</p>
                            })
                        }}
                    </li>
                }
            }).collect_view();
            view! {
                <section aria-labelledby="my-office-hours">
                    <h2 id="my-office-hours">{i18n.t("meetings-my-office-hours")}</h2>
                    <ul class="cards">{slots}</ul>
                    <h3>{i18n.t("meetings-add-office-hour")}</h3>
                    <ErrorSummary error=add_error />
                    <ActionForm action=add attr:class="stack-form">
                        <div class="field">
                            <label for="field-weekday">{i18n.t("meetings-weekday")}</label>
                            <select id="field-weekday" name="weekday">{weekdays}</select>
                        </div>
                        <TextField name="time" kind="time" label=i18n.t("scouts-time") value="10:00" required=true error=add_error />
                        <TextField name="minutes" kind="number" label=i18n.t("scouts-minutes") value="60" required=true error=add_error />
                        <TextField name="capacity" kind="number" label=i18n.t("meetings-capacity") value="4" required=true error=add_error />
                        <TextField name="place" label=i18n.t("scouts-place") hint=i18n.t("scouts-place-hint") required=true error=add_error />
                        <button type="submit" class="button-primary">{i18n.t("meetings-add-submit")}</button>
                    </ActionForm>
                </section>
                <section aria-labelledby="my-workshops">
                    <h2 id="my-workshops">{i18n.t("meetings-my-workshops")}</h2>
                    <ul class="cards">{workshops}</ul>
                    <h3>{i18n.t("meetings-announce")}</h3>
                    <ErrorSummary error=announce_error />
                    <ActionForm action=announce attr:class="stack-form">
                        <div class="field">
                            <label for="field-module">{i18n.t("meetings-module")}</label>
                            <select id="field-module" name="module">{modules}</select>
                        </div>
                        <TextField name="title" label=i18n.t("board-post-title") required=true error=announce_error />
                        <TextArea name="description" label=i18n.t("meetings-description") error=announce_error />
                        <TextField name="date" kind="date" label=i18n.t("scouts-date") required=true error=announce_error />
                        <TextField name="time" kind="time" label=i18n.t("scouts-time") required=true error=announce_error />
                        <TextField name="minutes" kind="number" label=i18n.t("scouts-minutes") value="90" required=true error=announce_error />
                        <TextField name="place" label=i18n.t("scouts-place") required=true error=announce_error />
                        <div class="field">
                            <label for="field-department">{i18n.t("meetings-audience")}</label>
                            <select id="field-department" name="department">
                                <option value="">{i18n.t("meetings-everyone")}</option>
                                {units}
                            </select>
                        </div>
                        <TextField name="capacity" kind="number" label=i18n.t("meetings-capacity") value="12" required=true error=announce_error />
                        <button type="submit" class="button-primary">{i18n.t("meetings-announce-submit")}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}
