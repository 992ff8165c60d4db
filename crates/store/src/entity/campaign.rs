use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub initiative_id: i64,
    pub name: String,
    pub year: i32,
    pub iso_week: i32,
    pub starts_on: Date,
    pub ends_on: Date,
    pub themes: String,
    pub target_meals: i32,
    pub target_member_meals: i32,
    pub target_flagships: i32,
    pub target_flagship_guests: i32,
    pub target_guests: i32,
    pub target_rural_municipalities: i32,
    pub target_urban_municipalities: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
