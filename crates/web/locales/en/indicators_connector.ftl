connector-title = Connection to Statistics Denmark
connector-intro = The figures are fetched from a StatBank table. Without a filter, the initiative's municipalities and every period are fetched.
connector-table = Table
connector-table-hint = The table's code in StatBank, e.g. FOLK1A.
connector-filter = Filter
connector-filter-hint = One variable a line with its codes separated by commas, e.g. OMRÅDE = 101, 147. Empty: the initiative's municipalities and every period.
connector-refresh = Refresh
connector-refresh-none = Only on "Fetch now"
connector-refresh-daily = Daily
connector-refresh-weekly = Weekly
connector-refresh-monthly = Monthly
connector-save = Save the connection
connector-saved = The connection is saved.
connector-fetch-now = Fetch now
connector-queued = The figures are being fetched. Reload the page in a moment to see how it went.
connector-status-heading = Latest fetch
connector-last-run = Fetched { $at }
connector-last-counts = { $imported ->
    [one] 1 value new or changed
   *[other] { $imported_formatted } values new or changed
}, { $unchanged_formatted } unchanged.
connector-status-ok = The figures were fetched.
connector-status-service_error = Statistics Denmark answered with an error. Nothing was saved.
connector-status-not_csv = The answer was no table (an error page, say). Nothing was saved.
connector-status-timeout = Statistics Denmark did not answer in time. Nothing was saved.
connector-status-unreachable = Statistics Denmark could not be reached. Nothing was saved.
connector-status-bad_rows = The answer had lines that could not be read as figures of the indicator. Nothing was saved.
err-statbank-table-invalid = Write the table's code in letters and digits, e.g. FOLK1A.
err-statbank-filter-invalid = Write one variable a line as VARIABLE = code, code.
log-entity-indicator_connector = connection to Statistics Denmark
log-action-run = Fetched
