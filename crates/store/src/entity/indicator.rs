use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "indicators")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub initiative_id: i64,
    pub name: String,
    pub name_search: String,
    pub definition: String,
    pub unit: String,
    pub direction: String,
    pub frequency: String,
    pub geography: String,
    pub decimals: i16,
    pub source: String,
    pub organisation_id: Option<i64>,
    pub status_rule: String,
    #[sea_orm(column_type = "Double")]
    pub noise: f64,
    pub public: bool,
    pub baseline_period: Option<String>,
    #[sea_orm(column_type = "Double", nullable)]
    pub baseline_value: Option<f64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
