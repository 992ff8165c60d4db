use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "kb_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub section_id: i64,
    pub number: i32,
    pub body: String,
    pub sources: String,
    pub note: String,
    pub author_user_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
