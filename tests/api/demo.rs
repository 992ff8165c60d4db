//! The demo workspace seeds on every backend.

use crate::helpers::*;

#[tokio::test]
async fn the_demo_workspace_loads_on_this_database() {
    let app = spawn_app().await;
    rygrad::demo::seed(&app.store).await.unwrap();
    let lejre = app.store.initiative_by_slug("trivsel-lejre").await.unwrap().unwrap().row.id;
    assert_eq!(app.store.meetings_of(lejre).await.unwrap().len(), 3);
    let items = app.store.action_items(lejre, None, None, false).await.unwrap();
    let today = rygrad_domain::format::local_date(chrono::Utc::now());
    assert!(items.iter().any(|i| i.item.done), "some done");
    assert!(
        items.iter().any(|i| rygrad_domain::meeting::is_overdue(i.item.due_on, i.item.done, today)),
        "some overdue"
    );
    let kb = app.store.knowledge_base(lejre, None).await.unwrap();
    let revision = |kind: &str| kb.iter().find(|s| s.kind.code() == kind).unwrap().current.as_ref().unwrap().number;
    assert_eq!((revision("problem"), revision("strategies")), (2, 2));
    let helsingoer = app.store.initiative_by_slug("lettere-liv-helsingoer").await.unwrap().unwrap().row.id;
    assert!(!app.store.decisions_of(helsingoer, None).await.unwrap().is_empty());
}
