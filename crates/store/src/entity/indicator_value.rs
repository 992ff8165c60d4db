use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_values")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub indicator_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit: String,
    #[sea_orm(primary_key, auto_increment = false)]
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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
