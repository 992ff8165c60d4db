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
nav-failed-mail = Mails, der ikke kom frem
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
error-title-invalid-text = Ugyldige tegn
error-invalid-text = Formularen indeholdt tegn, som ikke er gyldig tekst (ikke UTF-8), så intet blev gemt. Gå tilbage, ret teksten og prøv igen.
error-title-csrf = Formularen er udløbet
error-csrf = Formularen kunne ikke sendes af sikkerhedshensyn. Gå tilbage, genindlæs siden, og prøv igen.
error-title-too-many-requests = For mange forsøg
error-too-many-requests = Du har prøvet for mange gange. Vent lidt, og prøv igen.
error-title-too-large = For stor forespørgsel
error-too-large = Det indsendte er for stort.
error-title-method-not-allowed = Ikke tilladt
error-method-not-allowed = Den handling er ikke mulig på denne adresse.
error-title-timeout = Det tog for lang tid
error-timeout = Forespørgslen tog for lang tid, og vi stoppede den. Prøv igen om lidt; bliver det ved, så del opgaven op i mindre dele.
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
about-data-open-meals = Åbne data om kommende måltider
about-data-open-meals-text = Alle offentliggjorte, kommende måltider kan hentes samlet som åbne data, uden navne eller e-mailadresser:
about-data-open-meals-json = Hent som JSON
about-data-open-meals-csv = Hent som CSV

# Outbox
outbox-title = Udbakke
outbox-lead = Der er ikke sat en mailserver op, så mails vises her i stedet for at blive sendt. Siden findes kun i test og demo.
outbox-empty = Ingen mails endnu.
outbox-to = Til
failed-mail-title = Mails, der ikke kunne leveres
failed-mail-lead = Disse mails blev forsøgt sendt flere gange i løbet af omkring et døgn uden held. Modtagerne har ikke fået dem; kontakt dem på anden måde, hvis det er vigtigt. De vises i 30 dage.
failed-mail-none = Alle mails er leveret.
failed-mail-when = Opgivet
failed-mail-subject = Emne
failed-mail-attempts = Forsøg
failed-mail-reason = Årsag
mail-undelivered = (mailen kunne ikke leveres)
guests-mail-failed-lead = Mailen med bekræftelse og afmeldingslink kunne ikke leveres til nogle gæster. De ved måske ikke, at de er tilmeldt: kontakt dem på anden måde.

# Sign-up, login, reset
signup-title = Opret konto
signup-submit = Opret konto
signup-have-account = Har du allerede en konto?
signup-check-mail = Tak! Vi har sendt en mail til { $email }. Klik på linket i den for at bekræfte adressen, og log så ind.
confirm-done = Din e-mailadresse er bekræftet. Du kan nu logge ind.
token-invalid = Linket er ugyldigt eller udløbet.
login-title = Log ind
login-submit = Log ind
login-link-title = Log ind med et link
login-link-intro = Har du glemt adgangskoden, eller må du vente efter for mange forkerte forsøg? Få et link, der logger dig ind én gang. Det virker i 15 minutter.
login-link-submit = Send mig et login-link
login-link-sent = Hvis adressen har en konto, har vi sendt et login-link til den. Linket virker i 15 minutter.
login-link-use = Log ind
login-link-address = Din adresse
login-failed = E-mail eller adgangskode er forkert.
login-wait = { $count ->
    [one] For mange forkerte forsøg herfra. Prøv igen om et sekund.
   *[other] For mange forkerte forsøg herfra. Prøv igen om { $count } sekunder.
}
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
mail-login-subject = Dit login-link til rygrad
mail-login-body = Hej!

    Log ind via linket (det virker én gang, i 15 minutter):
    { $link }

    Bad du ikke om linket, kan du se bort fra denne mail.
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
mail-exists-change-body = Hej!

    Nogen forsøgte at flytte en anden konto over på denne adresse, men den har allerede en konto.
    Adressen er ikke blevet ændret. Har du glemt adgangskoden, kan du vælge en ny her:
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
member-role-since = { $role } siden { $date }
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
log-entity-campaign = kampagne

# Organisations
organisations-title = Aktører
organisation-create = Opret organisation
organisation-created = { $name } er oprettet.
organisation-edit = Redigér organisation
organisation-edit-title = Redigér { $name }
organisation-memberships = Medlemskaber

# Meals (Danmark spiser sammen)
find-title = Find et måltid nær dig
find-lead = Spis sammen med nogen, du ikke plejer at spise med. Find et fællesmåltid, og tilmeld dig på et minut.
find-filters = Søg måltider
find-place = Postnummer eller by
find-radius = Afstand
find-from = Fra dato
find-to = Til dato
find-theme = Tema
find-near = Måltider nær { $place }
find-upcoming = Kommende måltider
find-subscribe = Abonnér på kalenderen
find-subscribe-file = Hent kalenderfilen (.ics)
find-my-location = din position
find-map-label = Kort over Danmark med måltiderne i listen
map-caption = Kortet viser kommunegrænser og måltiderne i listen.
meal-count = { $count ->
    [one] { $formatted } måltid
   *[other] { $formatted } måltider
}
seats-left = { $count ->
    [one] { $formatted } ledig plads
   *[other] { $formatted } ledige pladser
}
meal-full-waitlist = Fuldt booket – tilmeld dig ventelisten
meal-join-external = Tilmelding hos værten
meal-by-invitation = Kun for inviterede.
meal-flagship = Fyrtårn
meal-host = Vær vært for et måltid
meal-host-lead = Inviter nogen, du ikke plejer at spise med. Dit måltid kommer på kortet med det samme.
meal-host-submit = Sæt måltidet på kortet
meal-created = Dit måltid er på kortet. Stafetkoden til dine gæster er { $code }.
meal-pin = Flyt nålen: angiv præcise koordinater (valgfrit)
meal-myself = Mig selv
meal-join = Deltag
meal-free = Gratis
meal-hidden = Måltidet er skjult og vises ikke på kortet.
meal-for-host = For værten
meal-guest-list = Gæsteliste
meal-calendar = Tilføj til kalender (.ics)
meal-moderation = Sekretariatet
meal-reports = { $count ->
    [one] { $formatted } anmeldelse
   *[other] { $formatted } anmeldelser
}
meal-mark-flagship = Markér som fyrtårn
meal-unmark-flagship = Fjern fyrtårn
meal-hide = Skjul måltidet
meal-publish = Vis måltidet igen
meal-report = Anmeld måltidet som upassende
meal-reported = Tak. Sekretariatet kigger på det.
price-kroner = { $amount } kr.
label-title = Titel
label-address = Adresse
label-place = Postnummer eller by
label-lat = Breddegrad
label-lon = Længdegrad
label-date = Dato
label-starts-at = Starter kl.
label-ends-at = Slutter kl.
label-capacity = Antal pladser
label-join-mode = Tilmelding
label-external-url = Link til tilmelding
label-themes = Temaer
label-accessibility = Tilgængelighed
label-price = Pris
label-language = Sprog
label-baton-code = Stafetkode
label-on-behalf-of = Værten er
label-campaign = Kampagne
label-when = Hvornår
label-where = Hvor
label-party-size = Antal personer
label-note = Besked til værten
hint-meal-description = Hvad skal I spise, og hvem vil du gerne invitere?
hint-address = Vejnavn og nummer. Vises til gæsterne.
hint-place = Bruges til at placere måltidet på kortet.
hint-external-url = Kun når gæsterne tilmelder sig et andet sted.
hint-accessibility = Fx trappefri adgang, handicaptoilet, høreslynge.
hint-price = Tom eller 0 betyder gratis. Ellers et beløb i kroner, fx 25 eller 27,50.
hint-language = Fx dansk, engelsk, arabisk.
hint-baton-code = Har du fået en stafet ved et andet måltid? Skriv koden, så følger vi stafetten.
hint-signup-email = Vi sender en bekræftelse med et link til at melde fra.
hint-note = Fx allergier eller hvem du tager med.
join-mode-sign_up = Tilmelding her på siden
join-mode-external = Tilmelding via mit eget link
join-mode-invitation = Kun for inviterede (tælles med, men vises ikke)
theme-young-people = Unge
theme-elderly = Ældre
theme-unemployed = Ledige
theme-refugees = Flygtninge
theme-families = Familier
theme-across-generations = På tværs af generationer
theme-students = Studerende
theme-neighbours = Naboer
baton-suggestion = Mente du { $code }?
signup-submit-meal = Tilmeld
signup-submit-waitlist = Skriv mig på ventelisten
signup-confirmed = Du er tilmeldt! Vi har sendt en bekræftelse til { $email }.
signup-waitlisted = Du står på ventelisten. Vi skriver til { $email }, hvis du rykker ind.
signup-cancelled = Du er meldt fra. Tak fordi du sagde til.
signup-status-confirmed = Tilmeldt
signup-status-waitlisted = Venteliste
signup-status-cancelled = Afmeldt
cancel-title = Meld fra
cancel-lead = Vil du melde fra måltidet? Din plads går videre til den næste på ventelisten.
cancel-submit = Ja, meld mig fra
guests-summary = { $taken_formatted } af { $capacity ->
    [one] { $capacity_formatted } plads
   *[other] { $capacity_formatted } pladser
} er taget.
guests-export = Hent som CSV
mail-signup-subject = Tilmelding: { $title }
mail-signup-confirmed-body = Hej { $name }!

    Du er tilmeldt { $title } { $when }.
    Adresse: { $address }

    Se måltidet: { $link }
    Kan du ikke komme alligevel? Meld fra her: { $cancel }

    Måltidet ligger som kalenderfil i denne mail.
mail-signup-waitlisted-body = Hej { $name }!

    Måltidet { $title } { $when } er fuldt booket, så du står på ventelisten. Vi skriver, hvis du rykker ind.

    Se måltidet: { $link }
    Vil du af ventelisten? Meld fra her: { $cancel }
mail-signup-promoted-body = Hej { $name }!

    Der er blevet en plads ledig: du er nu tilmeldt { $title } { $when }.

    Se måltidet: { $link }
relay-title = Madstafetten
relay-lead = Hver gæst får en stafet med en kode og inviterer selv til et måltid. Skriv koden for at se, hvor langt stafetten er nået.
relay-find = Find stafetten
relay-longest = De største stafetter
relay-summary = Stafetten herfra: { $meals }, { $guests }, { $generations }, { $municipalities }.
relay-generation = Led nr. { $generation } i stafetten
relay-your-code = Stafetkode til dine gæster: { $code }
relay-see = Se stafetten
relay-of = Stafetten fra { $title }
relay-carry-on = Bær stafetten videre: vær vært
relay-line = Vejen tilbage til det første måltid
relay-descendants = Måltider, stafetten er nået til
relay-none-yet = Stafetten er ikke givet videre endnu.
relay-more = { $count ->
    [one] … og ét måltid mere.
   *[other] … og { $formatted } måltider mere.
}
relay-map-label = Kort over stafettens måltider
err-baton-format = En stafetkode har 6 tegn, fx ABC-DEF.
err-baton-typo = Koden er skrevet forkert – tjek den igen.
err-baton-unknown = Vi kender ikke den stafetkode.
err-meal-in-past = Måltidet ligger i fortiden.
err-capacity-range = Antal pladser skal være mellem 1 og 5.000.
err-number-format = Skriv et tal.
err-number-range = Tallet er uden for det mulige interval.
err-coordinates-format = Skriv koordinaterne som tal, fx 55,6761.
err-outside-denmark = Punktet ligger ikke i en dansk kommune.
err-place-not-found = Vi kunne ikke finde stedet. Skriv et postnummer eller et bynavn.
err-time-format = Skriv klokkeslættet som tt:mm, fx 18:00.
err-time-does-not-exist = Det klokkeslæt findes ikke den dag (sommertid).
err-price-range = Prisen skal være mellem 0 og 10.000 kr.
err-party-size-range = Antal personer skal være mellem 1 og 20.
err-signup-closed = Der er ikke tilmelding til dette måltid her.
err-already-signed-up = Den e-mailadresse er allerede tilmeldt.
err-meal-spans-days = Måltidet skal starte og slutte samme dag.
err-end-before-start-time = Måltidet skal slutte, efter det er begyndt.
guest-count = { $count ->
    [one] { $formatted } gæst
   *[other] { $formatted } gæster
}
generation-count = { $count ->
    [one] { $formatted } led
   *[other] { $formatted } led
}
municipality-count = { $count ->
    [one] { $formatted } kommune
   *[other] { $formatted } kommuner
}

# Campaigns
campaign-create = Opret kampagne
campaign-created = Kampagnen er oprettet.
campaign-targets = Mål
campaign-week = Kampagneuge { $week }: { $dates }
campaign-timing = Hvornår
campaign-week-meals = Måltider i kampagneugen
campaign-other-meals = Måltider resten af året
campaign-relay-meals = Måltider født af madstafetten
campaign-municipalities = Måltider pr. kommune
campaign-map-label = Kort over kommuner med måltider
campaign-calendar = Kalender (.ics)
campaigns = Kampagner
target-meals = Måltider
target-member-meals = Måltider hos medlemsorganisationer
target-flagships = Fyrtårne
target-flagship-guests = Gæster pr. fyrtårn (det mindste)
target-guests = Gæster
target-rural-municipalities = Landkommuner med måltider
target-urban-municipalities = Bykommuner med måltider
export-csv = Hent CSV
export-xlsx = Hent Excel (XLSX)
export-target = Mål
export-goal = Mål i tal
export-current = Nu
export-percent = Procent
export-code = Kode
export-meals = Måltider
label-year = År
label-iso-week = Kampagneuge (ugenummer)
hint-iso-week = Uge 17 som standard.
hint-campaign-period = Tom: hele året.

# Calendar import
import-title = Hent måltider fra en kalender
import-lead = Hent arrangementer fra en .ics-fil eller et kalenderlink (fx eksporteret fra Facebook, Google eller Outlook) som organisationens måltider. Henter du igen, opdateres de samme arrangementer.
import-result = Resultat
import-counts = { $imported ->
    [one] Ét nyt måltid
   *[other] { $imported_formatted } nye måltider
}, { $updated ->
    [one] ét opdateret.
   *[other] { $updated_formatted } opdaterede.
}
import-skipped = { $count ->
    [one] Ét arrangement blev ikke hentet:
   *[other] { $formatted } arrangementer blev ikke hentet:
}
import-skipped-caption = Arrangementer, der ikke blev hentet
import-reason = Årsag
import-file = Kalenderfil (.ics)
import-file-hint = Højst 5 MB.
import-url = Eller et link til en kalender
import-submit = Hent måltider
organisation-import = Hent måltider fra en kalender
err-import-fetch = Kalenderen kunne ikke hentes fra linket.
err-import-private-address = Linket peger på en intern adresse og kan ikke bruges.
err-import-too-large = Filen er større end 5 MB.
err-import-nothing = Vælg en fil eller skriv et link.
err-import-not-calendar = Filen er ikke en kalender (.ics).

# Host guide and sharing
guide-title = Værtsguide: sådan inviterer du til fællesspisning
guide-lead = Et fællesmåltid er en enkel måde at bryde ensomhed på. Her er gode råd til dig, der vil være vært – uanset om I er to eller to hundrede.
guide-1-title = Godt værtskab
guide-1-body =
    Byd velkommen ved døren, og præsentér gæsterne for hinanden. Sæt folk, der ikke kender hinanden, ved siden af hinanden.

    Hold maden enkel, så du har tid til gæsterne. Lad gerne gæsterne hjælpe til – det skaber samtale.

    Slut af med at takke for i dag, og giv hver gæst et stafetkort, så de selv kan invitere til et måltid.
guide-2-title = Barrierer, du kan fjerne
guide-2-body =
    Mange, der føler sig ensomme, synes, det er svært at komme alene. Skriv i invitationen, at man er velkommen alene, og at der er nogen, der tager imod.

    Tænk på prisen: gør det gratis eller billigt, og skriv det tydeligt. Tænk på adgangen: trapper, toilet, høreslynge og transport.

    Tænk på sproget: skriv enkelt, og sig, hvis andre sprog end dansk er velkomne.
guide-3-title = Sådan inviterer du en, du ikke kender
guide-3-body =
    Spørg en nabo, en kollega eller en i foreningen, du kun kender af udseende. Sig det personligt – en invitation i hånden virker bedre end et opslag.

    Bed en, du kender, om at tage en med, de ikke plejer at spise med. Samarbejd med den lokale forening, kirken eller biblioteket om at nå dem, der sidder alene.

    Sæt måltidet på kortet her på siden, så andre i nærheden kan finde det.
guide-4-title = Madstafetten
guide-4-body = Hvert måltid har en stafetkode. Print stafetkortene fra dit startkit, og giv dem til gæsterne. Når en gæst selv inviterer og skriver koden, kan vi alle følge, hvordan stafetten breder sig i Danmark.
guide-download = Hent værtsguiden som PDF
nav-host-guide = Værtsguide
share-title-host = Jeg var vært for et fællesmåltid
share-title-guest = Jeg spiste med til et fællesmåltid
share-text = { $title } – { $when }. Vær med i Danmark spiser sammen: find eller invitér til et måltid nær dig.
share-heading = Del dit måltid
share-lead = Siderne herunder fortæller om måltidet uden at vise, hvem der ellers var med. Kopiér linket, og del det.
share-as-host = Jeg var vært
share-as-guest = Jeg deltog
share-see-meal = Se måltidet

# Starter kit
kit-title = Startkit
kit-invitation = Invitation (PDF)
kit-poster-a4 = Plakat A4 (PDF)
kit-poster-a3 = A3
kit-baton-cards = Stafetkort til gæsterne (PDF)
kit-postcard = E-postkort (PNG)
find-use-location = Brug min position
find-locating = Finder din position …
find-locate-failed = Din position kunne ikke findes. Skriv et postnummer i stedet.
relay-widest = Stafetterne, der er nået længst ud i landet
relay-spread = Sådan har stafetten bredt sig år for år
relay-year = Til og med { $year }: { $meals }
meal-edit = Redigér måltidet
err-capacity-below-signups = Der er allerede tilmeldt flere, end der er plads til. Vælg mindst det antal pladser.
err-goal-unknown-parent = Det overordnede mål findes ikke i dette initiativ.
err-goal-cycle = Et mål kan ikke placeres under sig selv eller et af sine egne delmål.
err-period-invalid = Skriv perioden som 2024, 2024K3, 2024M07 eller 2024W07.
err-period-wrong-frequency = Perioden passer ikke til indikatorens hyppighed.
err-period-repeated = Samme periode står der to gange.
err-unit-unknown = Enheden findes ikke på indikatorens geografiske niveau.
err-number-invalid = Skriv et tal.
err-out-of-range = Tallet ligger uden for det tilladte.
err-indicator-foreign-goal = Et af målene findes ikke i dette initiativ.
err-indicator-values-fix-shape = Hyppighed og geografi kan ikke ændres, når indikatoren har tal.
err-organisation-not-member = Organisationen er ikke medlem af alliancen.

# Common agenda
agenda-title = Fælles dagsorden
agenda-goals = Målhierarki
agenda-tracks = Indsatsspor
agenda-no-goals = Ingen mål endnu.
goal-add = Tilføj mål
goal-added = Målet er tilføjet.
goal-parent = Tjener målet
goal-top = Intet – et øverste mål
goal-level = Niveau
goal-level-auto = Under det overordnede mål
goal-level-vision = Vision
goal-level-long_term = Langsigtet mål
goal-level-intermediate = Delmål
goal-level-target = Konkret mål
track-add = Tilføj spor
track-added = Sporet er tilføjet.
track-lead = ledes af { $organisation }
track-lead-label = Ledende organisation
initiative-agenda = Fælles dagsorden og mål
log-entity-goal = mål
log-entity-track = spor
log-entity-indicator = indikator
log-entity-indicator_unit = egen enhed
log-action-values = Tal indført
log-action-rename = Omdøbt
err-party-larger-than-meal = Der er ikke så mange pladser ved måltidet.

# Periods open at one end
period-between = { $start } – { $end }
period-from = fra { $start }
period-until = til { $end }

# The audit log in words: the fields of logged changes
log-field-title = Titel
log-field-status = Status
log-field-stop-reason = Årsag til stop
log-field-lead-organisation-id = Ledende organisation
log-field-partner-ids = Partnere
log-field-track-ids = Spor
log-field-goal-ids = Mål
log-field-target-group = Målgruppe
log-field-address = Adresse
log-field-participants-reached = Deltagere nået
log-field-satisfaction = Tilfredshed
log-field-proposed = Forslag
log-field-organisation-id = Organisation
log-field-activity-id = Aktivitet
log-field-goal-id = Mål
log-field-kind = Type
log-field-amount = Mængde
log-field-unit = Enhed
log-field-commitment-id = Tilsagn
log-field-delivered-on = Leveret den
log-field-level = Niveau
log-field-parent-id = Overordnet mål
log-field-children = Delmål
log-field-to = Flyttet til
log-field-lead-organisation = Ledende organisation
log-field-section = Afsnit
log-field-revision = Version
log-field-note = Note
log-field-body = Tekst
log-field-comment = Kommentar
log-field-working-group = Arbejdsgruppe
log-field-starts-at = Starter
log-field-ends-at = Slutter
log-field-place = Sted
log-field-link = Link
log-field-agenda = Dagsorden
log-field-minutes = Referat
log-field-participants = Deltagende organisationer
log-field-meeting-id = Møde
log-field-text = Tekst
log-field-due-on = Frist
log-field-done = Udført
log-value-deleted = (slettet)
