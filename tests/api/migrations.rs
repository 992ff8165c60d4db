//! Migrations carry existing data over to a new schema.

use crate::helpers::*;

#[tokio::test]
async fn the_migration_makes_existing_statements_the_first_revisions() {
    use rygrad_store::migration::Migrator;
    use sea_orm::ConnectionTrait;
    use sea_orm::sea_query::Query;
    use sea_orm_migration::MigratorTrait;
    let (url, _dir) = fresh_database().await;
    let store = rygrad_store::Store::connect(&url).await.unwrap();
    // the schema as it was before the knowledge base, with an initiative in it
    Migrator::up(store.connection(), Some(4)).await.unwrap();
    let at = chrono::Utc::now();
    let insert = Query::insert()
        .into_table("initiatives")
        .columns([
            "slug",
            "name",
            "problem_statement",
            "vision",
            "guiding_principles",
            "is_public",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            "gammel".into(),
            "Gammelt initiativ".into(),
            "Ensomhed blandt ældre".into(),
            "Ingen er alene".into(),
            "".into(),
            true.into(),
            at.into(),
            at.into(),
        ])
        .to_owned();
    store.connection().execute(&insert).await.unwrap();
    store.migrate().await.unwrap();

    let id = store.initiatives().await.unwrap()[0].id;
    let sections = store.knowledge_base(id, None).await.unwrap();
    let text = |kind: &str| {
        sections
            .iter()
            .find(|s| s.kind.code() == kind)
            .unwrap()
            .current
            .as_ref()
            .map(|r| (r.number, r.content.body.clone()))
    };
    assert_eq!(text("problem"), Some((1, "Ensomhed blandt ældre".into())));
    assert_eq!(text("vision"), Some((1, "Ingen er alene".into())));
    assert_eq!(text("principles"), None, "an empty statement has no revision");
    assert_eq!(text("strategies"), None);
}
