//! The scout's own page: the profile form, the requests in hand and the answer figures.

use super::*;

pub async fn profile(ctx: &AppContext, me: &CurrentUser) -> Result<ProfileForm, AppError> {
    me.require_any(&[Role::Scout])?;
    let profile = scout_profile::Entity::find_by_id(me.id)
        .one(&ctx.db)
        .await?;
    let departments = scout_department::Entity::find()
        .filter(scout_department::Column::ScoutId.eq(me.id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| r.department_id)
        .collect();
    let topics = scout_topic::Entity::find()
        .filter(scout_topic::Column::ScoutId.eq(me.id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| r.competence)
        .collect();
    let rows = help_request::Entity::find()
        .filter(help_request::Column::ScoutId.eq(me.id))
        .order_by_desc(help_request::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let names = users_by_id(&ctx.db, rows.iter().map(|r| r.requester_id)).await?;
    let inbox = rows
        .iter()
        .filter(|r| RequestStatus::parse(&r.status) != RequestStatus::Withdrawn)
        .map(|r| {
            summary(
                ctx,
                me.locale,
                r,
                names.get(&r.requester_id).map(|u| u.display_name.clone()),
            )
        })
        .collect();
    let closed: Vec<&help_request::Model> = rows
        .iter()
        .filter(|r| RequestStatus::parse(&r.status) == RequestStatus::Closed)
        .collect();
    let (median_answer_hours, average_rating) = answer_figures(&rows.iter().collect::<Vec<_>>());
    Ok(ProfileForm {
        about: profile
            .as_ref()
            .map(|p| p.about.clone())
            .unwrap_or_default(),
        channels: profile
            .as_ref()
            .map(|p| Channel::parse_list(&p.channels))
            .unwrap_or_else(|| vec![Channel::InPerson]),
        languages: profile
            .as_ref()
            .map(|p| p.languages.clone())
            .unwrap_or_default(),
        capacity: profile
            .as_ref()
            .map(|p| p.capacity)
            .unwrap_or(DEFAULT_CAPACITY)
            .max(1) as u32,
        office_hours: profile
            .as_ref()
            .map(|p| p.office_hours.clone())
            .unwrap_or_default(),
        departments,
        topics,
        all_departments: crate::organisation::server::list_rows(&ctx.db).await?,
        all_topics: all_topics(ctx, me.locale, &HashSet::new()),
        inbox,
        handled: closed.len() as u64,
        open: rows
            .iter()
            .filter(|r| RequestStatus::parse(&r.status).is_active())
            .count() as u64,
        median_answer_hours,
        average_rating,
    })
}

/// Median hours to the first answer (of the answered requests) and the average rating (of the
/// rated ones): the figures a scout sees of themselves and HR sees per unit.
pub fn answer_figures(requests: &[&help_request::Model]) -> (Option<f64>, Option<f64>) {
    let mut hours: Vec<f64> = requests
        .iter()
        .filter_map(|r| {
            r.first_answer_at
                .map(|a| (a - r.created_at).num_minutes() as f64 / 60.0)
        })
        .collect();
    hours.sort_by(f64::total_cmp);
    let ratings: Vec<f64> = requests
        .iter()
        .filter_map(|r| r.rating)
        .map(f64::from)
        .collect();
    let average = (!ratings.is_empty()).then(|| ratings.iter().sum::<f64>() / ratings.len() as f64);
    (median(&hours), average)
}

/// The median of sorted values.
pub fn median(sorted: &[f64]) -> Option<f64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2]),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

pub(super) async fn set_units(
    txn: &impl ConnectionTrait,
    scout: Uuid,
    units: &[Uuid],
) -> Result<(), AppError> {
    scout_department::Entity::delete_many()
        .filter(scout_department::Column::ScoutId.eq(scout))
        .exec(txn)
        .await?;
    for unit in units {
        scout_department::ActiveModel {
            scout_id: Set(scout),
            department_id: Set(*unit),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Parses unit ids from a form and checks that they exist.
pub(super) async fn existing_units(
    db: &impl ConnectionTrait,
    values: &[String],
) -> Result<Vec<Uuid>, AppError> {
    let known: HashSet<Uuid> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let mut units = Vec::new();
    for value in values {
        let unit: Uuid = value
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("departments", "field-invalid-choice"))?;
        if !known.contains(&unit) {
            return Err(AppError::invalid("departments", "field-invalid-choice"));
        }
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    Ok(units)
}

// The fields of the profile form, as the server function receives them.
#[allow(clippy::too_many_arguments)]
pub async fn save_profile(
    ctx: &AppContext,
    me: &CurrentUser,
    about: String,
    channels: Vec<String>,
    languages: String,
    capacity: String,
    office_hours: String,
    departments: Vec<String>,
    topics: Vec<String>,
) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let mut v = Validation::new();
    let about = trimmed(&mut v, &about, "about", MAX_TEXT, false);
    let languages = trimmed(&mut v, &languages, "languages", MAX_SHORT_TEXT, false);
    let office_hours = trimmed(&mut v, &office_hours, "office_hours", MAX_SHORT_TEXT, false);
    let channels: Vec<Channel> = channels.iter().filter_map(|c| Channel::parse(c)).collect();
    v.check(!channels.is_empty(), "channels", "scouts-channels-required");
    let capacity: Option<u32> = capacity
        .trim()
        .parse()
        .ok()
        .filter(|c| (1..=MAX_CAPACITY).contains(c));
    v.check(capacity.is_some(), "capacity", "scouts-capacity-range");
    let mut topic_ids = Vec::new();
    for topic in &topics {
        let topic = topic.trim();
        if !v.check(
            ctx.content().competence(topic).is_some(),
            "topics",
            "field-invalid-choice",
        ) {
            continue;
        }
        if !topic_ids.iter().any(|t: &String| t == topic) {
            topic_ids.push(topic.to_owned());
        }
    }
    let txn = ctx.db.begin().await?;
    let units = v.value(existing_units(&txn, &departments).await)?;
    let (capacity, units) = v.finish_with(capacity.zip(units))?;
    let now = ctx.now();
    let channel_list = channels
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let model = scout_profile::ActiveModel {
        user_id: Set(me.id),
        about: Set(about),
        channels: Set(channel_list),
        languages: Set(languages),
        capacity: Set(capacity as i32),
        office_hours: Set(office_hours),
        updated_at: Set(now),
    };
    if scout_profile::Entity::find_by_id(me.id)
        .one(&txn)
        .await?
        .is_some()
    {
        model.update(&txn).await?;
    } else {
        model.insert(&txn).await?;
    }
    set_units(&txn, me.id, &units).await?;
    scout_topic::Entity::delete_many()
        .filter(scout_topic::Column::ScoutId.eq(me.id))
        .exec(&txn)
        .await?;
    for topic in topic_ids {
        scout_topic::ActiveModel {
            scout_id: Set(me.id),
            competence: Set(topic),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(String::from("/scouts/profile/edit?saved=1"))
}
