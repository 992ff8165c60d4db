//! Indexes for the action plan's grouped counts and sums (measured in bench/WORKSPACE_RESULTS.md):
//! an initiative's commitments by kind with their amounts, and by organisation and activity
//! (on SQLite these are read from the index alone, as its indexes carry the row id; PostgreSQL
//! still visits the rows for the id); deliveries are summed per commitment with their amounts.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0008_action_plan_indexes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let index = |name: &str, table: &str, columns: &[&'static str]| {
            let mut i = Index::create().name(name).table(Alias::new(table)).to_owned();
            for c in columns {
                i.col(Alias::new(*c));
            }
            i
        };
        // resources promised per kind
        m.create_index(index("commitments_initiative_kind", "commitments", &["initiative_id", "kind", "amount"]))
            .await?;
        // the organisations × tracks matrix, and one organisation's commitments (my page)
        m.create_index(index(
            "commitments_initiative_organisation",
            "commitments",
            &["initiative_id", "organisation_id", "activity_id"],
        ))
        .await?;
        // delivered amounts; also serves every look-up by commitment the old index served
        m.create_index(index("deliveries_commitment_amount", "deliveries", &["commitment_id", "amount"])).await?;
        m.drop_index(Index::drop().name("deliveries_commitment").table(Alias::new("deliveries")).to_owned()).await
    }
}
