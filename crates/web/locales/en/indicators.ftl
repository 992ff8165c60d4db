# Shared measurement: indicators, their values and the dashboard

log-entity-indicator = indicator
log-entity-indicator_unit = own unit
log-action-values = Values entered
log-action-rename = Renamed

err-period-invalid = Write the period as 2024, 2024K3, 2024M07 or 2024W07.
err-period-wrong-frequency = The period does not fit the indicator's frequency.
err-period-repeated = The same period is given twice.
err-unit-unknown = The unit does not exist at the indicator's geographic level.
err-number-invalid = Write a number.
err-out-of-range = The number is outside what is allowed.
err-indicator-foreign-goal = One of the goals does not exist in this initiative.
err-indicator-values-fix-shape = Frequency and geography cannot change once the indicator has values.
err-organisation-not-member = The organisation is not a member of the alliance.

# The pages: the list, the form, own units, the grid of values and a value's history
indicators-title = Indicators
indicators-none = There are no indicators yet.
indicator-new = New indicator
indicator-edit-title = Edit “{ $name }”
indicator-added = The indicator has been created.
indicator-deleted = “{ $name }” has been deleted.
indicator-edit = Edit
indicator-delete = Delete
indicator-delete-title = Delete “{ $name }”?
indicator-delete-lead = The indicator is deleted with all its values and their history. This cannot be undone.
indicator-delete-confirm = Yes, delete the indicator
indicator-delete-keep = No, keep it
indicator-actions = Actions
indicator-name = Name
indicator-definition = Definition
indicator-definition-hint = What is counted, and how?
indicator-unit = Unit
indicator-unit-hint = E.g. % or people.
indicator-frequency = Frequency
indicator-owner = Owner
indicator-owner-hint = The organisation that enters the values.
indicator-goals = Goals
indicator-latest = Latest value
indicator-no-values = No values yet
indicator-status = Status
indicator-enter-values = Enter values
indicator-import = Import a file
indicator-country = The whole country
indicator-direction = Direction
indicator-direction-up = Higher is better
indicator-direction-down = Lower is better
indicator-frequency-year = Year
indicator-frequency-quarter = Quarter
indicator-frequency-month = Month
indicator-frequency-week = Week
indicator-geography = Geographic level
indicator-geography-country = The whole country
indicator-geography-region = Regions
indicator-geography-municipality = Municipalities
indicator-geography-custom = Own units
indicator-status_rule = Status is worked out from
indicator-status_rule-target_path = The distance from the path to the targets
indicator-status_rule-trend = The direction of the latest values
indicator-status-on_track = On track
indicator-status-at_risk = At risk
indicator-status-off_track = Off track
indicator-status-no_data = Too few values
indicator-decimals = Decimals
indicator-decimals-hint = 0–4.
indicator-source = Source
indicator-source-hint = E.g. Statistics Denmark, FOLK1A.
indicator-baseline = Baseline
indicator-period = Period
indicator-value = Value
indicator-period-hint = Write the period as 2024, 2024K3, 2024M07 or 2024W07.
indicator-targets = Milestones and targets
indicator-targets-hint = One target per row. Blank rows are skipped.
indicator-target-period = Period, target { $n }
indicator-target-value = Value, target { $n }
indicator-noise = Noise
indicator-noise-hint = A change smaller than this is not called a change.
indicator-public = Show the indicator on the initiative’s public pages
indicator-units-title = Own units
indicator-units-lead = Schools, neighbourhoods and other units that indicators with own units are measured for.
indicator-units-none = There are no own units yet.
indicator-unit-add = Add a unit
indicator-unit-name = Name
indicator-unit-added = “{ $name }” has been added.
indicator-unit-rename = Name of “{ $name }”
indicator-grid-title = Values of “{ $name }”
indicator-grid-lead = Write the values in { $unit }. Only changed fields are saved.
indicator-grid-caption = Values in { $unit } by unit and period
indicator-grid-unit = Unit
indicator-grid-earlier = Earlier periods
indicator-grid-later = Later periods
indicator-grid-no-units = The indicator has no units to enter values for yet.
indicator-grid-note = Note
indicator-grid-history = History
indicator-grid-value-label = Value for { $unit }, { $period }
indicator-grid-note-label = Note on { $unit }, { $period }
indicator-values-saved = { $count ->
    [0] No value changed.
    [one] One value has been saved.
   *[other] { $count } values have been saved.
}
indicator-history-title = { $unit }, { $period }
indicator-history-caption = The value now and before
indicator-history-how = How
indicator-history-who = Who
indicator-history-when = Entered
indicator-history-replaced = Replaced
indicator-history-current = Current
indicator-source-form = Form
indicator-source-file = File
indicator-source-connector = Data connection
indicator-source-api = API
err-period-missing = Write the period.
err-indicator-value-cleared = A stored value cannot be removed here; write the right value.
err-indicator-note-without-value = Write the value the note belongs to.

# Importing a file
indicator-import-title = Import values of “{ $name }”
indicator-import-lead = Choose a CSV file or a spreadsheet (XLSX, XLS, ODS). You see the file as it is read before anything is saved. A file with errors is not imported.
indicator-import-file = File
indicator-import-file-hint = At most 64 MB. The first line names the columns.
indicator-import-period = Period of every row
indicator-import-period-hint = Only if the file has no column with the period, e.g. 2024.
indicator-import-preview = Show the file
indicator-import-preview-title = How { $file } is read
indicator-import-read-as = Encoding: { $encoding }. Separator: { $separator }.
indicator-import-tab = tab
indicator-import-spreadsheet = spreadsheet
indicator-import-has-errors = { $count ->
    [one] The file has one error. Correct it and import the file again.
   *[other] The file has { $count } errors. Correct them and import the file again.
}
indicator-import-ready = { $count ->
    [one] One value is ready to import.
   *[other] { $count } values are ready to import.
}
indicator-import-columns = Columns
indicator-import-unit_column = Unit
indicator-import-period_column = Period
indicator-import-value_column = Value
indicator-import-note_column = Note
indicator-import-no-column = None
indicator-import-repreview = Show again with these columns
indicator-import-start = Import
indicator-import-errors = Errors
indicator-import-skipped = Rows left out
indicator-import-line = Line { $line }
indicator-import-line-header = Line
indicator-import-rows = The first rows
indicator-import-rows-caption = The file’s first rows, as read
indicator-import-running = Importing the values …
indicator-import-progress = { $done } of { $total } values gone through.
indicator-import-done = The values have been imported
indicator-import-counts = { $imported } new or changed, { $unchanged } unchanged.
err-indicator-import-too-large = The file is larger than 64 MB. Split it, or keep only the columns needed.
err-indicator-import-empty = Choose a file with content.
err-indicator-import-unreadable = The file could not be read as CSV or a spreadsheet.
err-indicator-import-gone = The indicator has been deleted, so the values were not imported.
err-indicator-import-changed = The file no longer fitted the indicator, so nothing was imported.
err-column-unknown = The file has no such column.
err-column-not-found = The column could not be found – choose it.
import-reason-unit-missing = The unit is missing.
import-reason-unit-unknown = Unknown unit: “{ $detail }”.
import-reason-unit-wrong-level = The unit is of a level the indicator does not use ({ $detail }).
import-reason-unit-not-covered = Left out: “{ $detail }” is not one of the 98 municipalities.
import-reason-period-missing = The period is missing.
import-reason-period-invalid = Unknown period: “{ $detail }”.
import-reason-period-wrong-frequency = The period “{ $detail }” is of another frequency than the indicator’s.
import-reason-value-invalid = The value “{ $detail }” is not a number.
import-reason-value-out-of-range = The value “{ $detail }” is too large.
import-reason-value-missing = Left out: no value.
import-reason-value-suppressed = Left out: the figure is withheld for privacy ({ $detail }).
import-reason-duplicate = Same unit and period as line { $detail }, with another value.
import-reason-repeated = Left out: the same value as line { $detail }.
import-reason-summary-row = Left out: a total row ({ $detail }).
import-reason-comment-row = Left out: a note, not a figure ({ $detail }).
