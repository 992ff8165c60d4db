use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "indicator_connectors")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub indicator_id: i64,
    pub table_code: String,
    /// JSON: variable → list of codes.
    #[sea_orm(column_type = "Text")]
    pub filter: String,
    pub refresh: String,
    pub last_run_at: Option<DateTimeUtc>,
    pub last_status: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_message: Option<String>,
    pub last_imported: Option<i64>,
    pub last_unchanged: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
