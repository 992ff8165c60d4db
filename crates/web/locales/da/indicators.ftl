# Fælles måling: indikatorer, deres tal og overblikket

log-entity-indicator = indikator
log-entity-indicator_unit = egen enhed
log-action-values = Tal indført
log-action-rename = Omdøbt

err-period-invalid = Skriv perioden som 2024, 2024K3, 2024M07 eller 2024W07.
err-period-wrong-frequency = Perioden passer ikke til indikatorens hyppighed.
err-period-repeated = Samme periode står der to gange.
err-unit-unknown = Enheden findes ikke på indikatorens geografiske niveau.
err-number-invalid = Skriv et tal.
err-out-of-range = Tallet ligger uden for det tilladte.
err-indicator-foreign-goal = Et af målene findes ikke i dette initiativ.
err-indicator-values-fix-shape = Hyppighed og geografi kan ikke ændres, når indikatoren har tal.
err-organisation-not-member = Organisationen er ikke medlem af alliancen.

# Siderne: listen, formularen, egne enheder, tallene i et gitter og et tals historik
indicators-title = Indikatorer
indicators-none = Der er endnu ingen indikatorer.
indicator-new = Ny indikator
indicator-edit-title = Ret «{ $name }»
indicator-added = Indikatoren er oprettet.
indicator-deleted = «{ $name }» er slettet.
indicator-edit = Ret
indicator-delete = Slet
indicator-delete-title = Slet «{ $name }»?
indicator-delete-lead = Indikatoren slettes med alle dens tal og deres historik. Det kan ikke fortrydes.
indicator-delete-confirm = Ja, slet indikatoren
indicator-delete-keep = Nej, behold den
indicator-actions = Handlinger
indicator-name = Navn
indicator-definition = Definition
indicator-definition-hint = Hvad tælles, og hvordan?
indicator-unit = Enhed
indicator-unit-hint = Fx % eller personer.
indicator-frequency = Hyppighed
indicator-owner = Ejer
indicator-owner-hint = Organisationen, der indtaster tallene.
indicator-goals = Mål
indicator-latest = Seneste tal
indicator-no-values = Ingen tal endnu
indicator-status = Status
indicator-enter-values = Indtast tal
indicator-import = Indlæs fil
indicator-country = Hele landet
indicator-direction = Retning
indicator-direction-up = Højere er bedre
indicator-direction-down = Lavere er bedre
indicator-frequency-year = År
indicator-frequency-quarter = Kvartal
indicator-frequency-month = Måned
indicator-frequency-week = Uge
indicator-geography = Geografisk niveau
indicator-geography-country = Hele landet
indicator-geography-region = Regioner
indicator-geography-municipality = Kommuner
indicator-geography-custom = Egne enheder
indicator-status_rule = Status beregnes ud fra
indicator-status_rule-target_path = Afstanden til vejen mod målene
indicator-status_rule-trend = Retningen på de seneste tal
indicator-status-on_track = På rette vej
indicator-status-at_risk = I fare
indicator-status-off_track = Ikke på rette vej
indicator-status-no_data = For få tal
indicator-decimals = Decimaler
indicator-decimals-hint = 0–4.
indicator-source = Kilde
indicator-source-hint = Fx Danmarks Statistik, FOLK1A.
indicator-baseline = Udgangspunkt
indicator-period = Periode
indicator-value = Tal
indicator-period-hint = Skriv perioden som 2024, 2024K3, 2024M07 eller 2024W07.
indicator-targets = Delmål og mål
indicator-targets-hint = Et mål pr. linje. Tomme linjer springes over.
indicator-target-period = Periode, mål { $n }
indicator-target-value = Tal, mål { $n }
indicator-noise = Støj
indicator-noise-hint = En ændring mindre end dette kaldes ikke en ændring.
indicator-public = Vis indikatoren på initiativets offentlige sider
indicator-units-title = Egne enheder
indicator-units-lead = Skoler, boligområder og andre enheder, som indikatorer med egne enheder måles for.
indicator-units-none = Der er endnu ingen egne enheder.
indicator-unit-add = Tilføj enhed
indicator-unit-name = Navn
indicator-unit-added = «{ $name }» er tilføjet.
indicator-unit-rename = Navn på «{ $name }»
indicator-grid-title = Tal for «{ $name }»
indicator-grid-lead = Skriv tallene i { $unit }. Kun ændrede felter gemmes.
indicator-grid-caption = Tal i { $unit } pr. enhed og periode
indicator-grid-unit = Enhed
indicator-grid-earlier = Tidligere perioder
indicator-grid-later = Senere perioder
indicator-grid-no-units = Indikatoren har ingen enheder at indtaste tal for endnu.
indicator-grid-note = Note
indicator-grid-history = Historik
indicator-grid-value-label = Tal for { $unit }, { $period }
indicator-grid-note-label = Note til { $unit }, { $period }
indicator-values-saved = { $count ->
    [0] Ingen tal er ændret.
    [one] Et tal er gemt.
   *[other] { $count } tal er gemt.
}
indicator-history-title = { $unit }, { $period }
indicator-history-caption = Tallet nu og før
indicator-history-how = Hvordan
indicator-history-who = Hvem
indicator-history-when = Indtastet
indicator-history-replaced = Erstattet
indicator-history-current = Gældende
indicator-source-form = Formular
indicator-source-file = Fil
indicator-source-connector = Dataforbindelse
indicator-source-api = API
err-period-missing = Skriv perioden.
err-indicator-value-cleared = Et gemt tal kan ikke fjernes her; skriv det rigtige tal.
err-indicator-note-without-value = Skriv tallet, noten hører til.

# Indlæsning af en fil
indicator-import-title = Indlæs tal til «{ $name }»
indicator-import-lead = Vælg en CSV-fil eller et regneark (XLSX, XLS, ODS). Du ser filen, som den er læst, før noget gemmes. En fil med fejl indlæses ikke.
indicator-import-file = Fil
indicator-import-file-hint = Højst 64 MB. Første linje er kolonnernes navne.
indicator-import-period = Periode for alle rækker
indicator-import-period-hint = Kun hvis filen ikke har en kolonne med perioden, fx 2024.
indicator-import-preview = Vis filen
indicator-import-preview-title = Sådan læses { $file }
indicator-import-read-as = Tegnsæt: { $encoding }. Skilletegn: { $separator }.
indicator-import-tab = tabulator
indicator-import-spreadsheet = regneark
indicator-import-has-errors = { $count ->
    [one] Filen har én fejl. Ret den, og indlæs filen igen.
   *[other] Filen har { $count } fejl. Ret dem, og indlæs filen igen.
}
indicator-import-ready = { $count ->
    [one] Én værdi er klar til indlæsning.
   *[other] { $count } værdier er klar til indlæsning.
}
indicator-import-columns = Kolonner
indicator-import-unit_column = Enhed
indicator-import-period_column = Periode
indicator-import-value_column = Tal
indicator-import-note_column = Note
indicator-import-no-column = Ingen
indicator-import-repreview = Vis igen med disse kolonner
indicator-import-start = Importér
indicator-import-errors = Fejl
indicator-import-skipped = Udeladte rækker
indicator-import-line = Linje { $line }
indicator-import-line-header = Linje
indicator-import-rows = De første rækker
indicator-import-rows-caption = Filens første rækker, som de er læst
indicator-import-running = Tallene indlæses …
indicator-import-progress = { $done } af { $total } værdier gennemgået.
indicator-import-done = Tallene er indlæst
indicator-import-counts = { $imported } nye eller ændrede, { $unchanged } uændrede.
err-indicator-import-too-large = Filen er større end 64 MB. Del den op, eller gem kun de kolonner, der skal bruges.
err-indicator-import-empty = Vælg en fil med indhold.
err-indicator-import-unreadable = Filen kunne ikke læses som CSV eller regneark.
err-indicator-import-gone = Indikatoren er slettet, så tallene blev ikke indlæst.
err-indicator-import-changed = Filen passede ikke længere til indikatoren, så intet blev indlæst.
err-column-unknown = Kolonnen findes ikke i filen.
err-column-not-found = Kolonnen kunne ikke findes – vælg den.
import-reason-unit-missing = Enheden mangler.
import-reason-unit-unknown = Ukendt enhed: «{ $detail }».
import-reason-unit-wrong-level = Enheden er på et niveau, indikatoren ikke bruger ({ $detail }).
import-reason-unit-not-covered = Udeladt: «{ $detail }» er ikke en af de 98 kommuner.
import-reason-period-missing = Perioden mangler.
import-reason-period-invalid = Ukendt periode: «{ $detail }».
import-reason-period-wrong-frequency = Perioden «{ $detail }» passer ikke til indikatorens hyppighed.
import-reason-value-invalid = Værdien «{ $detail }» er ikke et tal.
import-reason-value-out-of-range = Værdien «{ $detail }» er for stor.
import-reason-value-missing = Udeladt: ingen værdi.
import-reason-value-suppressed = Udeladt: tallet er skjult af hensyn til fortrolighed ({ $detail }).
import-reason-duplicate = Samme enhed og periode som linje { $detail }, men med en anden værdi.
import-reason-repeated = Udeladt: samme værdi som linje { $detail }.
import-reason-summary-row = Udeladt: en sumrække ({ $detail }).
import-reason-comment-row = Udeladt: en note, ikke et tal ({ $detail }).
