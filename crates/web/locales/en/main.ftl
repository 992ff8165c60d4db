# Navigation and layout
skip-to-content = Skip to content
nav-main = Main menu
nav-home = Home
nav-initiatives = Initiatives
nav-organisations = Organisations
nav-account = My account
nav-login = Log in
nav-logout = Log out
nav-signup = Sign up
nav-about-data = About the data
nav-api = API
nav-outbox = Outbox (test)
nav-failed-mail = Undelivered mail
footer-tagline = rygrad — a shared workspace for collective impact alliances.
notice-confirm-email = Please confirm your e-mail address with the link we sent you.

# Common words
save = Save
saved = Your changes are saved.
search = Search
all = All
none = None
choose = Choose …
actions = Actions
previous = Previous
next = Next
pagination = Pages
page-of = Page { $page } of { $pages }
form-has-errors = The form has errors. Please correct the fields marked below.

# Labels
label-name = Name
label-email = E-mail
label-password = Password
label-current-password = Current password
label-new-password = New password
label-role = Role
label-slug = Short URL
label-problem-statement = Problem statement
label-vision = Vision
label-guiding-principles = Guiding principles
label-geography = Geography (municipalities)
label-starts-on = Start date
label-ends-on = End date
label-period = Period
label-is-public = Publicly visible initiative
label-organisation = Organisation
label-sector = Sector
label-municipality = Municipality
label-website = Website
label-description = Description
label-since = Member since
label-end-reason = Reason for leaving
label-created = Created
label-status = Status
label-token-label = Key name

hint-password = At least 10 characters.
hint-slug = Lower-case letters, digits and hyphens. Leave empty to derive it from the name.
hint-problem-statement = What is the problem, and what do we know about it? Please cite sources.
hint-email-change = We send a link to the new address; the change applies once you open it.
hint-invite-organisation = Required for alliance members, who act for an organisation.

# Validation
err-required = Please fill in this field.
err-control-chars = The field contains invisible control characters. Remove them and try again.
err-too-long = The text is too long.
err-slug-format = Use only lower-case letters a–z, digits and single hyphens.
err-slug-length = The short URL must be 2–60 characters.
err-email-format = Enter a valid e-mail address, e.g. name@example.com.
err-password-short = The password must be at least 10 characters.
err-unknown-municipality = Choose one of the 98 municipalities.
err-unknown-choice = Choose one of the options.
err-date-format = Enter the date as dd.mm.yyyy, e.g. 25.04.2026.
err-date-range = The date is outside the possible range.
err-end-before-start = The end date is before the start date.
err-url-format = Enter a valid web address, e.g. https://example.com.
err-organisation-required = Choose the organisation the person acts for.
err-taken = That value is already in use.
err-password-mismatch = The passwords do not match.
err-wrong-password = The password is wrong.
err-unknown-organisation = The organisation does not exist.
err-already-member = The organisation is already a member of the alliance.

# Errors
error-status = Error code
error-back-home = Go to the home page
error-title-not-found = Page not found
error-not-found = We could not find the page. The address may be wrong, or the page has moved.
error-title-forbidden = No access
error-forbidden = You do not have access to this page or action.
error-title-unauthenticated = Log in to continue
error-unauthenticated = You need to be logged in to do this.
error-title-bad-request = Bad request
error-bad-request = The request could not be understood.
error-title-invalid-text = Invalid characters
error-invalid-text = The form held characters that are not valid text (not UTF-8), so nothing was saved. Go back, correct the text and try again.
error-title-csrf = The form has expired
error-csrf = For security reasons the form could not be sent. Go back, reload the page and try again.
error-title-too-many-requests = Too many attempts
error-too-many-requests = You have tried too many times. Please wait a little and try again.
error-title-too-large = Request too large
error-too-large = What you sent is too large.
error-title-method-not-allowed = Not allowed
error-method-not-allowed = That action is not possible at this address.
error-title-timeout = It took too long
error-timeout = The request took too long, and we stopped it. Try again in a moment; if it keeps happening, split the task into smaller parts.
error-title-internal = Something went wrong
error-internal = Something went wrong on our side. Please try again shortly.
error-validation = Some fields are not filled in correctly.

# Home
home-title = Collective impact alliances
home-lead = rygrad brings the municipality, associations, schools, businesses and citizens together around shared goals – with a common agenda, action plan and measurement.
home-initiatives = Initiatives
home-no-initiatives = There are no initiatives yet.

# About the data
about-data-title = About the data
about-data-lead = rygrad embeds Danish geodata, so that maps, municipalities and postal codes work offline:
about-data-municipalities = { $count } municipalities with borders, region and municipality group
about-data-postal-codes = { $count } postal codes with a point and a municipality
about-data-towns = { $count } towns with population
about-data-sources = Sources
about-data-no-endorsement = The data owners do not endorse rygrad.
about-data-geocoder = Offline place search
about-data-geocoder-text = A postal code or town name can be looked up in the API:
about-data-open-meals = Open data on upcoming meals
about-data-open-meals-text = Every published upcoming meal can be downloaded at once as open data, without names or e-mail addresses:
about-data-open-meals-json = Download as JSON
about-data-open-meals-csv = Download as CSV

# Outbox
outbox-title = Outbox
outbox-lead = No mail server is configured, so mails are shown here instead of being sent. This page exists only in test and demo setups.
outbox-empty = No mail yet.
outbox-to = To
failed-mail-title = Mail that could not be delivered
failed-mail-lead = These mails were tried several times over about a day without success. The recipients have not received them; contact them another way if it matters. They are shown for 30 days.
failed-mail-none = All mail has been delivered.
failed-mail-when = Given up
failed-mail-subject = Subject
failed-mail-attempts = Attempts
failed-mail-reason = Reason
mail-undelivered = (the mail could not be delivered)
guests-mail-failed-lead = The mail with the confirmation and cancel link could not be delivered to some guests. They may not know they are signed up: contact them another way.

# Sign-up, login, reset
signup-title = Sign up
signup-submit = Create account
signup-have-account = Already have an account?
signup-check-mail = Thank you! We sent a mail to { $email }. Open the link in it to confirm the address, then log in.
confirm-done = Your e-mail address is confirmed. You can log in now.
token-invalid = The link is invalid or has expired.
login-title = Log in
login-submit = Log in
login-link-title = Log in with a link
login-link-intro = Forgot your password, or made to wait after too many wrong attempts? Get a link that logs you in once. It works for 15 minutes.
login-link-submit = Send me a login link
login-link-sent = If the address has an account, we have sent a login link to it. The link works for 15 minutes.
login-link-use = Log in
login-link-address = Your address
login-failed = The e-mail or password is wrong.
login-wait = { $count ->
    [one] Too many wrong attempts from here. Try again in a second.
   *[other] Too many wrong attempts from here. Try again in { $count } seconds.
}
login-forgot = Forgot your password?
demo-users-title = Demo users
demo-users-password = All demo users have the password { $password }
forgot-title = Forgotten password
forgot-lead = Enter your e-mail address and we will send a link where you can choose a new password.
forgot-submit = Send link
forgot-sent = If the address has an account, we have sent it a link. The link works for 2 hours.
reset-title = Choose a new password
reset-submit = Save new password
reset-done = Your password is changed. Log in with the new one.

# Account
account-title = My account
account-signed-in-as = You are logged in as { $email }.
account-name = Name
account-email = E-mail address
account-email-submit = Change e-mail
email-change-sent = We sent a link to { $email }. The address changes when you open it.
email-changed = Your e-mail address is changed.
account-password = Password
account-password-submit = Change password
password-changed = Your password is changed.
account-saved = Saved.
account-tokens = API keys
account-tokens-lead = A personal API key gives programs access to the API with your permissions.
account-token-created = Here is your new key. Copy it now – it will not be shown again.
account-token-create = Create key
account-token-revoke = Delete key
token-revoked = The key is deleted.
account-delete = Delete account
account-delete-lead = Your account and personal data are deleted. The initiatives' logs keep the changes you made, without your name. This cannot be undone.
account-delete-submit = Delete my account
account-deleted = Your account is deleted.

# Mail
mail-confirm-subject = Confirm your e-mail address at rygrad
mail-confirm-body = Hello!

    Confirm your e-mail address by opening this link:
    { $link }

    The link works for 3 days. If you did not sign up, you can ignore this mail.
mail-change-subject = Confirm your new e-mail address at rygrad
mail-change-body = Hello!

    Open the link to use this address for your account:
    { $link }
mail-login-subject = Your rygrad login link
mail-login-body = Hello!

    Log in through the link (it works once, for 15 minutes):
    { $link }

    If you did not ask for it, you can ignore this mail.
mail-reset-subject = New password for rygrad
mail-reset-body = Hello!

    Choose a new password with this link:
    { $link }

    The link works for 2 hours. If you did not ask for it, you can ignore this mail.
mail-exists-subject = You already have an account at rygrad
mail-exists-body = Hello!

    Someone tried to sign up with this address, but it already has an account.
    If you forgot the password, you can choose a new one here:
    { $link }
mail-exists-change-body = Hello!

    Someone tried to move another account to this address, but it already has an account.
    Nothing was changed. If you forgot the password, you can choose a new one here:
    { $link }
mail-invite-subject = Invitation to { $initiative }
mail-invite-for-org = for { $organisation }
mail-invite-body = Hello!

    { $inviter } invites you to { $initiative } as { $role } { $for_org }.

    Accept the invitation here:
    { $link }

    The invitation is valid for 14 days.

# Roles and sectors
person-role-admin = Platform administrator
person-role-backbone = Backbone staff
person-role-member = Alliance member
person-role-public = Citizen
membership-role-chair = Chair
membership-role-vice-chair = Vice-chair
membership-role-member = Member
membership-role-secretariat = Secretariat
membership-ended = left
sector-municipality = Municipality
sector-region = Region
sector-state = State
sector-association = Association
sector-volunteer-group = Volunteer group
sector-business = Business
sector-foundation = Foundation
sector-education = Education
sector-citizens-group = Citizens' group
organisation-count = { $count ->
    [one] { $formatted } organisation
   *[other] { $formatted } organisations
}

# Initiatives
initiative-create = Create initiative
initiative-created = The initiative is created.
initiative-edit = Edit profile
initiative-edit-title = Edit { $name }
initiative-public = Public
initiative-private = Private
initiative-admin-nav = Backbone tools
initiative-members = Alliance members
initiative-invitations = Invite people
initiative-log = Log of changes
initiative-alliance = The alliance
initiative-no-members = No members yet.
initiative-former-members = Former members (left)
initiative-people = People with roles
member-add = Add an organisation
member-add-submit = Add to the alliance
member-added = { $name } has been added to the alliance.
member-end-title = { $name } leaves
member-role-since = { $role } since { $date }
member-end-submit = Record leaving
member-ended = The departure is recorded. The membership stays in the history.
invite-submit = Send invitation
invitation-sent = The invitation is sent.
invitations-sent = Invitations sent
invitation-accepted = Accepted
invitation-expired = Expired
invitation-open = Pending

# Invitation acceptance
invitation-title = Invitation
invitation-heading = You are invited to { $initiative }
invitation-role = Role: { $role }
invitation-for-org = for { $organisation }
invitation-accept-as = You accept as { $name }.
invitation-accept = Accept the invitation
invitation-login-first = An account with this address already exists. Log in to accept.
invitation-create-account = Create an account
invitation-account-email = The account is created with the address { $email }.
invitation-create-and-accept = Create account and accept
invitation-or = Or
invitation-login-other = log in with another account
invitation-welcome = Welcome to { $initiative }!

# Audit log
log-when = When
log-who = Who
log-what = What
log-changes = Changes
log-older = Older changes
log-action-create = Created
log-action-update = Changed
log-action-end = Ended
log-action-grant = Role granted
log-action-invite = Invited
log-entity-initiative = initiative
log-entity-organisation = organisation
log-entity-membership = membership
log-entity-role = role
log-field-name = Name
log-field-slug = Short URL
log-field-problem-statement = Problem statement
log-field-vision = Vision
log-field-guiding-principles = Principles
log-field-municipalities = Municipalities
log-field-starts-on = Start
log-field-ends-on = End
log-field-is-public = Public
log-field-sector = Sector
log-field-municipality-code = Municipality
log-field-website = Website
log-field-description = Description
log-field-organisation = Organisation
log-field-role = Role
log-field-end-reason = Reason
log-value-yes = yes
log-value-no = no
log-entity-invitation = invitation
log-entity-campaign = campaign

# Organisations
organisations-title = Organisations
organisation-create = Create organisation
organisation-created = { $name } is created.
organisation-edit = Edit organisation
organisation-edit-title = Edit { $name }
organisation-memberships = Memberships

# Meals (Danmark spiser sammen)
find-title = Find a meal near you
find-lead = Eat with someone you don't usually eat with. Find a shared meal and sign up in a minute.
find-filters = Search meals
find-place = Postal code or town
find-radius = Distance
find-from = From date
find-to = To date
find-theme = Theme
find-near = Meals near { $place }
find-upcoming = Upcoming meals
find-subscribe = Subscribe to the calendar
find-subscribe-file = Download the calendar file (.ics)
find-my-location = your location
find-map-label = Map of Denmark with the meals in the list
map-caption = The map shows municipality borders and the meals in the list.
meal-count = { $count ->
    [one] { $formatted } meal
   *[other] { $formatted } meals
}
seats-left = { $count ->
    [one] { $formatted } seat left
   *[other] { $formatted } seats left
}
meal-full-waitlist = Fully booked – join the waiting list
meal-join-external = Sign up with the host
meal-by-invitation = By invitation only.
meal-flagship = Flagship
meal-host = Host a meal
meal-host-lead = Invite someone you don't usually eat with. Your meal appears on the map at once.
meal-host-submit = Put the meal on the map
meal-created = Your meal is on the map. The baton code for your guests is { $code }.
meal-pin = Move the pin: give exact coordinates (optional)
meal-myself = Myself
meal-join = Join
meal-free = Free
meal-hidden = The meal is hidden and not shown on the map.
meal-for-host = For the host
meal-guest-list = Guest list
meal-calendar = Add to calendar (.ics)
meal-moderation = Backbone
meal-reports = { $count ->
    [one] { $formatted } report
   *[other] { $formatted } reports
}
meal-mark-flagship = Mark as flagship
meal-unmark-flagship = Remove flagship
meal-hide = Hide the meal
meal-publish = Show the meal again
meal-report = Report the meal as inappropriate
meal-reported = Thank you. The backbone will look at it.
price-kroner = DKK { $amount }
label-title = Title
label-address = Address
label-place = Postal code or town
label-lat = Latitude
label-lon = Longitude
label-date = Date
label-starts-at = Starts at
label-ends-at = Ends at
label-capacity = Seats
label-join-mode = Sign-up
label-external-url = Sign-up link
label-themes = Themes
label-accessibility = Accessibility
label-price = Price
label-language = Language
label-baton-code = Baton code
label-on-behalf-of = Host
label-campaign = Campaign
label-when = When
label-where = Where
label-party-size = Number of people
label-note = Message to the host
hint-meal-description = What will you eat, and whom would you like to invite?
hint-address = Street and number. Shown to guests.
hint-place = Used to place the meal on the map.
hint-external-url = Only when guests sign up elsewhere.
hint-accessibility = E.g. step-free access, accessible toilet, hearing loop.
hint-price = Empty or 0 means free. Otherwise an amount in kroner, e.g. 25 or 27.50.
hint-language = E.g. Danish, English, Arabic.
hint-baton-code = Did you get a baton at another meal? Enter its code so we can follow the relay.
hint-signup-email = We send a confirmation with a link to cancel.
hint-note = E.g. allergies or whom you bring.
join-mode-sign_up = Sign-up here on the site
join-mode-external = Sign-up at my own link
join-mode-invitation = By invitation only (counted, not shown)
theme-young-people = Young people
theme-elderly = Elderly
theme-unemployed = Unemployed
theme-refugees = Refugees
theme-families = Families
theme-across-generations = Across generations
theme-students = Students
theme-neighbours = Neighbours
baton-suggestion = Did you mean { $code }?
signup-submit-meal = Sign up
signup-submit-waitlist = Put me on the waiting list
signup-confirmed = You are signed up! We sent a confirmation to { $email }.
signup-waitlisted = You are on the waiting list. We will write to { $email } if a seat frees up.
signup-cancelled = You have cancelled. Thank you for letting the host know.
signup-status-confirmed = Signed up
signup-status-waitlisted = Waiting list
signup-status-cancelled = Cancelled
cancel-title = Cancel
cancel-lead = Do you want to cancel? Your seat goes to the next person on the waiting list.
cancel-submit = Yes, cancel
guests-summary = { $taken_formatted } of { $capacity ->
    [one] { $capacity_formatted } seat
   *[other] { $capacity_formatted } seats
} { $taken ->
    [one] is
   *[other] are
} taken.
guests-export = Download as CSV
mail-signup-subject = Sign-up: { $title }
mail-signup-confirmed-body = Hello { $name }!

    You are signed up for { $title } { $when }.
    Address: { $address }

    See the meal: { $link }
    Can't come after all? Cancel here: { $cancel }

    The meal is attached to this mail as a calendar file.
mail-signup-waitlisted-body = Hello { $name }!

    The meal { $title } { $when } is fully booked, so you are on the waiting list. We will write if a seat frees up.

    See the meal: { $link }
    Leave the waiting list here: { $cancel }
mail-signup-promoted-body = Hello { $name }!

    A seat has freed up: you are now signed up for { $title } { $when }.

    See the meal: { $link }
relay-title = The food relay
relay-lead = Every guest gets a baton with a code and hosts a meal of their own. Enter the code to see how far the relay has travelled.
relay-find = Find the relay
relay-longest = The largest relays
relay-summary = The relay from here: { $meals }, { $guests }, { $generations }, { $municipalities }.
relay-generation = Generation { $generation } of the relay
relay-your-code = Baton code for your guests: { $code }
relay-see = See the relay
relay-of = The relay from { $title }
relay-carry-on = Carry the baton on: host a meal
relay-line = The way back to the first meal
relay-descendants = Meals the relay has reached
relay-none-yet = The baton has not been passed on yet.
relay-more = { $count ->
    [one] … and one more meal.
   *[other] … and { $formatted } more meals.
}
relay-map-label = Map of the relay's meals
err-baton-format = A baton code has 6 characters, e.g. ABC-DEF.
err-baton-typo = The code has a typo – please check it.
err-baton-unknown = We don't know that baton code.
err-meal-in-past = The meal is in the past.
err-capacity-range = Seats must be between 1 and 5,000.
err-number-format = Enter a number.
err-number-range = The number is outside the possible range.
err-coordinates-format = Enter the coordinates as numbers, e.g. 55.6761.
err-outside-denmark = The point is not in a Danish municipality.
err-place-not-found = We could not find the place. Enter a postal code or a town.
err-time-format = Enter the time as hh:mm, e.g. 18:00.
err-time-does-not-exist = That time does not exist on that day (daylight saving).
err-price-range = The price must be between 0 and 10,000 kroner.
err-party-size-range = The number of people must be between 1 and 20.
err-signup-closed = This meal has no sign-up here.
err-already-signed-up = That e-mail address is already signed up.
err-meal-spans-days = The meal must start and end on the same day.
err-end-before-start-time = The meal must end after it starts.
guest-count = { $count ->
    [one] { $formatted } guest
   *[other] { $formatted } guests
}
generation-count = { $count ->
    [one] { $formatted } generation
   *[other] { $formatted } generations
}
municipality-count = { $count ->
    [one] { $formatted } municipality
   *[other] { $formatted } municipalities
}

# Campaigns
campaign-create = Create campaign
campaign-created = The campaign is created.
campaign-targets = Targets
campaign-week = Campaign week { $week }: { $dates }
campaign-timing = When
campaign-week-meals = Meals in the campaign week
campaign-other-meals = Meals the rest of the year
campaign-relay-meals = Meals born of the food relay
campaign-municipalities = Meals per municipality
campaign-map-label = Map of municipalities with meals
campaign-calendar = Calendar (.ics)
campaigns = Campaigns
target-meals = Meals
target-member-meals = Meals by member organisations
target-flagships = Flagship meals
target-flagship-guests = Guests per flagship (the smallest)
target-guests = Guests
target-rural-municipalities = Rural municipalities with meals
target-urban-municipalities = Urban municipalities with meals
export-csv = Download CSV
export-xlsx = Download Excel (XLSX)
export-target = Target
export-goal = Goal
export-current = Now
export-percent = Percent
export-code = Code
export-meals = Meals
label-year = Year
label-iso-week = Campaign week (week number)
hint-iso-week = Week 17 by default.
hint-campaign-period = Empty: the whole year.

# Calendar import
import-title = Import meals from a calendar
import-lead = Import events from an .ics file or a calendar link (e.g. exported from Facebook, Google or Outlook) as the organisation's meals. Importing again updates the same events.
import-result = Result
import-counts = { $imported ->
    [one] 1 new meal
   *[other] { $imported_formatted } new meals
}, { $updated_formatted } updated.
import-skipped = { $count ->
    [one] { $formatted } event was not imported:
   *[other] { $formatted } events were not imported:
}
import-skipped-caption = Events not imported
import-reason = Reason
import-file = Calendar file (.ics)
import-file-hint = At most 5 MB.
import-url = Or a link to a calendar
import-submit = Import meals
organisation-import = Import meals from a calendar
err-import-fetch = The calendar could not be fetched from the link.
err-import-private-address = The link points to an internal address and cannot be used.
err-import-too-large = The file is larger than 5 MB.
err-import-nothing = Choose a file or enter a link.
err-import-not-calendar = The file is not a calendar (.ics).

# Host guide and sharing
guide-title = Host guide: how to invite people to a shared meal
guide-lead = A shared meal is a simple way to break loneliness. Here is advice for hosts – whether you are two or two hundred.
guide-1-title = Good hosting
guide-1-body =
    Welcome people at the door and introduce the guests to each other. Seat people who do not know each other side by side.

    Keep the food simple so you have time for your guests. Let guests help – it starts conversations.

    End by thanking everyone, and give each guest a baton card so they can host a meal of their own.
guide-2-title = Barriers you can remove
guide-2-body =
    Many who feel lonely find it hard to come alone. Write in the invitation that people are welcome on their own and that someone will meet them.

    Think of the price: make it free or cheap, and say so clearly. Think of access: stairs, toilets, hearing loops and transport.

    Think of language: write simply, and say if languages other than Danish are welcome.
guide-3-title = How to invite someone you do not know
guide-3-body =
    Ask a neighbour, a colleague or someone from your club whom you only know by sight. Ask in person – an invitation in the hand works better than a notice.

    Ask someone you know to bring a person they do not usually eat with. Work with the local association, church or library to reach people who sit alone.

    Put the meal on the map here, so others nearby can find it.
guide-4-title = The food relay
guide-4-body = Every meal has a baton code. Print the baton cards from your starter kit and give them to your guests. When a guest hosts a meal and enters the code, we can all follow how the relay spreads across Denmark.
guide-download = Download the host guide as PDF
nav-host-guide = Host guide
share-title-host = I hosted a shared meal
share-title-guest = I took part in a shared meal
share-text = { $title } – { $when }. Join Danmark spiser sammen: find or host a meal near you.
share-heading = Share your meal
share-lead = The pages below tell about the meal without showing who else took part. Copy the link and share it.
share-as-host = I hosted
share-as-guest = I took part
share-see-meal = See the meal

# Starter kit
kit-title = Starter kit
kit-invitation = Invitation (PDF)
kit-poster-a4 = Poster A4 (PDF)
kit-poster-a3 = A3
kit-baton-cards = Baton cards for the guests (PDF)
kit-postcard = E-postcard (PNG)
find-use-location = Use my location
find-locating = Finding your location …
find-locate-failed = Your location could not be found. Enter a postal code instead.
relay-widest = The relays that reached furthest across the country
relay-spread = How the relay spread year by year
relay-year = Up to and including { $year }: { $meals }
meal-edit = Edit the meal
err-capacity-below-signups = More people have already signed up than that. Choose at least that many seats.
err-goal-unknown-parent = The parent goal does not exist in this initiative.
err-goal-cycle = A goal cannot be placed under itself or one of its own sub-goals.
err-period-invalid = Write the period as 2024, 2024K3, 2024M07 or 2024W07.
err-period-wrong-frequency = The period does not fit the indicator's frequency.
err-period-repeated = The same period is given twice.
err-unit-unknown = The unit does not exist at the indicator's geographic level.
err-number-invalid = Write a number.
err-out-of-range = The number is outside what is allowed.
err-indicator-foreign-goal = One of the goals does not exist in this initiative.
err-indicator-values-fix-shape = Frequency and geography cannot change once the indicator has values.
err-organisation-not-member = The organisation is not a member of the alliance.

# Common agenda
agenda-title = Common agenda
agenda-goals = Goal hierarchy
agenda-tracks = Strategic tracks
agenda-no-goals = No goals yet.
goal-add = Add goal
goal-added = The goal is added.
goal-parent = Serves the goal
goal-top = None – a top goal
goal-level = Level
goal-level-auto = Below the parent goal
goal-level-vision = Vision
goal-level-long_term = Long-term goal
goal-level-intermediate = Intermediate goal
goal-level-target = Concrete target
track-add = Add track
track-added = The track is added.
track-lead = led by { $organisation }
track-lead-label = Lead organisation
initiative-agenda = Common agenda and goals
log-entity-goal = goal
log-entity-track = track
log-entity-indicator = indicator
log-entity-indicator_unit = own unit
log-action-values = Values entered
log-action-rename = Renamed
err-party-larger-than-meal = The meal does not have that many seats.

# Periods open at one end
period-between = { $start } – { $end }
period-from = from { $start }
period-until = until { $end }

# The audit log in words: the fields of logged changes
log-field-title = Title
log-field-status = Status
log-field-stop-reason = Reason for stopping
log-field-lead-organisation-id = Lead organisation
log-field-partner-ids = Partners
log-field-track-ids = Tracks
log-field-goal-ids = Goals
log-field-target-group = Target group
log-field-address = Address
log-field-participants-reached = Participants reached
log-field-satisfaction = Satisfaction
log-field-proposed = Proposal
log-field-organisation-id = Organisation
log-field-activity-id = Activity
log-field-goal-id = Goal
log-field-kind = Kind
log-field-amount = Amount
log-field-unit = Unit
log-field-commitment-id = Commitment
log-field-delivered-on = Delivered on
log-field-level = Level
log-field-parent-id = Parent goal
log-field-children = Sub-goals
log-field-to = Moved to
log-field-lead-organisation = Lead organisation
log-field-section = Section
log-field-revision = Version
log-field-note = Note
log-field-body = Text
log-field-comment = Comment
log-field-working-group = Working group
log-field-starts-at = Starts
log-field-ends-at = Ends
log-field-place = Place
log-field-link = Link
log-field-agenda = Agenda
log-field-minutes = Minutes
log-field-participants = Participating organisations
log-field-meeting-id = Meeting
log-field-text = Text
log-field-due-on = Due
log-field-done = Done
log-value-deleted = (deleted)
