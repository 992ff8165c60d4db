//! Survey questions feeding indicators: one link per indicator (a unique index) to a question
//! of a survey of the same initiative, with the options counted and where the values go. The
//! values a refresh brings go in through [`Store::apply_import`] like any other.

use crate::StoreError;
use crate::audit::{self, AuditActor, Change};
use crate::entity::{indicator_survey_link, survey_response};
use crate::indicators::{Indicator, stored_unit};
use crate::{Result, Store};
use chrono::NaiveDate;
use rygrad_domain::survey_feed::{FeedMapping, FeedUnits, SurveyLinkPlan};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::json;

/// An indicator's link to a survey question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyLink {
    pub indicator_id: i64,
    pub plan: SurveyLinkPlan,
}

fn link_of(row: indicator_survey_link::Model, indicator: &Indicator) -> Result<SurveyLink> {
    let mapping = match FeedUnits::of_code(&row.units) {
        FeedUnits::Groups => FeedMapping::Groups,
        FeedUnits::Wave => {
            FeedMapping::Wave(stored_unit(row.unit.as_deref().unwrap_or_default(), indicator.geography)?)
        }
    };
    let options = row.options.split(',').filter_map(|o| o.trim().parse().ok()).collect();
    Ok(SurveyLink {
        indicator_id: row.indicator_id,
        plan: SurveyLinkPlan { survey_id: row.survey_id, question: row.question, options, mapping },
    })
}

fn options_text(plan: &SurveyLinkPlan) -> String {
    plan.options.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

fn audit_view(plan: &SurveyLinkPlan) -> serde_json::Value {
    json!({
        "survey_id": plan.survey_id,
        "question": plan.question,
        "options": plan.options,
        "units": plan.mapping.units().code(),
        "unit": plan.mapping.unit().map(|u| u.key()),
    })
}

impl Store {
    /// An indicator's survey link, if it has one.
    pub async fn indicator_survey_link(&self, indicator: &Indicator) -> Result<Option<SurveyLink>> {
        indicator_survey_link::Entity::find()
            .filter(indicator_survey_link::Column::IndicatorId.eq(indicator.id))
            .one(&self.db)
            .await?
            .map(|row| link_of(row, indicator))
            .transpose()
    }

    /// Links an indicator to a survey question, or changes its link; audited.
    pub async fn save_indicator_survey_link(
        &self,
        indicator: &Indicator,
        plan: &SurveyLinkPlan,
        by: &AuditActor,
    ) -> Result<SurveyLink> {
        let txn = self.write().await?;
        let old = indicator_survey_link::Entity::find()
            .filter(indicator_survey_link::Column::IndicatorId.eq(indicator.id))
            .one(&txn)
            .await?;
        let unit = plan.mapping.unit().map(|u| u.key());
        let (row, action, changes) = match old {
            Some(old) => {
                let before = link_of(old.clone(), indicator)?;
                let changes = audit::diff(&audit_view(&before.plan), &audit_view(plan));
                let mut row = old.into_active_model();
                row.survey_id = Set(plan.survey_id);
                row.question = Set(plan.question.clone());
                row.options = Set(options_text(plan));
                row.units = Set(plan.mapping.units().code().into());
                row.unit = Set(unit);
                (row.update(&txn).await?, "update", changes)
            }
            None => {
                let row = indicator_survey_link::ActiveModel {
                    indicator_id: Set(indicator.id),
                    survey_id: Set(plan.survey_id),
                    question: Set(plan.question.clone()),
                    options: Set(options_text(plan)),
                    units: Set(plan.mapping.units().code().into()),
                    unit: Set(unit),
                    ..Default::default()
                };
                (row.insert(&txn).await?, "create", audit_view(plan))
            }
        };
        let change = Change::of(indicator.initiative_id, action, "indicator_survey_link", row.id, changes);
        audit::record(&txn, by, change).await?;
        txn.commit().await?;
        link_of(row, indicator)
    }

    /// Removes an indicator's survey link; the values it wrote stay. `NotFound` without one.
    pub async fn delete_indicator_survey_link(&self, indicator: &Indicator, by: &AuditActor) -> Result<()> {
        let txn = self.write().await?;
        let row = indicator_survey_link::Entity::find()
            .filter(indicator_survey_link::Column::IndicatorId.eq(indicator.id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        indicator_survey_link::Entity::delete_by_id(row.id).exec(&txn).await?;
        let changes = json!({"survey_id": row.survey_id, "question": row.question});
        audit::record(
            &txn,
            by,
            Change::of(indicator.initiative_id, "delete", "indicator_survey_link", row.id, changes),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The day a wave's first answer came in (answers keep the day only); none before any.
    pub async fn survey_wave_answered_from(&self, wave_id: i64) -> Result<Option<NaiveDate>> {
        let first: Option<Option<NaiveDate>> = survey_response::Entity::find()
            .select_only()
            .column_as(survey_response::Column::AnsweredOn.min(), "first")
            .filter(survey_response::Column::WaveId.eq(wave_id))
            .into_tuple()
            .one(&self.db)
            .await?;
        Ok(first.flatten())
    }

    /// The ids of the indicators a survey feeds.
    pub async fn indicators_fed_by(&self, survey_id: i64) -> Result<Vec<i64>> {
        Ok(indicator_survey_link::Entity::find()
            .filter(indicator_survey_link::Column::SurveyId.eq(survey_id))
            .order_by_asc(indicator_survey_link::Column::IndicatorId)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| row.indicator_id)
            .collect())
    }
}
