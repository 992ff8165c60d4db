use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub wave_id: i64,
    pub name: String,
    pub code: String,
    /// The group's responses, counted as each is stored.
    pub responses: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
