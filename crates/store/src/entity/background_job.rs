use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "background_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub input: Option<Vec<u8>>,
    pub status: String,
    pub progress_done: i64,
    pub progress_total: i64,
    pub cursor: i64,
    pub result: String,
    pub error: Option<String>,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<DateTimeUtc>,
    pub attempts: i32,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
