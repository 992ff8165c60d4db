//! The common agenda's knowledge base: sections whose every revision is kept, comments on the
//! drafts, and one support mark per person.
//!
//! The sections are the source of truth. The problem statement, vision and guiding principles
//! also live in the initiative's own columns (for its page and its API); a revision writes that
//! copy in its transaction, and an edit of the initiative's profile adds a revision in its
//! transaction, so the two never disagree.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{initiative, kb_comment, kb_revision, kb_section, kb_support, user};
use crate::{Result, Store, StoreError, now};
use chrono::{DateTime, Utc};
use rygrad_domain::knowledge_base::{SectionKind, SectionRevision};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use std::collections::HashMap;

/// A revision with its author's name (none when the account was deleted).
#[derive(Debug, Clone)]
pub struct Revision {
    pub id: i64,
    pub number: i32,
    /// The text, its sources and the author's note.
    pub content: SectionRevision,
    pub created_at: DateTime<Utc>,
    pub author: Option<String>,
}

impl Revision {
    fn of(row: kb_revision::Model, authors: &HashMap<i64, String>) -> Self {
        Revision {
            author: row.author_user_id.and_then(|id| authors.get(&id).cloned()),
            id: row.id,
            number: row.number,
            content: SectionRevision { body: row.body, sources: row.sources, note: row.note },
            created_at: row.created_at,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: i64,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub author: Option<String>,
    /// The revision number the comment was written on.
    pub revision_number: i32,
}

/// A section as the knowledge base page shows it.
#[derive(Debug, Clone)]
pub struct Section {
    pub kind: SectionKind,
    pub current: Option<Revision>,
    pub supporters: u64,
    pub supported_by_viewer: bool,
    pub comments: Vec<Comment>,
}

/// The initiative column that holds a section's current text, for those that have one.
fn mirrored(kind: SectionKind) -> Option<initiative::Column> {
    match kind {
        SectionKind::Problem => Some(initiative::Column::ProblemStatement),
        SectionKind::Vision => Some(initiative::Column::Vision),
        SectionKind::Principles => Some(initiative::Column::GuidingPrinciples),
        SectionKind::Strategies => None,
    }
}

async fn names(db: &impl ConnectionTrait, ids: impl Iterator<Item = Option<i64>>) -> Result<HashMap<i64, String>> {
    let ids: Vec<i64> = ids.flatten().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

async fn section_of(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    kind: SectionKind,
) -> Result<Option<kb_section::Model>> {
    Ok(kb_section::Entity::find()
        .filter(kb_section::Column::InitiativeId.eq(initiative_id))
        .filter(kb_section::Column::Kind.eq(kind.code()))
        .one(db)
        .await?)
}

/// Appends a revision to a section (created on its first revision) and logs it.
async fn add_revision(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    kind: SectionKind,
    revision: &SectionRevision,
    by: &AuditActor,
) -> Result<kb_revision::Model> {
    let section = match section_of(db, initiative_id, kind).await? {
        Some(s) => s,
        None => {
            kb_section::ActiveModel {
                initiative_id: Set(initiative_id),
                kind: Set(kind.code().to_owned()),
                created_at: Set(now()),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
    };
    let previous = kb_revision::Entity::find()
        .filter(kb_revision::Column::SectionId.eq(section.id))
        .order_by_desc(kb_revision::Column::Number)
        .one(db)
        .await?;
    let number = previous.as_ref().map_or(1, |p| p.number + 1);
    let row = kb_revision::ActiveModel {
        section_id: Set(section.id),
        number: Set(number),
        body: Set(revision.body.clone()),
        sources: Set(revision.sources.clone()),
        note: Set(revision.note.clone()),
        author_user_id: Set(by.user_id),
        created_at: Set(now()),
        ..Default::default()
    };
    let changes = json!({
        "section": kind.code(),
        "revision": number,
        "note": revision.note,
        "body": [previous.as_ref().map(|p| p.body.clone()), revision.body],
    });
    audit::insert_recorded(db, row, by, |_| Change::of(initiative_id, "revise", "kb_section", section.id, changes))
        .await
}

/// Called by the initiative's profile edits: each mirrored statement whose text changed becomes
/// a new revision of its section.
pub(crate) async fn record_profile_texts(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    old: [&str; 3],
    new: [&str; 3],
    by: &AuditActor,
) -> Result<()> {
    let kinds = [SectionKind::Problem, SectionKind::Vision, SectionKind::Principles];
    for ((kind, old), new) in kinds.into_iter().zip(old).zip(new) {
        if old != new {
            let revision = SectionRevision { body: new.to_owned(), sources: String::new(), note: String::new() };
            add_revision(db, initiative_id, kind, &revision, by).await?;
        }
    }
    Ok(())
}

impl Store {
    /// Every section of the knowledge base in order, with its current revision, support count,
    /// whether `viewer` supports it, and the comments.
    pub async fn knowledge_base(&self, initiative_id: i64, viewer: Option<i64>) -> Result<Vec<Section>> {
        let sections =
            kb_section::Entity::find().filter(kb_section::Column::InitiativeId.eq(initiative_id)).all(&self.db).await?;
        let mut out = Vec::new();
        for kind in SectionKind::ALL {
            let Some(section) = sections.iter().find(|s| s.kind == kind.code()) else {
                out.push(Section {
                    kind,
                    current: None,
                    supporters: 0,
                    supported_by_viewer: false,
                    comments: Vec::new(),
                });
                continue;
            };
            let revisions = self.revisions(section.id).await?;
            let supports = kb_support::Entity::find().filter(kb_support::Column::SectionId.eq(section.id));
            let supporters = supports.clone().count(&self.db).await?;
            let supported_by_viewer = match viewer {
                Some(user_id) => supports.filter(kb_support::Column::UserId.eq(user_id)).count(&self.db).await? > 0,
                None => false,
            };
            let comments = kb_comment::Entity::find()
                .filter(kb_comment::Column::SectionId.eq(section.id))
                .order_by_asc(kb_comment::Column::Id)
                .all(&self.db)
                .await?;
            let authors = names(&self.db, comments.iter().map(|c| c.author_user_id)).await?;
            let comments = comments
                .into_iter()
                .map(|row| Comment {
                    author: row.author_user_id.and_then(|id| authors.get(&id).cloned()),
                    revision_number: revisions.iter().find(|r| r.id == row.revision_id).map_or(0, |r| r.number),
                    id: row.id,
                    body: row.body,
                    created_at: row.created_at,
                })
                .collect();
            out.push(Section {
                kind,
                current: revisions.into_iter().next(),
                supporters,
                supported_by_viewer,
                comments,
            });
        }
        Ok(out)
    }

    async fn revisions(&self, section_id: i64) -> Result<Vec<Revision>> {
        let rows = kb_revision::Entity::find()
            .filter(kb_revision::Column::SectionId.eq(section_id))
            .order_by_desc(kb_revision::Column::Number)
            .all(&self.db)
            .await?;
        let authors = names(&self.db, rows.iter().map(|r| r.author_user_id)).await?;
        Ok(rows.into_iter().map(|row| Revision::of(row, &authors)).collect())
    }

    /// A section's revisions, newest first (empty when it has none).
    pub async fn section_history(&self, initiative_id: i64, kind: SectionKind) -> Result<Vec<Revision>> {
        match section_of(&self.db, initiative_id, kind).await? {
            Some(section) => self.revisions(section.id).await,
            None => Ok(Vec::new()),
        }
    }

    /// Saves a new revision of a section and, for the mirrored statements, the initiative's copy.
    pub async fn revise_section(
        &self,
        initiative_id: i64,
        kind: SectionKind,
        revision: &SectionRevision,
        by: &AuditActor,
    ) -> Result<Revision> {
        let txn = self.write().await?;
        let row = add_revision(&txn, initiative_id, kind, revision, by).await?;
        if let Some(column) = mirrored(kind) {
            let mut i = initiative::Entity::find_by_id(initiative_id)
                .one(&txn)
                .await?
                .ok_or(StoreError::NotFound)?
                .into_active_model();
            i.set(column, revision.body.clone().into());
            i.updated_at = Set(now());
            i.update(&txn).await?;
        }
        let authors = names(&txn, std::iter::once(row.author_user_id)).await?;
        txn.commit().await?;
        Ok(Revision::of(row, &authors))
    }

    /// A comment on a section's current revision; a section without text cannot be commented on.
    pub async fn comment_on_section(
        &self,
        initiative_id: i64,
        kind: SectionKind,
        body: &str,
        by: &AuditActor,
    ) -> Result<()> {
        let txn = self.write().await?;
        let section = section_of(&txn, initiative_id, kind).await?.ok_or(StoreError::NotFound)?;
        let current = kb_revision::Entity::find()
            .filter(kb_revision::Column::SectionId.eq(section.id))
            .order_by_desc(kb_revision::Column::Number)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let row = kb_comment::ActiveModel {
            section_id: Set(section.id),
            revision_id: Set(current.id),
            author_user_id: Set(by.user_id),
            body: Set(body.to_owned()),
            created_at: Set(now()),
            ..Default::default()
        };
        let changes = json!({"section": kind.code(), "revision": current.number, "comment": body});
        audit::insert_recorded(&txn, row, by, |_| {
            Change::of(initiative_id, "comment", "kb_section", section.id, changes)
        })
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Marks or withdraws one person's support for a section; marking twice counts once.
    /// Returns the number of supporters after the change.
    pub async fn set_section_support(
        &self,
        initiative_id: i64,
        kind: SectionKind,
        user_id: i64,
        support: bool,
        by: &AuditActor,
    ) -> Result<u64> {
        let txn = self.write().await?;
        let section = section_of(&txn, initiative_id, kind).await?.ok_or(StoreError::NotFound)?;
        let changed = if support {
            kb_support::Entity::insert(kb_support::ActiveModel {
                section_id: Set(section.id),
                user_id: Set(user_id),
                created_at: Set(now()),
            })
            .on_conflict(
                OnConflict::columns([kb_support::Column::SectionId, kb_support::Column::UserId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?
        } else {
            kb_support::Entity::delete_many()
                .filter(kb_support::Column::SectionId.eq(section.id))
                .filter(kb_support::Column::UserId.eq(user_id))
                .exec(&txn)
                .await?
                .rows_affected
        };
        if changed > 0 {
            audit::record(
                &txn,
                by,
                Change::of(
                    initiative_id,
                    if support { "support" } else { "withdraw-support" },
                    "kb_section",
                    section.id,
                    json!({"section": kind.code()}),
                ),
            )
            .await?;
        }
        let count = kb_support::Entity::find().filter(kb_support::Column::SectionId.eq(section.id)).count(&txn).await?;
        txn.commit().await?;
        Ok(count)
    }
}
