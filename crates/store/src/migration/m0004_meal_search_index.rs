//! Meal search by place and time: one index on (start, lat, lon) in place of the separate ones,
//! so that a search for the next
//! fortnight walks that fortnight only and filters place inside the index, instead of walking a
//! whole latitude band through the (lat, lon) index (measured in bench/MEALS_RESULTS_SEARCH_FIX.md).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_meal_search_index"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The new index also serves everything the start-time index served.
        m.drop_index(Index::drop().name("meals_lat_lon").table("meals").to_owned()).await?;
        m.drop_index(Index::drop().name("meals_starts_at").table("meals").to_owned()).await?;
        m.create_index(
            Index::create()
                .name("meals_starts_lat_lon")
                .table("meals")
                .col("starts_at")
                .col("lat")
                .col("lon")
                .to_owned(),
        )
        .await
    }
}
