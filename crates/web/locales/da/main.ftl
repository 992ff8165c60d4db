# Navigation and layout
skip-to-content = Spring til indhold
nav-main = Hovedmenu
nav-home = Forside
nav-initiatives = Initiativer
nav-organisations = Aktører
nav-account = Min konto
nav-login = Log ind
nav-logout = Log ud
nav-signup = Opret konto
nav-about-data = Om data og kilder
nav-api = API
nav-outbox = Udbakke (test)
footer-tagline = rygrad — fælles arbejdsrum for alliancer med kollektiv effekt.
notice-confirm-email = Bekræft din e-mailadresse via linket, vi har sendt dig.

# Common words
save = Gem
saved = Ændringerne er gemt.
search = Søg
all = Alle
none = Ingen
choose = Vælg …
actions = Handlinger
previous = Forrige
next = Næste
pagination = Sider
page-of = Side { $page } af { $pages }
form-has-errors = Formularen har fejl. Ret felterne markeret nedenfor.

# Labels
label-name = Navn
label-email = E-mail
label-password = Adgangskode
label-current-password = Nuværende adgangskode
label-new-password = Ny adgangskode
label-role = Rolle
label-slug = Kort webadresse
label-problem-statement = Problemforståelse
label-vision = Vision
label-guiding-principles = Principper for samarbejdet
label-geography = Geografi (kommuner)
label-starts-on = Startdato
label-ends-on = Slutdato
label-period = Periode
label-is-public = Offentligt synligt initiativ
label-organisation = Organisation
label-sector = Sektor
label-municipality = Kommune
label-website = Hjemmeside
label-description = Beskrivelse
label-since = Medlem siden
label-end-reason = Årsag til udtræden
label-created = Oprettet
label-status = Status
label-token-label = Navn på nøglen

hint-password = Mindst 10 tegn.
hint-slug = Små bogstaver, tal og bindestreg. Tom: dannes ud fra navnet.
hint-problem-statement = Hvad er problemet, og hvad ved vi om det? Angiv gerne kilder.
hint-email-change = Vi sender et link til den nye adresse; ændringen gælder, når du har klikket på det.
hint-invite-organisation = Påkrævet for alliancemedlemmer, der handler for en organisation.

# Validation
err-required = Udfyld feltet.
err-control-chars = Feltet indeholder usynlige kontroltegn. Fjern dem, og prøv igen.
err-too-long = Teksten er for lang.
err-slug-format = Brug kun små bogstaver a–z, tal og enkelte bindestreger.
err-slug-length = Den korte webadresse skal være 2–60 tegn.
err-email-format = Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.
err-password-short = Adgangskoden skal være mindst 10 tegn.
err-unknown-municipality = Vælg en af de 98 kommuner.
err-unknown-choice = Vælg en af mulighederne.
err-date-format = Skriv datoen som dd.mm.åååå, fx 25.04.2026.
err-date-range = Datoen ligger uden for det mulige interval.
err-end-before-start = Slutdatoen ligger før startdatoen.
err-url-format = Skriv en gyldig webadresse, fx https://eksempel.dk.
err-organisation-required = Vælg den organisation, personen handler for.
err-taken = Den værdi er allerede i brug.
err-password-mismatch = Adgangskoderne er ikke ens.
err-wrong-password = Adgangskoden er forkert.
err-unknown-organisation = Organisationen findes ikke.
err-already-member = Organisationen er allerede medlem af alliancen.

# Errors
error-status = Fejlkode
error-back-home = Gå til forsiden
error-title-not-found = Siden findes ikke
error-not-found = Vi kunne ikke finde siden. Måske er adressen forkert, eller siden er flyttet.
error-title-forbidden = Ingen adgang
error-forbidden = Du har ikke adgang til denne side eller handling.
error-title-unauthenticated = Log ind for at fortsætte
error-unauthenticated = Du skal være logget ind for at gøre dette.
error-title-bad-request = Ugyldig forespørgsel
error-bad-request = Forespørgslen kunne ikke forstås.
error-title-csrf = Formularen er udløbet
error-csrf = Formularen kunne ikke sendes af sikkerhedshensyn. Gå tilbage, genindlæs siden, og prøv igen.
error-title-too-many-requests = For mange forsøg
error-too-many-requests = Du har prøvet for mange gange. Vent lidt, og prøv igen.
error-title-too-large = For stor forespørgsel
error-too-large = Det indsendte er for stort.
error-title-method-not-allowed = Ikke tilladt
error-method-not-allowed = Den handling er ikke mulig på denne adresse.
error-title-internal = Der skete en fejl
error-internal = Der skete en fejl hos os. Prøv igen om lidt.
error-validation = Nogle felter er ikke udfyldt korrekt.

# Home
home-title = Alliancer med kollektiv effekt
home-lead = rygrad samler kommune, foreninger, skoler, virksomheder og borgere om fælles mål – med fælles dagsorden, handleplan og målinger.
home-initiatives = Initiativer
home-no-initiatives = Der er endnu ingen initiativer.

# About the data
about-data-title = Om data og kilder
about-data-lead = rygrad indeholder danske geodata, så kort, kommuner og postnumre virker uden internetforbindelse:
about-data-municipalities = { $count } kommuner med grænser, region og kommunegruppe
about-data-postal-codes = { $count } postnumre med et punkt og en kommune
about-data-towns = { $count } byer med indbyggertal
about-data-sources = Kilder
about-data-no-endorsement = Dataejerne står ikke bag rygrad og har ikke godkendt den.
about-data-geocoder = Stedsøgning uden internet
about-data-geocoder-text = Et postnummer eller et bynavn kan slås op i API'et:

# Outbox
outbox-title = Udbakke
outbox-lead = Der er ikke sat en mailserver op, så mails vises her i stedet for at blive sendt. Siden findes kun i test og demo.
outbox-empty = Ingen mails endnu.
outbox-to = Til

# Sign-up, login, reset
signup-title = Opret konto
signup-submit = Opret konto
signup-have-account = Har du allerede en konto?
signup-check-mail = Tak! Vi har sendt en mail til { $email }. Klik på linket i den for at bekræfte adressen, og log så ind.
confirm-done = Din e-mailadresse er bekræftet. Du kan nu logge ind.
token-invalid = Linket er ugyldigt eller udløbet.
login-title = Log ind
login-submit = Log ind
login-failed = E-mail eller adgangskode er forkert.
login-forgot = Glemt adgangskode?
demo-users-title = Demobrugere
demo-users-password = Alle demobrugere har adgangskoden { $password }
forgot-title = Glemt adgangskode
forgot-lead = Skriv din e-mailadresse, så sender vi et link, hvor du kan vælge en ny adgangskode.
forgot-submit = Send link
forgot-sent = Hvis adressen har en konto, har vi sendt et link til den. Linket virker i 2 timer.
reset-title = Vælg ny adgangskode
reset-submit = Gem ny adgangskode
reset-done = Din adgangskode er ændret. Log ind med den nye.

# Account
account-title = Min konto
account-signed-in-as = Du er logget ind som { $email }.
account-name = Navn
account-email = E-mailadresse
account-email-submit = Skift e-mail
email-change-sent = Vi har sendt et link til { $email }. Adressen skiftes, når du klikker på det.
email-changed = Din e-mailadresse er ændret.
account-password = Adgangskode
account-password-submit = Skift adgangskode
password-changed = Din adgangskode er ændret.
account-saved = Gemt.
account-tokens = API-nøgler
account-tokens-lead = En personlig API-nøgle giver programmer adgang til API'et med dine rettigheder.
account-token-created = Her er din nye nøgle. Kopiér den nu – den vises ikke igen.
account-token-create = Opret nøgle
account-token-revoke = Slet nøgle
token-revoked = Nøglen er slettet.
account-delete = Slet konto
account-delete-lead = Din konto og dine personoplysninger slettes. I initiativernes log står ændringer, du har lavet, uden dit navn. Det kan ikke fortrydes.
account-delete-submit = Slet min konto
account-deleted = Din konto er slettet.

# Mail
mail-confirm-subject = Bekræft din e-mailadresse hos rygrad
mail-confirm-body = Hej!

    Bekræft din e-mailadresse ved at åbne linket:
    { $link }

    Linket virker i 3 dage. Har du ikke oprettet en konto, kan du se bort fra denne mail.
mail-change-subject = Bekræft din nye e-mailadresse hos rygrad
mail-change-body = Hej!

    Åbn linket for at bruge denne adresse til din konto:
    { $link }
mail-reset-subject = Ny adgangskode til rygrad
mail-reset-body = Hej!

    Vælg en ny adgangskode via linket:
    { $link }

    Linket virker i 2 timer. Har du ikke bedt om det, kan du se bort fra denne mail.
mail-exists-subject = Du har allerede en konto hos rygrad
mail-exists-body = Hej!

    Nogen forsøgte at oprette en konto med denne adresse, men den har allerede en konto.
    Har du glemt adgangskoden, kan du vælge en ny her:
    { $link }
mail-invite-subject = Invitation til { $initiative }
mail-invite-for-org = for { $organisation }
mail-invite-body = Hej!

    { $inviter } inviterer dig til { $initiative } som { $role } { $for_org }.

    Tag imod invitationen her:
    { $link }

    Invitationen gælder i 14 dage.

# Roles and sectors
person-role-admin = Platformsadministrator
person-role-backbone = Sekretariat
person-role-member = Alliancemedlem
person-role-public = Borger
membership-role-chair = Formand
membership-role-vice-chair = Næstformand
membership-role-member = Medlem
membership-role-secretariat = Sekretariat
membership-ended = udtrådt
sector-municipality = Kommune
sector-region = Region
sector-state = Stat
sector-association = Forening
sector-volunteer-group = Frivilliggruppe
sector-business = Virksomhed
sector-foundation = Fond
sector-education = Uddannelse
sector-citizens-group = Borgergruppe
organisation-count = { $count ->
    [one] { $formatted } organisation
   *[other] { $formatted } organisationer
}

# Initiatives
initiative-create = Opret initiativ
initiative-created = Initiativet er oprettet.
initiative-edit = Redigér profil
initiative-edit-title = Redigér { $name }
initiative-public = Offentligt
initiative-private = Privat
initiative-admin-nav = Sekretariatets værktøjer
initiative-members = Alliancens medlemmer
initiative-invitations = Invitér personer
initiative-log = Log over ændringer
initiative-alliance = Alliancen
initiative-no-members = Ingen medlemmer endnu.
initiative-former-members = Tidligere medlemmer (udtrådt)
initiative-people = Personer med roller
member-add = Tilføj organisation
member-add-submit = Tilføj til alliancen
member-added = { $name } er tilføjet alliancen.
member-end-title = { $name } træder ud
member-end-submit = Registrér udtræden
member-ended = Udtrædelsen er registreret. Medlemskabet står fortsat i historikken.
invite-submit = Send invitation
invitation-sent = Invitationen er sendt.
invitations-sent = Sendte invitationer
invitation-accepted = Accepteret
invitation-expired = Udløbet
invitation-open = Afventer

# Invitation acceptance
invitation-title = Invitation
invitation-heading = Du er inviteret til { $initiative }
invitation-role = Rolle: { $role }
invitation-for-org = for { $organisation }
invitation-accept-as = Du tager imod som { $name }.
invitation-accept = Tag imod invitationen
invitation-login-first = Der findes allerede en konto med denne adresse. Log ind for at tage imod.
invitation-create-account = Opret en konto
invitation-account-email = Kontoen oprettes med adressen { $email }.
invitation-create-and-accept = Opret konto og tag imod
invitation-or = Eller
invitation-login-other = log ind med en anden konto
invitation-welcome = Velkommen i { $initiative }!

# Audit log
log-when = Hvornår
log-who = Hvem
log-what = Hvad
log-changes = Ændringer
log-older = Ældre ændringer
log-action-create = Oprettet
log-action-update = Ændret
log-action-end = Afsluttet
log-action-grant = Rolle givet
log-action-invite = Inviteret
log-entity-initiative = initiativ
log-entity-organisation = organisation
log-entity-membership = medlemskab
log-entity-role = rolle
log-field-name = Navn
log-field-slug = Kort webadresse
log-field-problem-statement = Problemforståelse
log-field-vision = Vision
log-field-guiding-principles = Principper
log-field-municipalities = Kommuner
log-field-starts-on = Start
log-field-ends-on = Slut
log-field-is-public = Offentligt
log-field-sector = Sektor
log-field-municipality-code = Kommune
log-field-website = Hjemmeside
log-field-description = Beskrivelse
log-field-organisation = Organisation
log-field-role = Rolle
log-field-end-reason = Årsag
log-value-yes = ja
log-value-no = nej
log-entity-invitation = invitation

# Organisations
organisations-title = Aktører
organisation-create = Opret organisation
organisation-created = { $name } er oprettet.
organisation-edit = Redigér organisation
organisation-edit-title = Redigér { $name }
organisation-memberships = Medlemskaber
