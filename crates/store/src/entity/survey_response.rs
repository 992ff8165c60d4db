use sea_orm::entity::prelude::*;

/// No user, address, user agent or time finer than the day: see the migration.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_responses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub wave_id: i64,
    pub group_id: i64,
    pub answered_on: Date,
    pub version: i32,
    pub panel_key: Option<String>,
    pub answers: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
