# Activity catalogue, commitments, action plan and network

workspace-nav = The alliance's workspace
activities-title = Activities
activity-propose = Propose an activity
activity-proposed = Thank you! The activity has been proposed. The secretariat will look at it.
activity-added = The activity has been created.
activity-accepted = The activity is now in the catalogue.
activity-accept = Accept into the catalogue
activity-proposal = Proposal
activity-proposal-note = A proposal stays an idea until the secretariat accepts it into the catalogue.
activity-edit = Edit the activity
activity-edit-title = Edit { $title }
activity-count = { $count ->
    [one] { $formatted } activity
   *[other] { $formatted } activities
}
activity-shown = Showing the first { $shown }; the export has them all.
activity-export = Download as
activity-status = Status
activity-status-idea = Idea
activity-status-planned = Planned
activity-status-running = Running
activity-status-completed = Completed
activity-status-anchored = Anchored in regular operation
activity-status-stopped = Stopped
activity-stop-reason = Why was it stopped?
activity-stop-reason-hint = Required when the status is stopped.
activity-lead = Lead organisation
activity-partners = Partners
activity-organisation = Organisation
activity-track = Track
activity-tracks = Tracks
activity-goal = Goal
activity-goals = Goals the activity serves
activity-target-group = Target group
activity-address = Address or place
activity-starts-on = Start
activity-ends-on = End
activity-evaluation = Evaluation
activity-participants = Participants reached
activity-helped = What helped?
activity-hindered = What hindered?
activity-satisfaction = Satisfaction (1–5)

commitments-title = Commitments
commitments-none = No organisation has made a commitment yet.
commitment-title = Commitment
commitment-back = Back
plan-goal-commitments-newest = The { $shown } newest; every commitment has its own page.
commitment-change = Change the commitment
commitment-add = Make a commitment
commitment-added = The commitment has been recorded.
commitment-organisation = Organisation making the commitment
commitment-kind = Kind of resource
commitment-kind-staff_hours = Staff hours
commitment-kind-money = Money (DKK)
commitment-kind-rooms = Rooms and facilities
commitment-kind-volunteers = Volunteers
commitment-kind-communication = Communication channels
commitment-kind-data = Data
commitment-kind-other = Other
commitment-amount = Amount
commitment-amount-hint = E.g. 40 or 12,500.50.
commitment-unit = Unit
commitment-unit-hint = E.g. hours, DKK or rooms; filled in for hours, money and volunteers.
commitment-delivered-of = Delivered: { $delivered } of { $promised }
plan-goal-commitments = Commitments to goals
commitment-add-to-goal = Commit to a goal
commitment-to-goal = To the goal: { $goal }
delivery-add = Record a delivery
delivery-added = The delivery has been recorded.
delivery-what = What was delivered?
delivery-date = Date

plan-title = Action plan
plan-share = Who drives the activities?
plan-share-explained = Activities led by the secretariat (organisations with the secretariat role in the alliance) against activities led by partners, by the quarter they start.
plan-secretariat-is = The secretariat: { $names }.
plan-share-total = { $percent } % of the activities are driven by the secretariat.
plan-no-leads = No activity has a lead organisation yet.
plan-per-quarter = Activities per quarter
plan-by-secretariat = Secretariat
plan-by-partners = Partners
plan-share-column = Secretariat's share
plan-matrix = Commitments per organisation and track
plan-matrix-explained = Each cell shows the number of commitments and how many of them have delivered something.
plan-no-track = No track
plan-cell = { $promised ->
    [one] { $promised_formatted } commitment
   *[other] { $promised_formatted } commitments
}, { $delivered ->
    [0] none delivered
   *[other] { $delivered_formatted } delivered
}
plan-secretariat = Secretariat
plan-kinds = Resources in total
plan-promised = Promised
plan-delivered = Delivered
plan-gaps = Gaps in the plan
plan-goals-without-activities = Goals without activities
plan-activities-without-partners = Activities without commitments from partners
quarter-of-year = Q{ $quarter } { $year }
quarter = Quarter

network-title = Network
network-explained = Organisations are tied when they lead, take part in or commit to the same activity.
network-show = Show
network-empty = There are no ties to show yet.
network-caption = { $nodes } organisations and { $edges } ties. Click an organisation to see it.
network-drawn = The drawing shows the most active; all { $total } are in the table.
network-ties-listed = The { $listed } strongest of { $total } ties.
network-new-per-quarter = New partnerships per quarter
network-new-ties = New ties
network-actors = Actors
network-engagements = Activities
network-ties = Ties
network-between = Between
network-shared = Shared activities
network-since = Since
network-hint = Hover over an organisation, or tab to it, to highlight its ties. Click (or press Enter) to show only those; click again to open the organisation. Escape shows everything again.
network-show-all = Show all ties
network-status-one = Showing the ties of { $name }: { $count }.
network-status-all = Showing all ties.

log-entity-activity = activity
log-entity-commitment = commitment
log-entity-delivery = delivery
log-action-accept = Accepted

err-activity-stop-reason = Say why the activity was stopped.
err-activity-foreign-goal = Choose only goals of this initiative.
err-activity-foreign-track = Choose only tracks of this initiative.
err-commitment-target = A commitment is to either an activity or a goal.
err-commitment-foreign-activity = The activity is not part of this initiative.
err-commitment-foreign-goal = The goal is not part of this initiative.
err-amount-negative = The amount cannot be negative.
err-amount-absurd = The amount is unrealistically large (at most DKK 1 billion or 1 million hours). Check the number.
