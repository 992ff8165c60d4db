//! Meetings of an initiative's alliance group and working groups, their decisions (a searchable
//! log) and action items given to organisations, with the one reminder each item gets.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{action_item, decision, initiative_role, meeting, meeting_participant, organisation, user};
use crate::organisations::Organisation;
use crate::outbox::{About, NewMail, queue};
use crate::{Result, Store, StoreError, now};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rygrad_domain::meeting::{ActionItemPlan, MeetingKind, MeetingPlan, REMINDER_DAYS_BEFORE, needs_reminder};
use rygrad_domain::text::search_key;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde_json::{Value, json};
use std::collections::HashMap;

/// A meeting: what was planned (its participants as slugs), and its initiative.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    pub initiative_id: i64,
    pub plan: MeetingPlan,
}

impl Meeting {
    fn of(m: meeting::Model, participants: Vec<String>) -> Self {
        Meeting {
            id: m.id,
            initiative_id: m.initiative_id,
            plan: MeetingPlan {
                title: m.title,
                kind: MeetingKind::of_code(&m.kind),
                working_group: m.working_group,
                starts_at: m.starts_at,
                ends_at: m.ends_at,
                place: m.place,
                link: m.link,
                agenda: m.agenda,
                minutes: m.minutes,
                participants,
            },
        }
    }
}

/// A decision recorded at a meeting.
#[derive(Debug, Clone)]
pub struct Decision {
    pub id: i64,
    pub initiative_id: i64,
    pub meeting_id: i64,
    pub text: String,
}

impl From<decision::Model> for Decision {
    fn from(d: decision::Model) -> Self {
        Decision { id: d.id, initiative_id: d.initiative_id, meeting_id: d.meeting_id, text: d.text }
    }
}

/// A decision in the log, with its meeting.
#[derive(Debug, Clone)]
pub struct LoggedDecision {
    pub decision: Decision,
    pub meeting: Meeting,
}

/// An action item given at a meeting to an organisation.
#[derive(Debug, Clone)]
pub struct ActionItem {
    pub id: i64,
    pub initiative_id: i64,
    pub meeting_id: i64,
    pub title: String,
    pub organisation_id: i64,
    pub due_on: NaiveDate,
    pub done: bool,
}

impl From<action_item::Model> for ActionItem {
    fn from(i: action_item::Model) -> Self {
        ActionItem {
            id: i.id,
            initiative_id: i.initiative_id,
            meeting_id: i.meeting_id,
            title: i.title,
            organisation_id: i.organisation_id,
            due_on: i.due_on,
            done: i.done_at.is_some(),
        }
    }
}

/// An action item with the names a list needs.
#[derive(Debug, Clone)]
pub struct ListedActionItem {
    pub item: ActionItem,
    pub organisation_slug: String,
    pub organisation_name: String,
    pub meeting_title: String,
}

/// An action item due for its reminder, and whom to tell.
#[derive(Debug, Clone)]
pub struct Reminder {
    pub item: ActionItem,
    pub organisation_name: String,
    pub initiative_slug: String,
    pub initiative_name: String,
}

fn plan_json(plan: &MeetingPlan, participants: &[i64]) -> Value {
    json!({
        "title": plan.title,
        "kind": plan.kind.code(),
        "working_group": plan.working_group,
        "starts_at": plan.starts_at,
        "ends_at": plan.ends_at,
        "place": plan.place,
        "link": plan.link,
        "agenda": plan.agenda,
        "minutes": plan.minutes,
        "participants": participants,
    })
}

async fn set_participants(db: &impl ConnectionTrait, meeting_id: i64, organisation_ids: &[i64]) -> Result<()> {
    meeting_participant::Entity::delete_many()
        .filter(meeting_participant::Column::MeetingId.eq(meeting_id))
        .exec(db)
        .await?;
    if !organisation_ids.is_empty() {
        meeting_participant::Entity::insert_many(organisation_ids.iter().map(|&organisation_id| {
            meeting_participant::ActiveModel { meeting_id: Set(meeting_id), organisation_id: Set(organisation_id) }
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

async fn organisations_by_id(db: &impl ConnectionTrait, ids: Vec<i64>) -> Result<HashMap<i64, Organisation>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, Organisation::from(o)))
        .collect())
}

/// The slugs of the organisations taking part in each of the meetings, by name.
async fn participant_slugs(db: &impl ConnectionTrait, meeting_ids: Vec<i64>) -> Result<HashMap<i64, Vec<String>>> {
    if meeting_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = meeting_participant::Entity::find()
        .filter(meeting_participant::Column::MeetingId.is_in(meeting_ids))
        .all(db)
        .await?;
    let orgs = organisations_by_id(db, rows.iter().map(|p| p.organisation_id).collect()).await?;
    let mut named: Vec<(i64, &Organisation)> =
        rows.iter().filter_map(|p| Some((p.meeting_id, orgs.get(&p.organisation_id)?))).collect();
    named.sort_by(|a, b| a.1.name_search.cmp(&b.1.name_search));
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for (meeting_id, org) in named {
        out.entry(meeting_id).or_default().push(org.slug.clone());
    }
    Ok(out)
}

/// Meeting rows as meetings, with their participants.
async fn with_participants(db: &impl ConnectionTrait, rows: Vec<meeting::Model>) -> Result<Vec<Meeting>> {
    let mut participants = participant_slugs(db, rows.iter().map(|m| m.id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|m| {
            let slugs = participants.remove(&m.id).unwrap_or_default();
            Meeting::of(m, slugs)
        })
        .collect())
}

async fn meetings_by_id(db: &impl ConnectionTrait, ids: Vec<i64>) -> Result<HashMap<i64, Meeting>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = meeting::Entity::find().filter(meeting::Column::Id.is_in(ids)).all(db).await?;
    Ok(with_participants(db, rows).await?.into_iter().map(|m| (m.id, m)).collect())
}

impl Store {
    pub async fn create_meeting(
        &self,
        initiative_id: i64,
        plan: &MeetingPlan,
        participants: &[i64],
        by: &AuditActor,
    ) -> Result<Meeting> {
        let txn = self.write().await?;
        let row = meeting::ActiveModel {
            initiative_id: Set(initiative_id),
            title: Set(plan.title.clone()),
            kind: Set(plan.kind.code().to_owned()),
            working_group: Set(plan.working_group.clone()),
            starts_at: Set(plan.starts_at),
            ends_at: Set(plan.ends_at),
            place: Set(plan.place.clone()),
            link: Set(plan.link.clone()),
            agenda: Set(plan.agenda.clone()),
            minutes: Set(plan.minutes.clone()),
            created_at: Set(now()),
            updated_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        set_participants(&txn, row.id, participants).await?;
        audit::record(&txn, by, Change::of(initiative_id, "create", "meeting", row.id, plan_json(plan, participants)))
            .await?;
        let meeting = with_participants(&txn, vec![row]).await?.remove(0);
        txn.commit().await?;
        Ok(meeting)
    }

    /// Edits a meeting: its time, place, agenda, minutes and participants.
    pub async fn update_meeting(
        &self,
        id: i64,
        plan: &MeetingPlan,
        participants: &[i64],
        by: &AuditActor,
    ) -> Result<Meeting> {
        let txn = self.write().await?;
        let old = meeting::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let old_participants: Vec<i64> = meeting_participant::Entity::find()
            .filter(meeting_participant::Column::MeetingId.eq(id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|p| p.organisation_id)
            .collect();
        let old_json = json!({
            "title": old.title, "kind": old.kind, "working_group": old.working_group, "starts_at": old.starts_at,
            "ends_at": old.ends_at, "place": old.place, "link": old.link, "agenda": old.agenda, "minutes": old.minutes,
            "participants": old_participants,
        });
        let changes = audit::diff(&old_json, &plan_json(plan, participants));
        let initiative_id = old.initiative_id;
        let mut row = old.into_active_model();
        row.title = Set(plan.title.clone());
        row.kind = Set(plan.kind.code().to_owned());
        row.working_group = Set(plan.working_group.clone());
        row.starts_at = Set(plan.starts_at);
        row.ends_at = Set(plan.ends_at);
        row.place = Set(plan.place.clone());
        row.link = Set(plan.link.clone());
        row.agenda = Set(plan.agenda.clone());
        row.minutes = Set(plan.minutes.clone());
        row.updated_at = Set(now());
        let row = row.update(&txn).await?;
        set_participants(&txn, id, participants).await?;
        audit::record(&txn, by, Change::of(initiative_id, "update", "meeting", id, changes)).await?;
        let meeting = with_participants(&txn, vec![row]).await?.remove(0);
        txn.commit().await?;
        Ok(meeting)
    }

    pub async fn meeting(&self, id: i64) -> Result<Option<Meeting>> {
        let rows = meeting::Entity::find_by_id(id).all(&self.db).await?;
        Ok(with_participants(&self.db, rows).await?.pop())
    }

    /// An initiative's meetings, the latest first.
    pub async fn meetings_of(&self, initiative_id: i64) -> Result<Vec<Meeting>> {
        let rows = meeting::Entity::find()
            .filter(meeting::Column::InitiativeId.eq(initiative_id))
            .order_by_desc(meeting::Column::StartsAt)
            .all(&self.db)
            .await?;
        with_participants(&self.db, rows).await
    }

    /// The next meetings of an initiative that have not ended by `at`, the soonest first.
    pub async fn upcoming_meetings(&self, initiative_id: i64, at: DateTime<Utc>, limit: u64) -> Result<Vec<Meeting>> {
        let rows = meeting::Entity::find()
            .filter(meeting::Column::InitiativeId.eq(initiative_id))
            .filter(meeting::Column::EndsAt.gte(at))
            .order_by_asc(meeting::Column::StartsAt)
            .limit(limit)
            .all(&self.db)
            .await?;
        with_participants(&self.db, rows).await
    }

    /// The participating organisations of a meeting, by name.
    pub async fn meeting_participants(&self, meeting_id: i64) -> Result<Vec<Organisation>> {
        let ids = meeting_participant::Entity::find()
            .filter(meeting_participant::Column::MeetingId.eq(meeting_id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| p.organisation_id)
            .collect();
        let mut orgs: Vec<Organisation> = organisations_by_id(&self.db, ids).await?.into_values().collect();
        orgs.sort_by(|a, b| a.name_search.cmp(&b.name_search));
        Ok(orgs)
    }

    pub async fn create_decision(&self, meeting: &Meeting, text: &str, by: &AuditActor) -> Result<Decision> {
        self.insert_audited(
            decision::ActiveModel {
                initiative_id: Set(meeting.initiative_id),
                meeting_id: Set(meeting.id),
                text: Set(text.to_owned()),
                text_search: Set(search_key(text)),
                created_at: Set(now()),
                ..Default::default()
            },
            by,
            |row| {
                Change::of(
                    meeting.initiative_id,
                    "create",
                    "decision",
                    row.id,
                    json!({"meeting_id": meeting.id, "text": text}),
                )
            },
        )
        .await
        .map(Decision::from)
    }

    pub async fn decision(&self, id: i64) -> Result<Option<Decision>> {
        Ok(decision::Entity::find_by_id(id).one(&self.db).await?.map(Decision::from))
    }

    /// Corrects a decision's text; the search column follows it.
    pub async fn update_decision(&self, id: i64, text: &str, by: &AuditActor) -> Result<Decision> {
        let txn = self.write().await?;
        let old = decision::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let initiative_id = old.initiative_id;
        let changes = audit::diff(&json!({"text": old.text}), &json!({"text": text}));
        if changes.as_object().is_some_and(|c| c.is_empty()) {
            return Ok(old.into());
        }
        let mut row = old.into_active_model();
        row.text = Set(text.to_owned());
        row.text_search = Set(search_key(text));
        let row = row.update(&txn).await?;
        audit::record(&txn, by, Change::of(initiative_id, "update", "decision", id, changes)).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// The decision log of an initiative, the latest meeting first; `search` matches words in
    /// the decision's text, Æ/Ø/Å folded as in organisation search.
    pub async fn decisions_of(&self, initiative_id: i64, search: Option<&str>) -> Result<Vec<LoggedDecision>> {
        let mut query = decision::Entity::find().filter(decision::Column::InitiativeId.eq(initiative_id));
        if let Some(words) = search.map(str::trim).filter(|s| !s.is_empty()) {
            for word in search_key(words).split_whitespace() {
                query = query.filter(decision::Column::TextSearch.contains(word));
            }
        }
        let rows = query.order_by_desc(decision::Column::Id).all(&self.db).await?;
        let meetings = meetings_by_id(&self.db, rows.iter().map(|d| d.meeting_id).collect()).await?;
        let mut out: Vec<LoggedDecision> = rows
            .into_iter()
            .filter_map(|row| {
                let meeting = meetings.get(&row.meeting_id)?.clone();
                Some(LoggedDecision { decision: row.into(), meeting })
            })
            .collect();
        out.sort_by(|a, b| {
            b.meeting.plan.starts_at.cmp(&a.meeting.plan.starts_at).then(a.decision.id.cmp(&b.decision.id))
        });
        Ok(out)
    }

    pub async fn decisions_of_meeting(&self, meeting_id: i64) -> Result<Vec<Decision>> {
        Ok(decision::Entity::find()
            .filter(decision::Column::MeetingId.eq(meeting_id))
            .order_by_asc(decision::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(Decision::from)
            .collect())
    }

    pub async fn create_action_item(
        &self,
        meeting: &Meeting,
        plan: &ActionItemPlan,
        organisation_id: i64,
        by: &AuditActor,
    ) -> Result<ActionItem> {
        self.insert_audited(action_item::ActiveModel {
            initiative_id: Set(meeting.initiative_id),
            meeting_id: Set(meeting.id),
            title: Set(plan.title.clone()),
            organisation_id: Set(organisation_id),
            due_on: Set(plan.due_on),
            done_at: Set(None),
            reminded_at: Set(None),
            created_at: Set(now()),
            updated_at: Set(now()),
            ..Default::default()
        }, by, |row| {
            let changes = json!({
                "meeting_id": meeting.id, "title": plan.title, "organisation": plan.organisation, "due_on": plan.due_on,
            });
            Change::of(meeting.initiative_id, "create", "action_item", row.id, changes)
        })
        .await
        .map(ActionItem::from)
    }

    pub async fn action_item(&self, id: i64) -> Result<Option<ActionItem>> {
        Ok(action_item::Entity::find_by_id(id).one(&self.db).await?.map(ActionItem::from))
    }

    /// Marks an action item done or not done.
    pub async fn set_action_item_done(&self, id: i64, done: bool, by: &AuditActor) -> Result<ActionItem> {
        self.update_action_item(id, None, Some(done), by).await
    }

    /// Edits an action item: its title, organisation and due date (`terms`, already checked
    /// against its meeting and alliance) and whether it is done, in one audited change. A new
    /// due date or a new organisation earns a new reminder.
    pub async fn update_action_item(
        &self,
        id: i64,
        terms: Option<(&ActionItemPlan, i64)>,
        done: Option<bool>,
        by: &AuditActor,
    ) -> Result<ActionItem> {
        let txn = self.write().await?;
        let old = action_item::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let view = |title: &str, organisation_id: i64, due_on: NaiveDate, done: bool| json!({"title": title, "organisation_id": organisation_id, "due_on": due_on, "done": done});
        let was_done = old.done_at.is_some();
        let (title, organisation_id, due_on) = match terms {
            Some((plan, organisation_id)) => (plan.title.clone(), organisation_id, plan.due_on),
            None => (old.title.clone(), old.organisation_id, old.due_on),
        };
        let done = done.unwrap_or(was_done);
        let changes = audit::diff(
            &view(&old.title, old.organisation_id, old.due_on, was_done),
            &view(&title, organisation_id, due_on, done),
        );
        if changes.as_object().is_some_and(|c| c.is_empty()) {
            return Ok(old.into());
        }
        let initiative_id = old.initiative_id;
        // A new date or a new organisation deserves its own reminder.
        let remind_again = old.due_on != due_on || old.organisation_id != organisation_id;
        let mut row = old.into_active_model();
        row.title = Set(title);
        row.organisation_id = Set(organisation_id);
        row.due_on = Set(due_on);
        if was_done != done {
            row.done_at = Set(done.then(now));
        }
        if remind_again {
            row.reminded_at = Set(None);
        }
        row.updated_at = Set(now());
        let row = row.update(&txn).await?;
        audit::record(&txn, by, Change::of(initiative_id, "update", "action_item", id, changes)).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Action items of an initiative, by due date: all, or only open ones, of one organisation
    /// or all, of one meeting or all.
    pub async fn action_items(
        &self,
        initiative_id: i64,
        organisation_id: Option<i64>,
        meeting_id: Option<i64>,
        open_only: bool,
    ) -> Result<Vec<ListedActionItem>> {
        let mut query = action_item::Entity::find().filter(action_item::Column::InitiativeId.eq(initiative_id));
        if let Some(org) = organisation_id {
            query = query.filter(action_item::Column::OrganisationId.eq(org));
        }
        if let Some(m) = meeting_id {
            query = query.filter(action_item::Column::MeetingId.eq(m));
        }
        if open_only {
            query = query.filter(action_item::Column::DoneAt.is_null());
        }
        let rows =
            query.order_by_asc(action_item::Column::DueOn).order_by_asc(action_item::Column::Id).all(&self.db).await?;
        let orgs = organisations_by_id(&self.db, rows.iter().map(|r| r.organisation_id).collect()).await?;
        let meeting_ids: Vec<i64> = rows.iter().map(|r| r.meeting_id).collect();
        let titles: HashMap<i64, String> = meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(meeting_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| (m.id, m.title))
            .collect();
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let organisation = orgs.get(&row.organisation_id)?;
                Some(ListedActionItem {
                    organisation_slug: organisation.slug.clone(),
                    organisation_name: organisation.name.clone(),
                    meeting_title: titles.get(&row.meeting_id).cloned().unwrap_or_default(),
                    item: row.into(),
                })
            })
            .collect())
    }

    /// Claims the reminders due on `today` (open items due within the reminder window that have
    /// not been reminded) and queues the mail `mail` makes for each person acting for the
    /// item's organisation, in the claim's transaction. Each item is claimed with one
    /// conditional update, so however many processes run the hourly job, an item is reminded
    /// once. Returns how many mails were queued.
    pub async fn claim_action_item_reminders(
        &self,
        today: NaiveDate,
        mail: impl Fn(&Reminder, &str) -> NewMail,
    ) -> Result<usize> {
        let candidates = action_item::Entity::find()
            .filter(action_item::Column::DoneAt.is_null())
            .filter(action_item::Column::RemindedAt.is_null())
            .filter(action_item::Column::DueOn.gte(today))
            .filter(action_item::Column::DueOn.lte(today + Duration::days(REMINDER_DAYS_BEFORE)))
            .all(&self.db)
            .await?;
        let mut queued = 0;
        // the query narrows by index; the rule itself is the domain's
        for item in candidates.into_iter().filter(|i| needs_reminder(i.due_on, false, false, today)) {
            let txn = self.write().await?;
            let claimed = action_item::Entity::update_many()
                .col_expr(action_item::Column::RemindedAt, Expr::value(now()))
                .filter(action_item::Column::Id.eq(item.id))
                .filter(action_item::Column::RemindedAt.is_null())
                .exec(&txn)
                .await?
                .rows_affected;
            if claimed == 0 {
                continue;
            }
            let people: Vec<i64> = initiative_role::Entity::find()
                .filter(initiative_role::Column::InitiativeId.eq(item.initiative_id))
                .filter(initiative_role::Column::OrganisationId.eq(item.organisation_id))
                .all(&txn)
                .await?
                .into_iter()
                .map(|r| r.user_id)
                .collect();
            let users = if people.is_empty() {
                Vec::new()
            } else {
                user::Entity::find().filter(user::Column::Id.is_in(people)).all(&txn).await?
            };
            let organisation_name = crate::memberships::organisation_name(&txn, item.organisation_id).await?;
            let initiative = self.initiative(item.initiative_id).await?.ok_or(StoreError::NotFound)?;
            let reminder = Reminder {
                item: item.into(),
                organisation_name,
                initiative_slug: initiative.row.slug,
                initiative_name: initiative.row.name,
            };
            for person in &users {
                queue(&txn, &mail(&reminder, &person.email), About::User(person.id)).await?;
                queued += 1;
            }
            txn.commit().await?;
        }
        Ok(queued)
    }
}
