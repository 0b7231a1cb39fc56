//! Help requests: asking a scout, passing a request on when nobody answers, one request with
//! its dates, declines, closing, feedback, and sharing one's progress with a scout.

use super::*;

pub(super) fn request_link(ctx: &AppContext, id: Uuid) -> String {
    format!("{}/help/{id}", ctx.settings.base_url)
}

/// Tells a scout that a request waits for them.
pub(super) async fn mail_new_request(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    request: &help_request::Model,
    scout: &user::Model,
    requester: &user::Model,
) -> Result<(), AppError> {
    let locale = Locale::from_code(&scout.locale).unwrap_or_default();
    let due =
        crate::scouts::workdays::add_working_days(request.assigned_at, ANSWER_WITHIN_WORKING_DAYS);
    mail::enqueue(
        txn,
        ctx,
        OutgoingMail {
            to: scout.email.clone(),
            person: scout.id,
            locale,
            template: "help_request",
            context: serde_json::json!({
                "name": scout.display_name,
                "requester": requester.display_name,
                "topic": topic_title(ctx, locale, &request.topic),
                "channel": I18n { locale }.t(Channel::parse(&request.channel).unwrap_or(Channel::InPerson).label_key()),
                "due": local_date_time(locale, due),
                "link": request_link(ctx, request.id),
                "organisation": ctx.settings.organisation_name,
            }),
            idempotency_key: Some(format!(
                "help-request-{}-{}-{}",
                request.id,
                scout.id,
                request.assigned_at.timestamp()
            )),
            list_unsubscribe: None,
            attachment: None,
        },
    )
    .await?;
    Ok(())
}

/// Tells the colleague that no scout could take their request.
pub(super) async fn mail_unassigned(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    request: &help_request::Model,
    requester: &user::Model,
) -> Result<(), AppError> {
    let locale = Locale::from_code(&requester.locale).unwrap_or_default();
    mail::enqueue(
        txn,
        ctx,
        OutgoingMail {
            to: requester.email.clone(),
            person: requester.id,
            locale,
            template: "help_unassigned",
            context: serde_json::json!({
                "name": requester.display_name,
                "topic": topic_title(ctx, locale, &request.topic),
                "link": request_link(ctx, request.id),
                "organisation": ctx.settings.organisation_name,
            }),
            idempotency_key: Some(format!("help-unassigned-{}", request.id)),
            list_unsubscribe: None,
            attachment: None,
        },
    )
    .await?;
    Ok(())
}

/// Addresses the request to the best scout it has not passed over yet (or marks it unassigned)
/// and queues the mail. `passed` is the updated passed-over list.
pub(super) async fn assign_next(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    request: help_request::Model,
    passed: Vec<Uuid>,
) -> Result<help_request::Model, AppError> {
    let requester = user::Entity::find_by_id(request.requester_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let (parents, _) = department_parents(txn).await?;
    let excluded: HashSet<Uuid> = passed.iter().copied().collect();
    let ranked = rank(
        &candidates(txn).await?,
        requester.id,
        request.department_id,
        &request.topic,
        &parents,
        &excluded,
    );
    let now = ctx.now();
    let next = ranked.first().map(|r| r.id);
    let mut active: help_request::ActiveModel = request.into();
    active.passed_over = Set(serde_json::to_string(&passed).unwrap_or_else(|_| "[]".to_owned()));
    active.scout_id = Set(next);
    active.assigned_at = Set(now);
    active.status = Set(match next {
        Some(_) => RequestStatus::Open.as_str().to_owned(),
        None => RequestStatus::Unassigned.as_str().to_owned(),
    });
    let updated = active.update(txn).await?;
    match next {
        Some(scout) => {
            let scout = user::Entity::find_by_id(scout)
                .one(txn)
                .await?
                .ok_or(AppError::NotFound)?;
            mail_new_request(txn, ctx, &updated, &scout, &requester).await?;
        }
        None => mail_unassigned(txn, ctx, &updated, &requester).await?,
    }
    Ok(updated)
}

pub async fn ask(
    ctx: &AppContext,
    me: &CurrentUser,
    topic: String,
    description: String,
    channel: String,
    preferred_times: String,
    scout: Option<String>,
) -> Result<String, AppError> {
    let mut v = Validation::new();
    let topic = topic.trim().to_owned();
    v.check(
        ctx.content().competence(&topic).is_some(),
        "topic",
        "field-invalid-choice",
    );
    let description = trimmed(&mut v, &description, "description", MAX_TEXT, true);
    let channel = Channel::parse(&channel);
    v.check(channel.is_some(), "channel", "field-invalid-choice");
    let preferred_times = trimmed(
        &mut v,
        &preferred_times,
        "preferred_times",
        MAX_SHORT_TEXT,
        false,
    );
    let chosen = match scout
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "auto")
    {
        None => None,
        Some(id) => {
            let id = id.parse::<Uuid>().ok();
            v.check(id.is_some(), "scout", "field-invalid-choice");
            id
        }
    };
    let channel = v.finish_with(channel)?;

    let txn = ctx.db.begin().await?;
    let account = user::Entity::find_by_id(me.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotAuthenticated)?;
    let now = ctx.now();
    let id = Uuid::new_v4();
    let request = help_request::ActiveModel {
        id: Set(id),
        requester_id: Set(me.id),
        department_id: Set(account.department_id),
        scout_id: Set(None),
        topic: Set(topic),
        description: Set(description),
        channel: Set(channel.as_str().to_owned()),
        preferred_times: Set(preferred_times),
        status: Set(RequestStatus::Open.as_str().to_owned()),
        created_at: Set(now),
        assigned_at: Set(now),
        first_answer_at: Set(None),
        passed_over: Set("[]".to_owned()),
        meeting_at: Set(None),
        meeting_minutes: Set(None),
        meeting_place: Set(None),
        meeting_sequence: Set(0),
        closed_at: Set(None),
        rating: Set(None),
        feedback_comment: Set(None),
        feedback_at: Set(None),
    }
    .insert(&txn)
    .await?;
    match chosen {
        Some(scout_id) => {
            // The colleague's own choice, if that scout can take it; otherwise matching.
            let fits = candidates(&txn)
                .await?
                .into_iter()
                .any(|c| c.id == scout_id && c.id != me.id && c.open < c.capacity);
            if !fits {
                return Err(AppError::invalid("scout", "scouts-scout-unavailable"));
            }
            let scout = user::Entity::find_by_id(scout_id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut active: help_request::ActiveModel = request.into();
            active.scout_id = Set(Some(scout_id));
            let request = active.update(&txn).await?;
            mail_new_request(&txn, ctx, &request, &scout, &account).await?;
        }
        None => {
            assign_next(&txn, ctx, request, Vec::new()).await?;
        }
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    tracing::info!(request = %id, "help request created");
    Ok(format!("/help/{id}?sent=1"))
}

/// Passes requests whose scout has not answered within three working days to the next scout.
/// Returns how many were passed on. Safe to run on several instances at once: each request is
/// moved with a guarded update, so only one instance moves it.
pub async fn pass_overdue_requests(ctx: &AppContext) -> Result<usize, AppError> {
    let now = ctx.now();
    let open = help_request::Entity::find()
        .filter(help_request::Column::Status.eq(RequestStatus::Open.as_str()))
        .filter(help_request::Column::ScoutId.is_not_null())
        .all(&ctx.db)
        .await?;
    let mut passed_on = 0;
    for request in open {
        let due = crate::scouts::workdays::add_working_days(
            request.assigned_at,
            ANSWER_WITHIN_WORKING_DAYS,
        );
        if due > now {
            continue;
        }
        let txn = ctx.db.begin().await?;
        // Claim it: unchanged since we read it.
        let claimed = help_request::Entity::update_many()
            .col_expr(
                help_request::Column::AssignedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(help_request::Column::Id.eq(request.id))
            .filter(help_request::Column::Status.eq(RequestStatus::Open.as_str()))
            .filter(help_request::Column::AssignedAt.eq(request.assigned_at))
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let mut passed: Vec<Uuid> = serde_json::from_str(&request.passed_over).unwrap_or_default();
        if let Some(scout) = request.scout_id {
            passed.push(scout);
        }
        let Some(fresh) = help_request::Entity::find_by_id(request.id)
            .one(&txn)
            .await?
        else {
            continue;
        };
        let updated = assign_next(&txn, ctx, fresh, passed).await?;
        txn.commit().await?;
        tracing::info!(request = %updated.id, status = %updated.status, "help request passed on after three working days");
        passed_on += 1;
    }
    if passed_on > 0 {
        ctx.mail_wakeup.notify_one();
    }
    Ok(passed_on)
}

// ---------------------------------------------------------------------------------------------
// One request

/// The request, if `me` is its requester or the scout it is addressed to. Anyone else learns
/// nothing, not even that it exists.
pub(super) async fn visible_request(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: &str,
) -> Result<help_request::Model, AppError> {
    let id = AppError::parse_id(id)?;
    let request = help_request::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if request.requester_id == me.id || request.scout_id == Some(me.id) {
        Ok(request)
    } else {
        Err(AppError::NotFound)
    }
}

/// The request, if `me` is the scout it is addressed to.
pub(super) async fn scouts_request(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: &str,
) -> Result<help_request::Model, AppError> {
    let request = visible_request(db, me, id).await?;
    if request.scout_id == Some(me.id) && me.has(Role::Scout) {
        Ok(request)
    } else {
        Err(AppError::Forbidden)
    }
}

pub(super) async fn progress_of(
    ctx: &AppContext,
    person: Uuid,
    locale: Locale,
) -> Result<Vec<ModuleProgress>, AppError> {
    let passed = crate::learning::server::passed_modules(&ctx.db, person).await?;
    let mut read: HashMap<String, u32> = HashMap::new();
    for row in lesson_progress::Entity::find()
        .filter(lesson_progress::Column::UserId.eq(person))
        .all(&ctx.db)
        .await?
    {
        *read.entry(row.module_id).or_default() += 1;
    }
    Ok(ctx
        .content()
        .modules
        .iter()
        .map(|m| ModuleProgress {
            title: m.title.get(locale).to_owned(),
            lessons: m.lessons.len() as u32,
            lessons_done: read
                .get(&m.id)
                .copied()
                .unwrap_or(0)
                .min(m.lessons.len() as u32),
            passed: passed.contains(&m.id),
        })
        .collect())
}

pub async fn request_detail(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
) -> Result<RequestDetail, AppError> {
    let request = visible_request(&ctx.db, me, &id).await?;
    let people = users_by_id(
        &ctx.db,
        [Some(request.requester_id), request.scout_id]
            .into_iter()
            .flatten(),
    )
    .await?;
    let requester = people
        .get(&request.requester_id)
        .ok_or(AppError::NotFound)?;
    let viewer_is_scout = request.scout_id == Some(me.id) && request.requester_id != me.id;
    // Progress only while the colleague shares it with exactly this scout.
    let progress = if viewer_is_scout
        && active_shares(&ctx.db, request.requester_id)
            .await?
            .contains(&me.id)
    {
        Some(progress_of(ctx, request.requester_id, me.locale).await?)
    } else {
        None
    };
    let meeting = request.meeting_at.map(|at| {
        let local = at.with_timezone(&Berlin);
        Meeting {
            when: local_date_time(me.locale, at),
            minutes: request.meeting_minutes.unwrap_or(30).max(0) as u32,
            place: request.meeting_place.clone().unwrap_or_default(),
            date_value: local.format("%Y-%m-%d").to_string(),
            time_value: local.format("%H:%M").to_string(),
        }
    });
    Ok(RequestDetail {
        id: request.id,
        viewer_is_scout,
        requester: requester.display_name.clone(),
        requester_email: requester.email.clone(),
        scout: request
            .scout_id
            .and_then(|s| people.get(&s))
            .map(|u| u.display_name.clone()),
        topic: topic_title(ctx, me.locale, &request.topic),
        description: request.description.clone(),
        channel: Channel::parse(&request.channel).unwrap_or(Channel::InPerson),
        preferred_times: request.preferred_times.clone(),
        status: RequestStatus::parse(&request.status),
        created: local_date_time(me.locale, request.created_at),
        meeting,
        rating: request.rating.map(|r| r.clamp(1, 5) as u8),
        feedback_comment: request.feedback_comment.clone(),
        progress,
    })
}

/// A local date and time in Berlin as an instant; a time that does not exist is refused.
/// A wrong date and a wrong time are both named.
pub fn local_instant(date: &str, time: &str) -> Result<DateTime<Utc>, AppError> {
    let mut v = Validation::new();
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok();
    v.check(date.is_some(), "date", "field-invalid-date");
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
        .ok();
    v.check(time.is_some(), "time", "field-invalid-time");
    // A clock time skipped when summer time begins does not exist on that day.
    let at = date.zip(time).and_then(|(date, time)| {
        Berlin
            .from_local_datetime(&date.and_time(time))
            .earliest()
            .map(|at| at.with_timezone(&Utc))
    });
    if date.is_some() && time.is_some() {
        v.check(at.is_some(), "time", "field-invalid-time");
    }
    v.finish_with(at)
}

pub async fn schedule(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    date: String,
    time: String,
    minutes: String,
    place: String,
) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let mut v = Validation::new();
    let at = v.value(local_instant(&date, &time))?;
    let now = ctx.now();
    if let Some(at) = at {
        v.check(at > now, "date", "scouts-meeting-in-past");
    }
    let minutes: Option<i32> = minutes
        .trim()
        .parse()
        .ok()
        .filter(|m| (10..=240).contains(m));
    v.check(minutes.is_some(), "minutes", "scouts-meeting-minutes-range");
    let place = trimmed(&mut v, &place, "place", MAX_SHORT_TEXT, true);
    let (at, minutes) = v.finish_with(at.zip(minutes))?;
    let txn = ctx.db.begin().await?;
    let request = scouts_request(&txn, me, &id).await?;
    let status = RequestStatus::parse(&request.status);
    if !status.is_active() {
        return Err(AppError::Conflict("scouts-request-not-active".to_owned()));
    }
    let sequence = if request.meeting_at.is_some() {
        request.meeting_sequence + 1
    } else {
        0
    };
    let mut active: help_request::ActiveModel = request.clone().into();
    active.status = Set(RequestStatus::Accepted.as_str().to_owned());
    active.meeting_at = Set(Some(at));
    active.meeting_minutes = Set(Some(minutes));
    active.meeting_place = Set(Some(place.clone()));
    active.meeting_sequence = Set(sequence);
    if request.first_answer_at.is_none() {
        active.first_answer_at = Set(Some(now));
    }
    let updated = active.update(&txn).await?;
    let people = users_by_id(&txn, [updated.requester_id, me.id]).await?;
    let requester = people
        .get(&updated.requester_id)
        .ok_or(AppError::NotFound)?;
    let scout = people.get(&me.id).ok_or(AppError::NotFound)?;
    for (recipient, other) in [(requester, scout), (scout, requester)] {
        let locale = Locale::from_code(&recipient.locale).unwrap_or_default();
        let topic = topic_title(ctx, locale, &updated.topic);
        let invitation = crate::scouts::ics::Invitation {
            uid: format!("{}@{}", updated.id, ctx.settings.mail_domain),
            sequence: sequence as u32,
            stamp: now,
            start: at,
            minutes: minutes as u32,
            summary: I18n { locale }.t_args(
                "scouts-ics-summary",
                [
                    ("topic", topic.clone().into()),
                    ("name", other.display_name.clone().into()),
                ],
            ),
            description: format!(
                "{}\n{}",
                I18n { locale }.t(Channel::parse(&updated.channel)
                    .unwrap_or(Channel::InPerson)
                    .label_key()),
                request_link(ctx, updated.id)
            ),
            location: place.clone(),
            organizer: (scout.display_name.clone(), scout.email.clone()),
            attendee: (requester.display_name.clone(), requester.email.clone()),
            cancelled: false,
        };
        mail::enqueue(
            &txn,
            ctx,
            OutgoingMail {
                to: recipient.email.clone(),
                person: recipient.id,
                locale,
                template: "help_meeting",
                context: serde_json::json!({
                    "name": recipient.display_name,
                    "other": other.display_name,
                    "topic": topic,
                    "when": local_date_time(locale, at),
                    "minutes": minutes,
                    "place": place,
                    "moved": sequence > 0,
                    "link": request_link(ctx, updated.id),
                    "organisation": ctx.settings.organisation_name,
                }),
                idempotency_key: Some(format!(
                    "help-meeting-{}-{}-{sequence}",
                    updated.id, recipient.id
                )),
                list_unsubscribe: None,
                attachment: Some(MailAttachment {
                    filename: "termin.ics".to_owned(),
                    content_type: "text/calendar; charset=UTF-8; method=REQUEST".to_owned(),
                    bytes: invitation.to_ics().into_bytes(),
                }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(format!("/help/{}?scheduled=1", updated.id))
}

pub async fn decline(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let txn = ctx.db.begin().await?;
    let request = scouts_request(&txn, me, &id).await?;
    if RequestStatus::parse(&request.status) != RequestStatus::Open {
        return Err(AppError::Conflict("scouts-request-not-open".to_owned()));
    }
    let mut passed: Vec<Uuid> = serde_json::from_str(&request.passed_over).unwrap_or_default();
    passed.push(me.id);
    let mut active: help_request::ActiveModel = request.clone().into();
    if request.first_answer_at.is_none() {
        active.first_answer_at = Set(Some(ctx.now()));
    }
    let request = active.update(&txn).await?;
    assign_next(&txn, ctx, request, passed).await?;
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(String::from("/scouts/profile?declined=1"))
}

pub async fn close(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let txn = ctx.db.begin().await?;
    let request = scouts_request(&txn, me, &id).await?;
    if RequestStatus::parse(&request.status) != RequestStatus::Accepted {
        return Err(AppError::Conflict("scouts-request-not-accepted".to_owned()));
    }
    let mut active: help_request::ActiveModel = request.into();
    active.status = Set(RequestStatus::Closed.as_str().to_owned());
    active.closed_at = Set(Some(ctx.now()));
    let request = active.update(&txn).await?;
    let requester = user::Entity::find_by_id(request.requester_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let locale = Locale::from_code(&requester.locale).unwrap_or_default();
    mail::enqueue(
        &txn,
        ctx,
        OutgoingMail {
            to: requester.email.clone(),
            person: requester.id,
            locale,
            template: "help_feedback",
            context: serde_json::json!({
                "name": requester.display_name,
                "scout": me.display_name,
                "topic": topic_title(ctx, locale, &request.topic),
                "link": format!("{}#feedback", request_link(ctx, request.id)),
                "organisation": ctx.settings.organisation_name,
            }),
            idempotency_key: Some(format!("help-feedback-{}", request.id)),
            list_unsubscribe: None,
            attachment: None,
        },
    )
    .await?;
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(format!("/help/{}?closed=1", request.id))
}

pub async fn withdraw(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    let txn = ctx.db.begin().await?;
    let request = visible_request(&txn, me, &id).await?;
    if request.requester_id != me.id {
        return Err(AppError::Forbidden);
    }
    let status = RequestStatus::parse(&request.status);
    if !(status.is_active() || status == RequestStatus::Unassigned) {
        return Err(AppError::Conflict("scouts-request-not-active".to_owned()));
    }
    let mut active: help_request::ActiveModel = request.into();
    active.status = Set(RequestStatus::Withdrawn.as_str().to_owned());
    active.closed_at = Set(Some(ctx.now()));
    let request = active.update(&txn).await?;
    txn.commit().await?;
    Ok(format!("/help/{}?withdrawn=1", request.id))
}

pub async fn feedback(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    rating: String,
    comment: String,
) -> Result<String, AppError> {
    let mut v = Validation::new();
    let rating: Option<i32> = rating.trim().parse().ok().filter(|r| (1..=5).contains(r));
    v.check(rating.is_some(), "rating", "scouts-rating-range");
    let comment = trimmed(&mut v, &comment, "comment", MAX_TEXT, false);
    let rating = v.finish_with(rating)?;
    let txn = ctx.db.begin().await?;
    let request = visible_request(&txn, me, &id).await?;
    if request.requester_id != me.id {
        return Err(AppError::Forbidden);
    }
    if RequestStatus::parse(&request.status) != RequestStatus::Closed {
        return Err(AppError::Conflict("scouts-request-not-closed".to_owned()));
    }
    if request.feedback_at.is_some() {
        return Err(AppError::Conflict("scouts-feedback-given".to_owned()));
    }
    let mut active: help_request::ActiveModel = request.into();
    active.rating = Set(Some(rating));
    active.feedback_comment = Set((!comment.is_empty()).then_some(comment));
    active.feedback_at = Set(Some(ctx.now()));
    let request = active.update(&txn).await?;
    txn.commit().await?;
    Ok(format!("/help/{}?thanks=1", request.id))
}

// ---------------------------------------------------------------------------------------------
// Sharing progress

pub async fn set_share(
    ctx: &AppContext,
    me: &CurrentUser,
    scout: String,
    share: bool,
) -> Result<String, AppError> {
    let scout = AppError::parse_id(&scout)?;
    let txn = ctx.db.begin().await?;
    if share && !scout_ids(&txn).await?.contains(&scout) {
        return Err(AppError::NotFound);
    }
    let now = ctx.now();
    let current = progress_share::Entity::find()
        .filter(progress_share::Column::UserId.eq(me.id))
        .filter(progress_share::Column::ScoutId.eq(scout))
        .filter(progress_share::Column::RevokedAt.is_null())
        .all(&txn)
        .await?;
    let changed = match (share, current.is_empty()) {
        (true, true) => {
            progress_share::ActiveModel {
                id: Set(Uuid::new_v4()),
                user_id: Set(me.id),
                scout_id: Set(scout),
                granted_at: Set(now),
                revoked_at: Set(None),
            }
            .insert(&txn)
            .await?;
            true
        }
        (false, false) => {
            for row in current {
                let mut active: progress_share::ActiveModel = row.into();
                active.revoked_at = Set(Some(now));
                active.update(&txn).await?;
            }
            true
        }
        _ => false,
    };
    if changed {
        record(
            &txn,
            now,
            Some(me.id),
            if share {
                "progress.shared"
            } else {
                "progress.share_revoked"
            },
            "user",
            Some(scout.to_string()),
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(String::from(if share {
        "/scouts?shared=1"
    } else {
        "/scouts?revoked=1"
    }))
}
