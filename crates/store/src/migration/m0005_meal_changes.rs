//! Meals by the time they last changed: the in-memory meal index (`meal_index.rs`) reads the
//! rows other processes changed since its last look.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0005_meal_changes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(Index::create().name("meals_updated_at").table("meals").col("updated_at").to_owned()).await
    }
}
