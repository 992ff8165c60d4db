//! Every permission in rygrad is decided here, and only here. Handlers build an [`Actor`] from
//! the session or API token, name the [`Action`], and ask [`allows`].

use crate::invitation::InitiativeRole;

/// Who is asking: nobody (the public), or a signed-in person with their grants.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub is_admin: bool,
    /// Hosting needs a confirmed address, so that a host can be reached.
    pub email_confirmed: bool,
    pub grants: Vec<Grant>,
}

/// A role a person holds in one initiative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub initiative_id: i64,
    pub role: InitiativeRole,
    /// The organisation a member acts for.
    pub organisation_id: Option<i64>,
}

/// An initiative as the policy needs to see it.
#[derive(Debug, Clone, Copy)]
pub struct InitiativeScope {
    pub id: i64,
    pub is_public: bool,
}

/// An organisation as the policy needs to see it: the initiatives it is a current member of.
#[derive(Debug, Clone)]
pub struct OrganisationScope<'a> {
    pub id: i64,
    pub member_of: &'a [i64],
}

/// Something owned by one organisation inside an initiative: an activity (by its lead
/// organisation) or a commitment (by the committing organisation).
#[derive(Debug, Clone, Copy)]
pub struct OrganisationWork {
    pub initiative: InitiativeScope,
    pub organisation_id: Option<i64>,
}

/// An indicator as the policy needs to see it: its initiative, and whether it is shown to the
/// public.
#[derive(Debug, Clone, Copy)]
pub struct IndicatorScope {
    pub initiative: InitiativeScope,
    pub public: bool,
}

/// A meal as the policy needs to see it: its host, the organisation it is a meal of (an
/// imported meal has no host, only this), and the initiative of its campaign.
#[derive(Debug, Clone, Copy)]
pub struct MealScope {
    pub host_user_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub initiative_id: Option<i64>,
}

/// A background job as the policy needs to see it: who started it.
#[derive(Debug, Clone, Copy)]
pub struct JobScope {
    pub created_by: Option<i64>,
}

/// An action item as the policy needs to see it: its initiative and the organisation it is given to.
#[derive(Debug, Clone, Copy)]
pub struct ActionItemScope {
    pub initiative_id: i64,
    pub organisation_id: i64,
}

#[derive(Debug, Clone)]
pub enum Action<'a> {
    ViewInitiative(InitiativeScope),
    CreateInitiative,
    EditInitiative(InitiativeScope),
    ManageMemberships(InitiativeScope),
    InvitePeople(InitiativeScope),
    ViewAuditLog(InitiativeScope),
    CreateOrganisation,
    EditOrganisation(OrganisationScope<'a>),
    /// Platform-wide tasks: the outbox of unsent mail, all users.
    AdministerPlatform,
    /// Creating personal API tokens, editing one's own account.
    UseAccount,
    /// Registering a meal on the map.
    HostMeal,
    /// Registering a meal on behalf of an organisation (its id): the people who act for it,
    /// and administrators.
    HostMealFor(i64),
    /// Editing a meal and seeing its guest list: its host, the people who act for its
    /// organisation, the campaign's backbone.
    ManageMeal(MealScope),
    /// Marking a meal as a flagship, hiding or unhiding it.
    ModerateMeal(MealScope),
    /// Creating and editing an initiative's campaigns.
    ManageCampaigns(InitiativeScope),
    /// Writing the common agenda: goals and tracks.
    ManageAgenda(InitiativeScope),
    /// Proposing an activity for the catalogue: anyone in the alliance.
    ProposeActivity(InitiativeScope),
    /// Accepting a proposed activity, and any change to any activity: backbone staff.
    AcceptActivity(InitiativeScope),
    /// Editing an activity: backbone staff, and members of its lead organisation.
    EditActivity(OrganisationWork),
    /// Committing resources and recording deliveries: backbone staff, and members for their
    /// own organisation.
    ManageCommitment(OrganisationWork),
    /// Commenting on the knowledge base's drafts and marking support: the alliance's people.
    DiscussAgenda(InitiativeScope),
    /// What stays inside the alliance even in a public initiative: who wrote and commented
    /// what in the knowledge base, and the link to join a meeting online.
    ViewWorkspace(InitiativeScope),
    /// Meetings, their minutes, decisions and action items.
    ManageMeetings(InitiativeScope),
    /// Correcting what a meeting recorded: a decision's text, an action item's title,
    /// organisation and due date. Backbone staff only; the organisation an item is given to
    /// ticks it off (`CompleteActionItem`) but does not rewrite it.
    EditMeetingRecord(InitiativeScope),
    /// Marking an action item done or not done: the backbone, and the people of the
    /// organisation it is given to.
    CompleteActionItem(ActionItemScope),
    /// Following a background job (an import) and reading its result, which may list what an
    /// organisation's file held: whoever started it, and administrators.
    ViewBackgroundJob(JobScope),
    /// Following every open action item of an initiative on "my page" (the others follow their
    /// own organisation's): backbone staff.
    OverseeActionItems(InitiativeScope),
    /// Defining, changing and deleting indicators, the initiative's own units and connectors:
    /// backbone staff.
    ManageIndicators(InitiativeScope),
    /// Entering an indicator's values (by hand, from a file): backbone staff, and members of
    /// the organisation that owns the indicator.
    EnterIndicatorValues(OrganisationWork),
    /// Reading an indicator and its values: the alliance's people; in a public initiative
    /// everyone else too, for the indicators marked public.
    ViewIndicator(IndicatorScope),
    /// Building surveys, their waves and groups, closing waves, and exporting the answers
    /// with their free text: backbone staff. Answering needs no account and no permission.
    ManageSurveys(InitiativeScope),
    /// Reading a survey and its suppressed results: the alliance's people.
    ViewSurveyResults(InitiativeScope),
}

impl Actor {
    pub fn anonymous() -> Self {
        Self::default()
    }

    fn has(&self, initiative_id: i64, role: InitiativeRole) -> bool {
        self.grants.iter().any(|g| g.initiative_id == initiative_id && g.role == role)
    }

    fn is_backbone(&self, initiative: InitiativeScope) -> bool {
        self.is_admin || self.has(initiative.id, InitiativeRole::Backbone)
    }

    fn is_backbone_anywhere(&self) -> bool {
        self.grants.iter().any(|g| g.role == InitiativeRole::Backbone)
    }

    /// A member acts for the organisation named in its grant.
    fn acts_for(&self, organisation_id: i64) -> bool {
        self.grants.iter().any(|g| g.role == InitiativeRole::Member && g.organisation_id == Some(organisation_id))
    }

    fn belongs_to(&self, initiative: InitiativeScope) -> bool {
        self.grants.iter().any(|g| g.initiative_id == initiative.id)
    }
}

pub fn allows(actor: &Actor, action: &Action<'_>) -> bool {
    let signed_in = actor.user_id.is_some();
    match action {
        Action::ViewInitiative(i) => i.is_public || actor.is_admin || actor.belongs_to(*i),
        Action::CreateInitiative | Action::AdministerPlatform => actor.is_admin,
        Action::EditInitiative(i)
        | Action::ManageMemberships(i)
        | Action::InvitePeople(i)
        | Action::ViewAuditLog(i) => actor.is_backbone(*i),
        Action::CreateOrganisation => actor.is_admin || actor.is_backbone_anywhere(),
        Action::EditOrganisation(org) => {
            actor.is_admin
                || actor.grants.iter().any(|g| match g.role {
                    InitiativeRole::Member => g.organisation_id == Some(org.id),
                    InitiativeRole::Backbone => org.member_of.contains(&g.initiative_id),
                })
        }
        Action::UseAccount => signed_in,
        Action::HostMeal => signed_in && actor.email_confirmed,
        Action::HostMealFor(organisation_id) => {
            signed_in && actor.email_confirmed && (actor.is_admin || actor.acts_for(*organisation_id))
        }
        Action::ManageMeal(meal) => {
            (signed_in && meal.host_user_id == actor.user_id)
                || meal.organisation_id.is_some_and(|id| actor.acts_for(id))
                || moderates(actor, meal)
        }
        Action::ModerateMeal(meal) => moderates(actor, meal),
        Action::ManageCampaigns(i)
        | Action::ManageAgenda(i)
        | Action::AcceptActivity(i)
        | Action::ManageMeetings(i)
        | Action::EditMeetingRecord(i)
        | Action::OverseeActionItems(i)
        | Action::ManageIndicators(i)
        | Action::ManageSurveys(i) => actor.is_backbone(*i),
        Action::ProposeActivity(i) => actor.is_backbone(*i) || actor.belongs_to(*i),
        Action::EditActivity(work) | Action::ManageCommitment(work) | Action::EnterIndicatorValues(work) => {
            actor.is_backbone(work.initiative)
                || actor.grants.iter().any(|g| {
                    g.initiative_id == work.initiative.id
                        && g.role == InitiativeRole::Member
                        && g.organisation_id.is_some()
                        && g.organisation_id == work.organisation_id
                })
        }
        Action::DiscussAgenda(i) | Action::ViewWorkspace(i) | Action::ViewSurveyResults(i) => {
            actor.is_admin || actor.belongs_to(*i)
        }
        Action::CompleteActionItem(item) => {
            actor.is_admin
                || actor.grants.iter().any(|g| {
                    g.initiative_id == item.initiative_id
                        && (g.role == InitiativeRole::Backbone || g.organisation_id == Some(item.organisation_id))
                })
        }
        Action::ViewBackgroundJob(job) => actor.is_admin || (signed_in && job.created_by == actor.user_id),
        Action::ViewIndicator(indicator) => {
            actor.is_admin
                || actor.belongs_to(indicator.initiative)
                || (indicator.initiative.is_public && indicator.public)
        }
    }
}

fn moderates(actor: &Actor, meal: &MealScope) -> bool {
    actor.is_admin || meal.initiative_id.is_some_and(|id| actor.has(id, InitiativeRole::Backbone))
}

#[cfg(test)]
mod tests {
    //! The authorization matrix: every role × every action × own/other initiative and
    //! organisation. Each row is written out so that a change of policy shows up in review.
    use super::*;

    const OWN: i64 = 1;
    const OTHER: i64 = 2;
    const OWN_ORG: i64 = 10;
    const OTHER_ORG: i64 = 20;

    fn actor(kind: &str) -> Actor {
        let grant = |role, org| Grant { initiative_id: OWN, role, organisation_id: org };
        match kind {
            "public" => Actor::anonymous(),
            "user" => Actor { user_id: Some(5), email_confirmed: true, ..Default::default() },
            "member" => Actor {
                user_id: Some(6),
                email_confirmed: true,
                grants: vec![grant(InitiativeRole::Member, Some(OWN_ORG))],
                ..Default::default()
            },
            "backbone" => Actor {
                user_id: Some(7),
                email_confirmed: true,
                grants: vec![grant(InitiativeRole::Backbone, None)],
                ..Default::default()
            },
            "admin" => Actor { user_id: Some(8), email_confirmed: true, is_admin: true, ..Default::default() },
            _ => unreachable!(),
        }
    }

    fn scope(id: i64, is_public: bool) -> InitiativeScope {
        InitiativeScope { id, is_public }
    }

    /// `OWN_ORG` is a member of the own initiative; `OTHER_ORG` only of the other.
    fn action(name: &str, own_side: bool) -> Action<'static> {
        let i = if own_side { scope(OWN, false) } else { scope(OTHER, false) };
        match name {
            "view-private-initiative" => Action::ViewInitiative(i),
            "view-public-initiative" => Action::ViewInitiative(InitiativeScope { is_public: true, ..i }),
            "create-initiative" => Action::CreateInitiative,
            "edit-initiative" => Action::EditInitiative(i),
            "manage-memberships" => Action::ManageMemberships(i),
            "invite-people" => Action::InvitePeople(i),
            "view-audit-log" => Action::ViewAuditLog(i),
            "create-organisation" => Action::CreateOrganisation,
            "edit-organisation" if own_side => {
                Action::EditOrganisation(OrganisationScope { id: OWN_ORG, member_of: &[OWN] })
            }
            "edit-organisation" => Action::EditOrganisation(OrganisationScope { id: OTHER_ORG, member_of: &[OTHER] }),
            "administer-platform" => Action::AdministerPlatform,
            "use-account" => Action::UseAccount,
            "host-meal" => Action::HostMeal,
            // the user (id 5) hosts the own-side meal; the other side's meal is someone else's
            "manage-meal" => Action::ManageMeal(MealScope {
                host_user_id: Some(if own_side { 5 } else { 99 }),
                organisation_id: None,
                initiative_id: Some(i.id),
            }),
            // imported from a calendar: no host, only the organisation (the member's own, or
            // another), outside any campaign
            "manage-imported-meal" => Action::ManageMeal(MealScope {
                host_user_id: None,
                organisation_id: Some(if own_side { OWN_ORG } else { OTHER_ORG }),
                initiative_id: None,
            }),
            // imported by another organisation into a campaign of the initiative
            "manage-imported-campaign-meal" => Action::ManageMeal(MealScope {
                host_user_id: None,
                organisation_id: Some(OTHER_ORG),
                initiative_id: Some(i.id),
            }),
            "moderate-meal" => Action::ModerateMeal(MealScope {
                host_user_id: Some(5),
                organisation_id: Some(OWN_ORG),
                initiative_id: Some(i.id),
            }),
            "host-meal-for-organisation" => Action::HostMealFor(if own_side { OWN_ORG } else { OTHER_ORG }),
            "oversee-action-items" => Action::OverseeActionItems(i),
            "manage-campaigns" => Action::ManageCampaigns(i),
            "manage-agenda" => Action::ManageAgenda(i),
            "propose-activity" => Action::ProposeActivity(i),
            "accept-activity" => Action::AcceptActivity(i),
            // own side: the member's organisation leads or commits; other side: another one
            "edit-activity" => Action::EditActivity(work(i, own_side)),
            "manage-commitment" => Action::ManageCommitment(work(i, own_side)),
            "edit-unled-activity" => Action::EditActivity(OrganisationWork { initiative: i, organisation_id: None }),
            "manage-indicators" => Action::ManageIndicators(i),
            // own side: the member's organisation owns the indicator; other side: another one
            "enter-indicator-values" => Action::EnterIndicatorValues(work(i, own_side)),
            "enter-unowned-indicator-values" => {
                Action::EnterIndicatorValues(OrganisationWork { initiative: i, organisation_id: None })
            }
            "view-public-indicator" => Action::ViewIndicator(IndicatorScope {
                initiative: InitiativeScope { is_public: true, ..i },
                public: true,
            }),
            "view-internal-indicator-of-public-initiative" => Action::ViewIndicator(IndicatorScope {
                initiative: InitiativeScope { is_public: true, ..i },
                public: false,
            }),
            // marked public, but its initiative is private
            "view-public-indicator-of-private-initiative" => {
                Action::ViewIndicator(IndicatorScope { initiative: i, public: true })
            }
            "manage-surveys" => Action::ManageSurveys(i),
            "view-survey-results" => Action::ViewSurveyResults(i),
            // a public initiative's results are still the alliance's
            "view-survey-results-of-public-initiative" => {
                Action::ViewSurveyResults(InitiativeScope { is_public: true, ..i })
            }
            "discuss-agenda" => Action::DiscussAgenda(i),
            "view-workspace" => Action::ViewWorkspace(i),
            "manage-meetings" => Action::ManageMeetings(i),
            "edit-meeting-record" => Action::EditMeetingRecord(i),
            // the own side's item is given to the member's organisation; the other side's item
            // is in the own initiative but given to another organisation
            "complete-action-item" => Action::CompleteActionItem(ActionItemScope {
                initiative_id: OWN,
                organisation_id: if own_side { OWN_ORG } else { OTHER_ORG },
            }),
            "complete-foreign-action-item" => {
                Action::CompleteActionItem(ActionItemScope { initiative_id: OTHER, organisation_id: OWN_ORG })
            }
            // the user (id 5) started the own-side job; the other side's job is someone else's
            "view-background-job" => {
                Action::ViewBackgroundJob(JobScope { created_by: Some(if own_side { 5 } else { 99 }) })
            }
            _ => unreachable!(),
        }
    }

    fn work(initiative: InitiativeScope, own_org: bool) -> OrganisationWork {
        OrganisationWork { initiative, organisation_id: Some(if own_org { OWN_ORG } else { OTHER_ORG }) }
    }

    #[test]
    fn a_member_edits_only_work_of_its_own_organisation_in_its_own_initiative() {
        let member = actor("member");
        let elsewhere = OrganisationWork { initiative: scope(OTHER, true), organisation_id: Some(OWN_ORG) };
        assert!(!allows(&member, &Action::EditActivity(elsewhere)));
        assert!(!allows(&member, &Action::ManageCommitment(work(scope(OWN, true), false))));
    }

    #[test]
    fn a_job_without_its_starter_is_seen_by_administrators_only() {
        let orphan = Action::ViewBackgroundJob(JobScope { created_by: None });
        assert!(!allows(&Actor::anonymous(), &orphan));
        assert!(!allows(&actor("user"), &orphan));
        assert!(allows(&actor("admin"), &orphan));
    }

    #[test]
    fn hosting_needs_a_confirmed_address() {
        let unconfirmed = Actor { user_id: Some(1), ..Default::default() };
        assert!(!allows(&unconfirmed, &Action::HostMeal));
    }

    #[test]
    fn every_actor_times_every_action_is_allowed_as_the_matrix_says() {
        // action, own/other, then: public, user, member, backbone, admin
        let matrix: &[(&str, bool, [bool; 5])] = &[
            ("view-public-initiative", true, [true, true, true, true, true]),
            ("view-public-initiative", false, [true, true, true, true, true]),
            ("view-private-initiative", true, [false, false, true, true, true]),
            ("view-private-initiative", false, [false, false, false, false, true]),
            ("create-initiative", true, [false, false, false, false, true]),
            ("edit-initiative", true, [false, false, false, true, true]),
            ("edit-initiative", false, [false, false, false, false, true]),
            ("manage-memberships", true, [false, false, false, true, true]),
            ("manage-memberships", false, [false, false, false, false, true]),
            ("invite-people", true, [false, false, false, true, true]),
            ("invite-people", false, [false, false, false, false, true]),
            ("view-audit-log", true, [false, false, false, true, true]),
            ("view-audit-log", false, [false, false, false, false, true]),
            ("create-organisation", true, [false, false, false, true, true]),
            ("edit-organisation", true, [false, false, true, true, true]),
            ("edit-organisation", false, [false, false, false, false, true]),
            ("administer-platform", true, [false, false, false, false, true]),
            ("use-account", true, [false, true, true, true, true]),
            ("host-meal", true, [false, true, true, true, true]),
            ("host-meal-for-organisation", true, [false, false, true, false, true]),
            ("host-meal-for-organisation", false, [false, false, false, false, true]),
            ("manage-meal", true, [false, true, false, true, true]),
            ("manage-meal", false, [false, false, false, false, true]),
            ("manage-imported-meal", true, [false, false, true, false, true]),
            ("manage-imported-meal", false, [false, false, false, false, true]),
            ("manage-imported-campaign-meal", true, [false, false, false, true, true]),
            ("manage-imported-campaign-meal", false, [false, false, false, false, true]),
            ("moderate-meal", true, [false, false, false, true, true]),
            ("moderate-meal", false, [false, false, false, false, true]),
            ("manage-campaigns", true, [false, false, false, true, true]),
            ("manage-campaigns", false, [false, false, false, false, true]),
            ("manage-agenda", true, [false, false, false, true, true]),
            ("manage-agenda", false, [false, false, false, false, true]),
            ("propose-activity", true, [false, false, true, true, true]),
            ("propose-activity", false, [false, false, false, false, true]),
            ("accept-activity", true, [false, false, false, true, true]),
            ("accept-activity", false, [false, false, false, false, true]),
            ("edit-activity", true, [false, false, true, true, true]),
            ("edit-activity", false, [false, false, false, false, true]),
            ("edit-unled-activity", true, [false, false, false, true, true]),
            ("manage-commitment", true, [false, false, true, true, true]),
            ("manage-commitment", false, [false, false, false, false, true]),
            ("manage-indicators", true, [false, false, false, true, true]),
            ("manage-indicators", false, [false, false, false, false, true]),
            ("enter-indicator-values", true, [false, false, true, true, true]),
            ("enter-indicator-values", false, [false, false, false, false, true]),
            ("enter-unowned-indicator-values", true, [false, false, false, true, true]),
            ("view-public-indicator", true, [true, true, true, true, true]),
            ("view-public-indicator", false, [true, true, true, true, true]),
            ("view-internal-indicator-of-public-initiative", true, [false, false, true, true, true]),
            ("view-internal-indicator-of-public-initiative", false, [false, false, false, false, true]),
            ("view-public-indicator-of-private-initiative", true, [false, false, true, true, true]),
            ("view-public-indicator-of-private-initiative", false, [false, false, false, false, true]),
            ("manage-surveys", true, [false, false, false, true, true]),
            ("manage-surveys", false, [false, false, false, false, true]),
            ("view-survey-results", true, [false, false, true, true, true]),
            ("view-survey-results", false, [false, false, false, false, true]),
            ("view-survey-results-of-public-initiative", true, [false, false, true, true, true]),
            ("view-survey-results-of-public-initiative", false, [false, false, false, false, true]),
            ("discuss-agenda", true, [false, false, true, true, true]),
            ("discuss-agenda", false, [false, false, false, false, true]),
            ("view-workspace", true, [false, false, true, true, true]),
            ("view-workspace", false, [false, false, false, false, true]),
            ("manage-meetings", true, [false, false, false, true, true]),
            ("manage-meetings", false, [false, false, false, false, true]),
            ("edit-meeting-record", true, [false, false, false, true, true]),
            ("edit-meeting-record", false, [false, false, false, false, true]),
            ("complete-action-item", true, [false, false, true, true, true]),
            ("complete-action-item", false, [false, false, false, true, true]),
            // the same organisation's item in an initiative the member does not act in
            ("complete-foreign-action-item", true, [false, false, false, false, true]),
            ("oversee-action-items", true, [false, false, false, true, true]),
            ("oversee-action-items", false, [false, false, false, false, true]),
            ("view-background-job", true, [false, true, false, false, true]),
            ("view-background-job", false, [false, false, false, false, true]),
        ];
        let roles = ["public", "user", "member", "backbone", "admin"];
        // every cell is checked before failing, so that one run names all that differ
        let failures: Vec<String> = matrix
            .iter()
            .flat_map(|(name, own_side, expected)| {
                let side = if *own_side { "own" } else { "other" };
                roles.iter().zip(expected).filter_map(move |(role, want)| {
                    let got = allows(&actor(role), &action(name, *own_side));
                    (got != *want).then(|| format!("{role} × {name} ({side}): expected {want}, got {got}"))
                })
            })
            .collect();
        assert!(failures.is_empty(), "{} of the matrix's cells differ:\n{}", failures.len(), failures.join("\n"));
    }
}
