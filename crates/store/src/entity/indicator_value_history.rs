use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_value_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub indicator_id: i64,
    pub unit: String,
    pub period: String,
    #[sea_orm(column_type = "Double")]
    pub value: f64,
    pub n: Option<i64>,
    #[sea_orm(column_type = "Double", nullable)]
    pub ci_low: Option<f64>,
    #[sea_orm(column_type = "Double", nullable)]
    pub ci_high: Option<f64>,
    pub note: String,
    pub source: String,
    pub source_name: String,
    pub entered_by: Option<i64>,
    pub entered_at: DateTimeUtc,
    pub replaced_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
