# Aktivitetskatalog, tilsagn, handleplan og netværk

workspace-nav = Alliancens arbejdsrum
activities-title = Aktiviteter
activity-propose = Foreslå en aktivitet
activity-proposed = Tak! Aktiviteten er foreslået. Sekretariatet ser på den.
activity-added = Aktiviteten er oprettet.
activity-accepted = Aktiviteten er taget med i kataloget.
activity-accept = Tag med i kataloget
activity-proposal = Forslag
activity-proposal-note = Et forslag står som idé, indtil sekretariatet har taget det med i kataloget.
activity-edit = Rediger aktiviteten
activity-edit-title = Rediger { $title }
activity-count = { $count ->
    [one] { $formatted } aktivitet
   *[other] { $formatted } aktiviteter
}
activity-shown = Viser de første { $shown }; eksporten har dem alle.
activity-export = Hent som
activity-status = Status
activity-status-idea = Idé
activity-status-planned = Planlagt
activity-status-running = I gang
activity-status-completed = Gennemført
activity-status-anchored = Forankret i drift
activity-status-stopped = Stoppet
activity-stop-reason = Hvorfor blev den stoppet?
activity-stop-reason-hint = Skal udfyldes, når status er stoppet.
activity-lead = Ansvarlig organisation
activity-partners = Partnere
activity-organisation = Organisation
activity-track = Spor
activity-tracks = Spor
activity-goal = Mål
activity-goals = Mål, aktiviteten tjener
activity-target-group = Målgruppe
activity-address = Adresse eller sted
activity-starts-on = Start
activity-ends-on = Slut
activity-evaluation = Evaluering
activity-participants = Antal deltagere nået
activity-helped = Hvad hjalp?
activity-hindered = Hvad hindrede?
activity-satisfaction = Tilfredshed (1–5)

commitments-title = Tilsagn
commitments-none = Ingen organisationer har givet tilsagn endnu.
commitment-title = Tilsagn
commitment-back = Tilbage
plan-goal-commitments-newest = De { $shown } nyeste; hvert tilsagn har sin egen side.
commitment-change = Ret tilsagnet
commitment-add = Giv et tilsagn
commitment-added = Tilsagnet er registreret.
commitment-organisation = Organisation, der giver tilsagnet
commitment-kind = Slags ressource
commitment-kind-staff_hours = Medarbejdertimer
commitment-kind-money = Penge (kr.)
commitment-kind-rooms = Lokaler og faciliteter
commitment-kind-volunteers = Frivillige
commitment-kind-communication = Kommunikationskanaler
commitment-kind-data = Data
commitment-kind-other = Andet
commitment-amount = Mængde
commitment-amount-hint = Fx 40 eller 12.500,50.
commitment-unit = Enhed
commitment-unit-hint = Fx timer, kr. eller lokaler; udfyldes selv for timer, penge og frivillige.
commitment-delivered-of = Leveret: { $delivered } af { $promised }
plan-goal-commitments = Tilsagn til mål
commitment-add-to-goal = Giv et tilsagn til et mål
commitment-to-goal = Til målet: { $goal }
delivery-add = Registrer en leverance
delivery-added = Leverancen er registreret.
delivery-what = Hvad blev leveret?
delivery-date = Dato

plan-title = Handleplan
plan-share = Hvem driver aktiviteterne?
plan-share-explained = Aktiviteter ledet af sekretariatet (organisationer med rollen sekretariat i alliancen) over for aktiviteter ledet af partnere, fordelt på kvartalet, hvor de starter.
plan-secretariat-is = Sekretariatet: { $names }.
plan-share-total = { $percent } % af aktiviteterne drives af sekretariatet.
plan-no-leads = Ingen aktiviteter har en ansvarlig organisation endnu.
plan-per-quarter = Aktiviteter pr. kvartal
plan-by-secretariat = Sekretariatet
plan-by-partners = Partnere
plan-share-column = Sekretariatets andel
plan-matrix = Tilsagn pr. organisation og spor
plan-matrix-explained = Hver celle viser antal tilsagn og hvor mange af dem, der har leveret noget.
plan-no-track = Uden spor
plan-cell = { $promised_formatted } tilsagn, { $delivered ->
    [0] intet leveret
   *[other] { $delivered_formatted } leveret
}
plan-secretariat = Sekretariat
plan-kinds = Ressourcer i alt
plan-promised = Lovet
plan-delivered = Leveret
plan-gaps = Huller i planen
plan-goals-without-activities = Mål uden aktiviteter
plan-activities-without-partners = Aktiviteter uden tilsagn fra partnere
quarter-of-year = { $quarter }. kvartal { $year }
quarter = Kvartal

network-title = Netværk
network-explained = Organisationer er forbundet, når de leder, deltager i eller giver tilsagn til den samme aktivitet.
network-show = Vis
network-empty = Der er ingen forbindelser at vise endnu.
network-caption = { $nodes } organisationer og { $edges } forbindelser. Klik på en organisation for at se den.
network-drawn = Tegningen viser de mest aktive; alle { $total } står i tabellen.
network-ties-listed = De { $listed } stærkeste af { $total } forbindelser.
network-new-per-quarter = Nye partnerskaber pr. kvartal
network-new-ties = Nye forbindelser
network-actors = Aktører
network-engagements = Aktiviteter
network-ties = Forbindelser
network-between = Mellem
network-shared = Fælles aktiviteter
network-since = Siden
network-hint = Hold musen over en organisation, eller gå til den med tabulatortasten, for at fremhæve dens forbindelser. Klik (eller tryk Enter) for kun at vise dem; klik igen for at åbne organisationen. Esc viser alle igen.
network-show-all = Vis alle forbindelser
network-status-one = Viser forbindelserne for { $name }: { $count }.
network-status-all = Viser alle forbindelser.

log-entity-activity = aktivitet
log-entity-commitment = tilsagn
log-entity-delivery = leverance
log-action-accept = Taget med

err-activity-stop-reason = Skriv, hvorfor aktiviteten blev stoppet.
err-activity-foreign-goal = Vælg kun mål fra dette initiativ.
err-activity-foreign-track = Vælg kun spor fra dette initiativ.
err-commitment-target = Et tilsagn gælder enten en aktivitet eller et mål.
err-commitment-foreign-activity = Aktiviteten findes ikke i dette initiativ.
err-commitment-foreign-goal = Målet findes ikke i dette initiativ.
err-amount-negative = Mængden kan ikke være negativ.
err-amount-absurd = Mængden er urealistisk stor (højst 1 mia. kr. eller 1 mio. timer). Tjek tallet.
