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

#[tokio::test]
async fn the_municipal_alliances_measure_with_curves_that_tell_a_story() {
    use rygrad_domain::indicator::{IndicatorStatus, Unit, due_period};
    use rygrad_domain::indicator_stats::{StatusInput, status};
    let app = spawn_app().await;
    rygrad::demo::seed(&app.store).await.unwrap();
    let today = rygrad_domain::format::local_date(chrono::Utc::now());
    for (slug, home) in [("trivsel-lejre", "0350"), ("lettere-liv-helsingoer", "0217")] {
        let id = app.store.initiative_by_slug(slug).await.unwrap().unwrap().row.id;
        let indicators = app.store.indicators_of(id).await.unwrap();
        assert!((6..=10).contains(&indicators.len()), "{slug}: {} indicators", indicators.len());
        // a survey's indicator has a value per closed wave, not a story of years
        let mut fed = Vec::new();
        for survey in app.store.surveys_of(id).await.unwrap() {
            fed.extend(app.store.indicators_fed_by(survey.id).await.unwrap());
        }
        let mut statuses = Vec::new();
        for indicator in indicators.iter().filter(|i| !fed.contains(&i.id)) {
            assert!(!indicator.goal_ids.is_empty(), "{}: measures a goal", indicator.name);
            assert!(indicator.baseline.is_some(), "{}: has a baseline", indicator.name);
            let unit = match indicator.geography {
                rygrad_domain::indicator::Geography::Custom => {
                    Unit::Custom(app.store.indicator_units_of(id).await.unwrap()[0].id)
                }
                _ => Unit::Municipality(home.into()),
            };
            let series = app.store.indicator_series(indicator, &unit).await.unwrap();
            assert!(series.len() >= 5, "{}: {} years", indicator.name, series.len());
            let points: Vec<_> = series.iter().map(|v| (v.period, v.value)).collect();
            statuses.push(status(&StatusInput {
                rule: indicator.status_rule,
                direction: indicator.direction,
                noise: indicator.noise,
                baseline: indicator.baseline,
                targets: &indicator.targets,
                points: &points,
                due: Some(due_period(indicator.frequency, today)),
            }));
        }
        for wanted in [IndicatorStatus::OnTrack, IndicatorStatus::OffTrack] {
            assert!(statuses.contains(&wanted), "{slug}: {statuses:?} has no {wanted:?}");
        }
        assert!(indicators.iter().any(|i| i.public) && indicators.iter().any(|i| !i.public), "{slug}");
    }
}

#[tokio::test]
async fn the_childrens_wellbeing_survey_feeds_an_indicator_with_its_intervals() {
    use rygrad_domain::indicator::{Unit, ValueSource};
    let app = spawn_app().await;
    rygrad::demo::seed(&app.store).await.unwrap();
    let id = app.store.initiative_by_slug("trivsel-lejre").await.unwrap().unwrap().row.id;
    let survey = app.store.surveys_of(id).await.unwrap().remove(0);
    let fed = app.store.indicators_fed_by(survey.id).await.unwrap();
    assert_eq!(fed.len(), 1);
    let indicator = app.store.indicator(fed[0]).await.unwrap().unwrap();
    assert!(!indicator.goal_ids.is_empty(), "it measures a goal");
    let series = app.store.indicator_series(&indicator, &Unit::Municipality("0350".into())).await.unwrap();
    assert_eq!(series.len(), 2, "the two closed waves: {series:?}");
    for value in &series {
        let (low, high) = value.ci.expect("an interval");
        assert!(low < value.value && value.value < high && value.n.unwrap() > 100, "{value:?}");
        assert_eq!(value.source, ValueSource::Survey);
    }
}

#[tokio::test]
async fn the_childrens_alliance_has_a_wellbeing_survey_of_three_waves_with_small_classes() {
    use rygrad_domain::survey::WaveStatus;
    let app = spawn_app().await;
    rygrad::demo::seed(&app.store).await.unwrap();
    let lejre = app.store.initiative_by_slug("trivsel-lejre").await.unwrap().unwrap().row.id;
    let survey = &app.store.surveys_of(lejre).await.unwrap()[0];
    let waves = app.store.survey_waves_of(survey.id).await.unwrap();
    assert_eq!(waves.len(), 3);
    assert!(waves[0].baseline && !waves[1].baseline);
    assert_eq!(waves.iter().filter(|w| w.status == WaveStatus::Open).count(), 1, "the newest wave only");
    for wave in &waves {
        assert_eq!(app.store.survey_groups_of(wave.id).await.unwrap().len(), 12);
        let counts = app.store.survey_counts_by_group(wave.id).await.unwrap();
        assert!(counts.respondents.values().any(|&n| n < 5), "{}: a class under 5", wave.name);
        assert!(counts.total > 150, "{}: {}", wave.name, counts.total);
    }
    let movement = app.store.initiative_by_slug("danmark-spiser-sammen").await.unwrap().unwrap().row.id;
    assert_eq!(app.store.surveys_of(movement).await.unwrap().len(), 1, "the campaign's loneliness survey");
}
