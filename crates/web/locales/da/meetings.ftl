# Meetings, decisions, action items, my page and the knowledge base (Danish first).

meetings-title = Møder
meetings-upcoming = Kommende møder
meetings-past = Afholdte møder
meetings-none-upcoming = Der er ingen kommende møder.
meetings-feed = Abonnér på møderne i din kalender (.ics)
meeting = Møde
meeting-create = Opret møde
meeting-created = Mødet er oprettet.
meeting-saved = Mødet er gemt.
meeting-edit = Redigér mødet
meeting-kind = Gruppe
meeting-kind-alliance_group = Alliancegruppen
meeting-kind-working_group = Arbejdsgruppe
meeting-working-group = Arbejdsgruppens navn
meeting-working-group-hint = Kun for møder i en arbejdsgruppe, fx "Arbejdsgruppen for fritid".
meeting-working-group-named = Arbejdsgruppe: { $name }
meeting-starts-at = Starttidspunkt
meeting-ends-at = Sluttidspunkt
meeting-time-hint = Dansk tid, fx 16:00.
meeting-place = Sted
meeting-link = Link til onlinemøde
meeting-link-hint = Fx et link til et videomøde.
meeting-agenda = Dagsorden
meeting-minutes = Referat
meeting-minutes-hint = Skrives efter mødet.
meeting-no-minutes = Der er endnu intet referat.
meeting-participants = Deltagende organisationer
meeting-ics = Tilføj mødet til din kalender (.ics)

decisions = Beslutninger
decisions-title = Beslutningslog
decisions-none = Der er ikke registreret beslutninger på mødet.
decisions-search = Søg i beslutningerne
decisions-count = { $count ->
    [one] { $formatted } beslutning
   *[other] { $formatted } beslutninger
}
decision-text = Beslutning
decision-add = Tilføj beslutning
decision-added = Beslutningen er tilføjet.

action-items = Opgaver
action-items-none = Der er ingen opgaver.
action-item = Opgave
action-item-add = Tilføj opgave
action-item-added = Opgaven er tilføjet.
action-item-organisation = Ansvarlig organisation
action-item-due = Frist
action-item-due-hint = Organisationen får en påmindelse på e-mail tre dage før.
action-item-status = Status
action-item-is-done = Udført
action-item-is-open = Åben
action-item-overdue = Overskredet
action-item-mark-done = Markér "{ $title }" som udført
action-item-reopen = Genåbn "{ $title }"
action-item-done = Opgaven er markeret som udført.
action-item-reopened = Opgaven er genåbnet.
decision-edit = Ret beslutningen
decision-saved = Beslutningen er rettet.
action-item-edit = Ret opgaven
action-item-saved = Opgaven er rettet.
meeting-record-back = Tilbage til mødet
edit-short = Ret

reminder-subject = Påmindelse: { $title }
reminder-body = Hej

    { $organisation } har en opgave i { $initiative }, som har frist { $due }:

    { $title }

    Se mødet og markér opgaven som udført, når den er klaret:
    { $url }

    Venlig hilsen
    rygrad

my-page-title = Min side
nav-my-page = Min side
my-page-no-initiatives = Du er ikke med i noget initiativ endnu.
my-page-as-backbone = Du er i sekretariatet.
my-page-as-member = Du handler for { $organisation }.
my-page-open-items = Jeres åbne opgaver
my-page-overdue = Overskredne opgaver i alliancen
my-page-nothing-overdue = Ingen opgaver er overskredet.
my-page-next-meetings = Næste møder
my-page-commitments = Jeres tilsagn
my-page-no-commitments = Jeres organisation har ikke givet tilsagn endnu.
my-page-commitment-what = Ressource
my-page-commitment-to = Til
my-page-commitment-promised = Lovet
my-page-commitment-delivered = Leveret
my-page-commitment-nothing-yet = Intet endnu

err-meeting-end-before-start = Mødet skal slutte, efter det er begyndt.
err-due-before-meeting = Fristen kan ikke ligge før mødet.
err-organisation-not-in-alliance = Organisationen er ikke med i alliancen.

initiative-meetings = Møder og beslutninger
initiative-knowledge-base = Vidensgrundlag, vision og principper

log-action-revise = Ny version
log-action-comment = Kommenteret
log-action-support = Støtte markeret
log-action-withdraw-support = Støtte trukket tilbage
log-action-archive = Arkiveret
log-action-restore = Genoprettet
log-action-relink = Delmål flyttet
log-action-delete = Slettet
log-entity-kb_section = afsnit i vidensgrundlaget
log-entity-meeting = møde
log-entity-decision = beslutning
log-entity-action_item = opgave
