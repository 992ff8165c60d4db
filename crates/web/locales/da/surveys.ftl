# Spørgeskemaer: skemaet, runderne, grupperne, svarene og resultaterne

log-entity-survey = spørgeskema
log-entity-survey_wave = runde
log-entity-survey_group = gruppe
log-action-open = Åbnet
log-action-close = Lukket

err-question-unknown = Spørgsmålet findes ikke i skemaet.
err-option-unknown = Svaret er ikke en af svarmulighederne.
err-option-repeated = Samme svarmulighed står der to gange.
err-answer-invalid = Svaret har ikke den rigtige form.
err-answer-too-long = Svaret er for langt (højst 2.000 tegn).
err-number-out-of-range = Tallet ligger uden for det tilladte.
err-panel-code-short = Kodeordet skal have mindst 4 tegn.
err-answered-question-removed = Et spørgsmål, der allerede er svaret på, kan ikke fjernes.
err-answered-kind-changed = Spørgsmålstypen kan ikke ændres, når der er svar.
err-answered-options-removed = Svarmuligheder kan ikke fjernes, når der er svar.
err-key-invalid = Nøglen må kun have små bogstaver a-z, tal og _ (højst 40 tegn).
err-key-repeated = To spørgsmål har samme nøgle.
err-options-count = Et valgspørgsmål skal have 2 til 30 svarmuligheder.
err-scale-points = En skala skal have 3 til 7 trin.
err-options-not-allowed = Tal- og tekstspørgsmål har ingen svarmuligheder.
err-not-allowed = Feltet gælder kun talspørgsmål.
err-min-above-max = Mindsteværdien er større end højesteværdien.
err-show-if-unknown-question = Betingelsen skal pege på et tidligere spørgsmål.
err-show-if-not-choice = Betingelsen skal pege på et valgspørgsmål.
err-show-if-unknown-option = Betingelsen nævner en svarmulighed, der ikke findes.
err-group-code-invalid = Koden er 6 tegn, fx ABC-DEF.
err-too-many = Der er for mange.
err-survey-busy = Der er kommet mange svar fra samme netværk på kort tid. Vent et par minutter, og send så svarene igen. Intet er gemt endnu.

survey-code-unknown = Koden findes ikke, eller spørgeskemaet er lukket for svar. Tjek koden, eller spørg den, der gav dig den.
survey-no-answer = Ikke besvaret
survey-results-method = Andele med 95 %-konfidensinterval efter Wilsons metode; ved flervalg er andelen af gruppens svarpersoner. Gennemsnit med 95 %-konfidensinterval efter t-fordelingen; på en skala tæller svarmulighed 1 til k som 1 til k point. Ændringer siden basislinjen og siden runden før er forskellen i procentpoint, testet med en tosidet z-test for to andele; i en panelundersøgelse følges de samme svarpersoner via deres kodeord, med McNemars test for andele og parret t-test for gennemsnit, og kun med mindst 5 fulgte. Med p ≥ 0,05 står der ikke signifikant. Grupper med færre end 5 svar vises aldrig, og flere grupper eller svarmuligheder skjules, så en skjult gruppe ikke kan regnes ud af totalen og de andre grupper (komplementær undertrykkelse); gennemsnit og ændringer regnes kun af viste tal.
err-survey-wave-unknown = Runden hører ikke til spørgeskemaet.
err-survey-group-by-invalid = Der kan grupperes efter group eller et enkeltvalgs- eller skalaspørgsmål.

# Svar på et spørgeskema (uden konto)
survey-code-title = Svar på et spørgeskema
survey-code-lead = Du skal ikke logge ind, og vi spørger ikke om dit navn.
survey-code-label = Skriv koden
survey-code-hint = Koden har 6 tegn, fx ABC-DEF. Store eller små bogstaver er lige meget.
survey-code-submit = Start
survey-progress = Spørgsmål { $n } af { $total }
survey-next = Næste
survey-back = Tilbage
survey-send = Send
survey-hint-multi = Du må gerne vælge flere.
survey-hint-range = Skriv et tal fra { $min } til { $max }.
survey-answer-none = Intet svar
survey-summary-title = Tjek dine svar
survey-summary-lead = Tryk på Tilbage, hvis du vil ændre noget. Når du trykker Send, kan du ikke ændre svarene mere.
survey-code-word-title = Dit kodeord
survey-code-word-label = Skriv et kodeord
survey-code-word-hint = Find på et kodeord, du kan huske til næste år. Vi gemmer det ikke – kun et tal, der ikke kan regnes tilbage.
survey-thanks-title = Tak for dine svar!
survey-thanks-text = Dine svar er sendt. Du kan lukke siden nu.
survey-already-title = Du har allerede svaret – tak!
survey-already-text = Der er allerede sendt svar fra denne telefon eller computer. Hver person svarer kun én gang.

# Resultater (alliancens medlemmer)
surveys-title = Spørgeskemaer
surveys-lead = Spørgeskemaernes runder og grupper, og resultaterne af hver runde.
surveys-none = Der er ingen spørgeskemaer endnu.
surveys-no-waves = Ingen runder endnu.
surveys-baseline = 0-punktsmåling
surveys-wave-open = åben for svar
surveys-wave-closed = lukket
surveys-results = Se resultater
surveys-code = kode
survey-results-title = Resultater
survey-results-wave = Runde
survey-results-group-by = Opdel efter
survey-by-group = Gruppe
survey-results-show = Vis
survey-results-total = Svar i alt
survey-downloads = Hent data
survey-download-answers-csv = Svarene som CSV (ét svar pr. linje, til forskere)
survey-download-answers-xlsx = Svarene som regneark (XLSX, med kodebogen på andet ark)
survey-download-codebook = Kodebogen som CSV (spørgsmålene, svarmulighederne og deres numre)
survey-export-sheet-answers = Svar
survey-export-sheet-codebook = Kodebog
survey-results-option = Svar
survey-results-count = Antal
survey-results-share = Andel
survey-results-interval = 95 %-interval
survey-cell-hidden = skjult
survey-suppressed = Færre end 5 svar
survey-n = { $n } svar
survey-free-text-note = Fritekst vises kun for grupper med mindst 5 svar og kun for sekretariatet. Den offentliggøres aldrig.
survey-free-text-more = { $count ->
    [one] og { $formatted } tekst mere: alle står i eksporten af svarene.
   *[other] og { $formatted } tekster mere: alle står i eksporten af svarene.
}
survey-overall = Alle
survey-results-mean = Gennemsnit
survey-results-scale-mean = Gennemsnit (1–{ $k })
survey-change-since-baseline = Siden basislinjen ({ $wave })
survey-change-since = Siden { $wave }
survey-change-points = { $value } procentpoint
survey-not-significant = ikke signifikant
survey-change-followed = { $n } fulgt, { $test }
survey-test-mcnemar = McNemars test
survey-test-paired-t = parret t-test
survey-chart-description = Andel for hver viste gruppe med 95 %-konfidensinterval (Wilson) som streg; tallene står i tabellerne nedenfor.
survey-chart-description-overall = Andel for alle med 95 %-konfidensinterval (Wilson) som streg; hver gruppes tal står i tabellerne nedenfor.
