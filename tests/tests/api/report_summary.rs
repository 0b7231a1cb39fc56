//! The reports' per-person summary (`person_summary`): written by the transaction that records a
//! pass, equal to what the evidence says, computed afresh where its basis is stale, and rebuilt
//! by the first start after the content changed a refresh interval.

use app::auth::Role;
use app::content::HasContent;
use app::db::{evidence, person_summary, person_summary_basis};
use app::reports::summary;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use tests::TestApp;
use uuid::Uuid;

const MODULE: &str = "grundlagen-digitaler-arbeitsplatz";

/// The summary computed straight from a person's evidence rows.
async fn from_evidence(app: &TestApp, user: Uuid) -> Vec<summary::Span> {
    let rows = evidence::Entity::find()
        .filter(evidence::Column::UserId.eq(user))
        .all(&app.db)
        .await
        .expect("evidence");
    let passes: Vec<summary::Pass> = rows
        .into_iter()
        .map(|r| {
            (
                r.competence_id,
                u8::try_from(r.level).unwrap_or(0),
                r.module_id,
                r.achieved_at,
            )
        })
        .collect();
    summary::spans(&passes, &app.ctx.content().certificates.refresh)
}

async fn stored(app: &TestApp, user: Uuid) -> Option<person_summary::Model> {
    person_summary::Entity::find_by_id(user)
        .one(&app.db)
        .await
        .expect("summary")
}

#[tokio::test]
async fn a_pass_writes_the_summary_and_a_stale_one_is_computed_afresh() {
    let app = TestApp::spawn().await;
    let (client, learner) = app
        .logged_in("lernende@example.org", &[Role::Employee])
        .await;
    // In a unit, so that the reports count the learner.
    let unit = crate::reports::add_department(&app, "Bürgerbüro", None, None).await;
    let mut account: app::db::user::ActiveModel = app::db::user::Entity::find_by_id(learner)
        .one(&app.db)
        .await
        .expect("user")
        .expect("exists")
        .into();
    account.department_id = Set(Some(unit));
    account.update(&app.db).await.expect("place the learner");
    assert!(
        stored(&app, learner).await.is_none(),
        "no summary before a pass"
    );

    tests::learning::pass(&app, &client, MODULE).await;
    let refresh = app.ctx.content().certificates.refresh.clone();
    let row = stored(&app, learner)
        .await
        .expect("the pass wrote the summary");
    let expected = from_evidence(&app, learner).await;
    assert!(!expected.is_empty(), "the module proves competences");
    assert_eq!(summary::decode(&row.spans), Some(expected.clone()));
    assert_eq!(row.basis, summary::basis(&refresh));

    // The reports read the summary: the learner holds what the evidence proves.
    let population = app::reports::data::load(&app.db, &app.ctx.content(), app.ctx.now(), None)
        .await
        .expect("population");
    let person = population
        .people
        .iter()
        .find(|p| p.id == learner)
        .expect("the learner is counted");
    let alone = app::reports::data::load(&app.db, &app.ctx.content(), app.ctx.now(), Some(learner))
        .await
        .expect("one person");
    assert_eq!(person.spans, alone.people[0].spans);
    let targeted = expected
        .iter()
        .filter(|s| population.competences.contains(&s.competence))
        .count();
    assert_eq!(person.spans.len(), targeted);
    assert!(targeted > 0, "the module proves a target competence");

    // A row written with another basis (an instance with other refresh intervals) or that is
    // not a summary at all is computed from the evidence when read.
    person_summary::ActiveModel {
        user_id: Set(learner),
        spans: Set("not a summary".into()),
        basis: Set("spans-0:old".into()),
    }
    .update(&app.db)
    .await
    .expect("spoil the row");
    let spans = summary::load_all(&app.db, &refresh).await.expect("load");
    assert_eq!(spans.get(&learner), Some(&expected));

    // The first start with a basis other than the stored one rebuilds every row.
    person_summary_basis::ActiveModel {
        id: Set(1),
        basis: Set("spans-0:old".into()),
    }
    .update(&app.db)
    .await
    .expect("change the stored basis");
    let database = app.database.clone();
    let clock = app.clock.clone();
    app.shutdown().await;
    let again = TestApp::spawn_on(database, clock, |_| {})
        .await
        .expect("restart");
    let row = stored(&again, learner).await.expect("rebuilt");
    assert_eq!(row.basis, summary::basis(&refresh));
    assert_eq!(summary::decode(&row.spans), Some(expected));
    let basis = person_summary_basis::Entity::find_by_id(1)
        .one(&again.db)
        .await
        .expect("basis")
        .expect("one row");
    assert_eq!(basis.basis, summary::basis(&refresh));
    again.shutdown().await;
}
