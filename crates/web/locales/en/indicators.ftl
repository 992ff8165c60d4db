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
