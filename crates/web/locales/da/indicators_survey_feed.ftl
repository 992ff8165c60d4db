survey-feed-title = Tal fra et spørgeskema
survey-feed-intro = Et spørgsmål i et af initiativets spørgeskemaer kan give indikatorens tal: andelen i procent, der har svaret en af de valgte svarmuligheder, med antal svar (n) og 95 %-konfidensinterval (Wilson). Hver lukket runde giver den periode, dens første svar kom ind i; ligger to runder i samme periode, gælder den seneste. Grupper med under 5 svar og de grupper, der skjules sammen med dem, giver intet tal.
survey-feed-link = Tal fra et spørgeskema
survey-feed-question = Spørgsmål
survey-feed-question-choose = Vælg et spørgsmål
survey-feed-options = Svarmuligheder, der tæller
survey-feed-options-hint = Numrene adskilt af komma, fx 3, 4 for "Nogle gange" og "Ofte". Ved et spørgsmål med flere svar: ét nummer.
survey-feed-units = Hvor tallene hører til
survey-feed-units-groups = Hver gruppe til initiativets egen enhed med samme navn (fx en klasse eller skole)
survey-feed-units-wave = Hele runden til én enhed
survey-feed-unit = Enhed for hele runden
survey-feed-unit-hint = DK for hele landet, en kommunekode (fx 0350) eller id'et på en af initiativets egne enheder.
survey-feed-save = Gem koblingen
survey-feed-saved = Koblingen til spørgeskemaet er gemt. Tryk "Opdater tallene nu" for at hente tallene.
survey-feed-refresh = Opdater tallene nu
survey-feed-remove = Fjern koblingen
survey-feed-removed = Koblingen er fjernet. Tallene, den har skrevet, er bevaret.
survey-feed-refreshed = { $imported ->
    [one] 1 værdi ny eller ændret
   *[other] { $imported_formatted } værdier nye eller ændrede
}, { $unchanged_formatted } uændrede, { $hidden ->
    [one] 1 gruppe uden tal (for få svar).
   *[other] { $hidden_formatted } grupper uden tal (for få svar).
}
survey-feed-unmatched = Ingen enhed med samme navn som: { $names }.
survey-feed-options-list = Spørgsmålenes svarmuligheder
survey-feed-no-surveys = Initiativet har endnu ingen spørgeskemaer med svarmuligheder.
err-survey-feed-unit-not-percent = Indikatorens enhed skal være procent (%) for at få tal fra et spørgeskema.
err-survey-feed-question-unknown = Spørgsmålet findes ikke i spørgeskemaet.
err-survey-feed-question-not-choice = Vælg et spørgsmål med svarmuligheder.
err-survey-feed-option-unknown = Skriv numre på spørgsmålets svarmuligheder.
err-survey-feed-multi-one-option = Vælg kun én svarmulighed ved et spørgsmål med flere svar.
err-survey-feed-groups-need-custom = Grupper kan kun kobles til en indikator med initiativets egne enheder.
err-survey-feed-survey-unknown = Vælg et af initiativets spørgeskemaer.
log-entity-indicator_survey_link = kobling til spørgeskema
