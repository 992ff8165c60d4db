# Meetings, decisions, action items, my page and the knowledge base.

meetings-title = Meetings
meetings-upcoming = Upcoming meetings
meetings-past = Past meetings
meetings-none-upcoming = There are no upcoming meetings.
meetings-feed = Subscribe to the meetings in your calendar (.ics)
meeting = Meeting
meeting-create = Create meeting
meeting-created = The meeting has been created.
meeting-saved = The meeting has been saved.
meeting-edit = Edit the meeting
meeting-kind = Group
meeting-kind-alliance_group = Alliance group
meeting-kind-working_group = Working group
meeting-working-group = Name of the working group
meeting-working-group-hint = Only for working-group meetings, e.g. "Working group on leisure".
meeting-working-group-named = Working group: { $name }
meeting-starts-at = Start time
meeting-ends-at = End time
meeting-time-hint = Danish time, e.g. 16:00.
meeting-place = Place
meeting-link = Link to the online meeting
meeting-link-hint = E.g. a link to a video call.
meeting-agenda = Agenda
meeting-minutes = Minutes
meeting-minutes-hint = Written after the meeting.
meeting-no-minutes = There are no minutes yet.
meeting-participants = Participating organisations
meeting-ics = Add the meeting to your calendar (.ics)

decisions = Decisions
decisions-title = Decision log
decisions-none = No decisions were recorded at this meeting.
decisions-search = Search the decisions
decisions-count = { $count ->
    [one] { $formatted } decision
   *[other] { $formatted } decisions
}
decision-text = Decision
decision-add = Add decision
decision-added = The decision has been added.

action-items = Action items
action-items-none = There are no action items.
action-item = Action item
action-item-add = Add action item
action-item-added = The action item has been added.
action-item-organisation = Responsible organisation
action-item-due = Due date
action-item-due-hint = The organisation gets an e-mail reminder three days before.
action-item-status = Status
action-item-is-done = Done
action-item-is-open = Open
action-item-overdue = Overdue
action-item-mark-done = Mark "{ $title }" as done
action-item-reopen = Reopen "{ $title }"
action-item-done = The action item is marked as done.
action-item-reopened = The action item has been reopened.
decision-edit = Correct the decision
decision-saved = The decision has been corrected.
action-item-edit = Edit the action item
action-item-saved = The action item has been saved.
meeting-record-back = Back to the meeting
edit-short = Edit

reminder-subject = Reminder: { $title }
reminder-body = Hello

    { $organisation } has an action item in { $initiative } due on { $due }:

    { $title }

    See the meeting and mark the item as done when it is finished:
    { $url }

    Best regards
    rygrad

my-page-title = My page
nav-my-page = My page
my-page-no-initiatives = You are not part of any initiative yet.
my-page-as-backbone = You are in the secretariat.
my-page-as-member = You act for { $organisation }.
my-page-open-items = Your open action items
my-page-overdue = Overdue action items in the alliance
my-page-nothing-overdue = No action items are overdue.
my-page-next-meetings = Next meetings
my-page-commitments = Your commitments
my-page-no-commitments = Your organisation has not made any commitments yet.
my-page-commitment-what = Resource
my-page-commitment-to = To
my-page-commitment-promised = Promised
my-page-commitment-delivered = Delivered
my-page-commitment-nothing-yet = Nothing yet

err-meeting-end-before-start = The meeting must end after it starts.
err-due-before-meeting = The due date cannot be before the meeting.
err-organisation-not-in-alliance = The organisation is not in the alliance.

initiative-meetings = Meetings and decisions
initiative-knowledge-base = Knowledge base, vision and principles

log-action-revise = New version
log-action-comment = Commented
log-action-support = Support marked
log-action-withdraw-support = Support withdrawn
log-action-archive = Archived
log-action-restore = Restored
log-action-relink = Sub-goals moved
log-action-delete = Deleted
log-entity-kb_section = knowledge base section
log-entity-meeting = meeting
log-entity-decision = decision
log-entity-action_item = action item
