//! Coverage and appointments (HR, admin): which units have a scout; appointing and dismissing.

use super::*;

pub async fn coverage(ctx: &AppContext, me: &CurrentUser) -> Result<Coverage, AppError> {
    me.require_any(&[Role::Hr, Role::Admin])?;
    let scouts = scout_ids(&ctx.db).await?;
    let people = users_by_id(&ctx.db, scouts.iter().copied()).await?;
    let mut serving: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in scout_department::Entity::find()
        .filter(scout_department::Column::ScoutId.is_in(scouts.clone()))
        .all(&ctx.db)
        .await?
    {
        if let Some(person) = people.get(&row.scout_id) {
            serving
                .entry(row.department_id)
                .or_default()
                .push(person.display_name.clone());
        }
    }
    let rows: Vec<CoverageRow> = crate::organisation::server::list_rows(&ctx.db)
        .await?
        .into_iter()
        .map(|department| {
            let mut scouts = serving.remove(&department.id).unwrap_or_default();
            scouts.sort();
            CoverageRow { department, scouts }
        })
        .collect();
    let mut scout_list: Vec<(Uuid, String, Option<String>)> = people
        .values()
        .map(|u| (u.id, u.display_name.clone(), u.email.clone()))
        .collect();
    scout_list.sort_by(|a, b| a.1.cmp(&b.1));
    let unassigned = help_request::Entity::find()
        .filter(help_request::Column::Status.eq(RequestStatus::Unassigned.as_str()))
        .all(&ctx.db)
        .await?
        .len() as u64;
    Ok(Coverage {
        uncovered: rows.iter().filter(|r| r.scouts.is_empty()).count() as u64,
        rows,
        scouts: scout_list,
        unassigned,
    })
}

pub async fn appoint(
    ctx: &AppContext,
    me: &CurrentUser,
    email: String,
    departments: Vec<String>,
) -> Result<String, AppError> {
    me.require_any(&[Role::Hr, Role::Admin])?;
    let mut v = Validation::new();
    let email = crate::auth::server::normalize_email(&email);
    let txn = ctx.db.begin().await?;
    let person = if v.require(&email, "email") {
        user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .filter(user::Column::Active.eq(true))
            .one(&txn)
            .await?
    } else {
        None
    };
    v.check(person.is_some(), "email", "scouts-appoint-unknown");
    let units = v.value(existing_units(&txn, &departments).await)?;
    // Without units chosen the person's own unit; whether there is one is known only with
    // the person.
    let units = match (&person, units) {
        (Some(person), Some(units)) if units.is_empty() => {
            person.department_id.into_iter().collect()
        }
        (_, units) => units.unwrap_or_default(),
    };
    if person.is_some() {
        v.check(!units.is_empty(), "departments", "scouts-appoint-units");
    }
    let person = v.finish_with(person)?;
    let already = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(person.id))
        .filter(user_role::Column::Role.eq(Role::Scout.as_str()))
        .one(&txn)
        .await?
        .is_some();
    if !already {
        user_role::ActiveModel {
            user_id: Set(person.id),
            role: Set(Role::Scout.as_str().to_owned()),
        }
        .insert(&txn)
        .await?;
    }
    set_units(&txn, person.id, &units).await?;
    let now = ctx.now();
    record(
        &txn,
        now,
        Some(me.id),
        "scout.appointed",
        "user",
        Some(person.id.to_string()),
        serde_json::json!({ "departments": units }),
    )
    .await?;
    txn.commit().await?;
    Ok(String::from("/scouts/coverage?appointed=1"))
}

pub async fn dismiss(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    me.require_any(&[Role::Hr, Role::Admin])?;
    let scout = AppError::parse_id(&id)?;
    let txn = ctx.db.begin().await?;
    let removed = user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(scout))
        .filter(user_role::Column::Role.eq(Role::Scout.as_str()))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    set_units(&txn, scout, &[]).await?;
    // Their open requests go to the next scout at once.
    let open = help_request::Entity::find()
        .filter(help_request::Column::ScoutId.eq(scout))
        .filter(help_request::Column::Status.eq(RequestStatus::Open.as_str()))
        .all(&txn)
        .await?;
    for request in open {
        let mut passed: Vec<Uuid> = serde_json::from_str(&request.passed_over).unwrap_or_default();
        passed.push(scout);
        assign_next(&txn, ctx, request, passed).await?;
    }
    record(
        &txn,
        ctx.now(),
        Some(me.id),
        "scout.dismissed",
        "user",
        Some(scout.to_string()),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(String::from("/scouts/coverage?dismissed=1"))
}
