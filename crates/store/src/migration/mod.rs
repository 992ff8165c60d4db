//! Schema migrations, one file per change, run on start and by `rygrad migrate`. The same
//! migration runs on SQLite and PostgreSQL through sea-query's schema builder.

use sea_orm_migration::prelude::*;

mod m0001_core;
mod m0002_meals;
mod m0003_agenda;
mod m0004_meal_search_index;
mod m0005_meal_changes;
mod m0006_activities;
mod m0007_meetings;
mod m0008_action_plan_indexes;
mod m0009_mail_delivery;
mod m0010_jobs;
mod m0011_login_throttle;
mod m0012_indicators;
mod m0013_held_uploads;
mod m0014_connector_runs;
mod m0015_surveys;
mod m0016_survey_feeds;
mod m0017_survey_counts;
mod m0018_indicator_values_by_period;
mod m0019_survey_number_sums;
mod m0020_indicator_values_unchecked;
mod m0021_survey_crossings;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_core::Migration),
            Box::new(m0002_meals::Migration),
            Box::new(m0003_agenda::Migration),
            Box::new(m0004_meal_search_index::Migration),
            Box::new(m0005_meal_changes::Migration),
            Box::new(m0006_activities::Migration),
            Box::new(m0007_meetings::Migration),
            Box::new(m0008_action_plan_indexes::Migration),
            Box::new(m0009_mail_delivery::Migration),
            Box::new(m0010_jobs::Migration),
            Box::new(m0011_login_throttle::Migration),
            Box::new(m0012_indicators::Migration),
            Box::new(m0013_held_uploads::Migration),
            Box::new(m0014_connector_runs::Migration),
            Box::new(m0015_surveys::Migration),
            Box::new(m0016_survey_feeds::Migration),
            Box::new(m0017_survey_counts::Migration),
            Box::new(m0018_indicator_values_by_period::Migration),
            Box::new(m0019_survey_number_sums::Migration),
            Box::new(m0020_indicator_values_unchecked::Migration),
            Box::new(m0021_survey_crossings::Migration),
        ]
    }
}
