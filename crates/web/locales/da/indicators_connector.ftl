connector-title = Forbindelse til Danmarks Statistik
connector-intro = Tallene hentes fra en tabel i Statistikbanken. Uden filter hentes initiativets kommuner og alle perioder.
connector-table = Tabel
connector-table-hint = Tabellens kode i Statistikbanken, fx FOLK1A.
connector-filter = Filter
connector-filter-hint = Én variabel pr. linje med koderne adskilt af komma, fx OMRÅDE = 101, 147. Tomt: initiativets kommuner og alle perioder.
connector-refresh = Opdatering
connector-refresh-none = Kun når der trykkes "Hent nu"
connector-refresh-daily = Dagligt
connector-refresh-weekly = Ugentligt
connector-refresh-monthly = Månedligt
connector-save = Gem forbindelsen
connector-saved = Forbindelsen er gemt.
connector-fetch-now = Hent nu
connector-queued = Tallene hentes nu. Genindlæs siden om lidt for at se resultatet.
connector-status-heading = Seneste hentning
connector-last-run = Hentet { $at }
connector-last-counts = { $imported ->
    [one] 1 værdi ny eller ændret
   *[other] { $imported_formatted } værdier nye eller ændrede
}, { $unchanged_formatted } uændrede.
connector-status-ok = Tallene er hentet.
connector-status-service_error = Danmarks Statistik svarede med en fejl. Intet er gemt.
connector-status-not_csv = Svaret var ikke en tabel (fx en fejlside). Intet er gemt.
connector-status-timeout = Danmarks Statistik svarede ikke i tide. Intet er gemt.
connector-status-unreachable = Danmarks Statistik kunne ikke nås. Intet er gemt.
connector-status-bad_rows = Svaret havde linjer, der ikke kunne læses som tal for indikatoren. Intet er gemt.
err-statbank-table-invalid = Skriv tabellens kode med bogstaver og tal, fx FOLK1A.
err-statbank-filter-invalid = Skriv én variabel pr. linje som VARIABEL = kode, kode.
log-entity-indicator_connector = forbindelse til Danmarks Statistik
log-action-run = Hentet
