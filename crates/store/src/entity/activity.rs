use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub initiative_id: i64,
    pub title: String,
    pub description: String,
    pub search_text: String,
    pub lead_organisation_id: Option<i64>,
    pub target_group: String,
    pub municipality_code: Option<String>,
    pub address: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub status: String,
    pub stop_reason: String,
    pub proposed: bool,
    pub participants_reached: Option<i64>,
    pub helped: String,
    pub hindered: String,
    pub satisfaction: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
