use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: Option<i64>,
    pub host_user_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub title: String,
    pub title_search: String,
    pub description: String,
    pub address: String,
    #[sea_orm(column_type = "Double")]
    pub lat: f64,
    #[sea_orm(column_type = "Double")]
    pub lon: f64,
    pub municipality_code: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub capacity: i32,
    pub seats_taken: i32,
    pub join_mode: String,
    pub external_url: Option<String>,
    pub themes: String,
    pub accessibility: String,
    pub price_ore: Option<i32>,
    pub language: String,
    #[sea_orm(unique)]
    pub baton_code: String,
    pub parent_id: Option<i64>,
    pub root_id: i64,
    pub generation: i32,
    pub is_flagship: bool,
    pub status: String,
    pub reports: i32,
    pub external_uid: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
