# Zoomable maps (Leaflet), the relay's spread by week, and calendar import skip reasons.

map-zoomable-label = Zoomable map of the meals. The list shows the same meals.
map-cluster = { $count } meals here. Select to zoom in.
map-open-meal = See the meal
map-list-here = See the meals here in the list
map-load-failed = The map could not be loaded. The list still shows the meals.
map-zoom-in = Zoom in
map-zoom-out = Zoom out
map-pin-label = Map of the meal's place
map-pin-hint = Drag the pin or click the map to move the meal. The latitude and longitude below follow.
map-pin-marker = The meal's place

map-err-query = The query could not be read: { $detail }
map-err-bbox-not-a-number = south, west, north and east must be numbers.
map-err-bbox-latitude-range = Latitudes (south, north) must be between -90 and 90.
map-err-bbox-longitude-range = Longitudes (west, east) must be between -180 and 180.
map-err-bbox-order = south must be less than north, and west less than east.
map-err-zoom = zoom must be between 0 and { $max }.
map-err-theme = Unknown theme.
map-err-period = to must be after from.
map-err-near = near_lat, near_lon and radius_km go together, and radius_km must be between 0 and 1000.

relay-week-title = The spread week by week
relay-week-slider = Show meals up to and including week
relay-week-of = Week { $week }, { $year }
relay-week-meals = { $meals } meals so far
relay-week-play = Play
relay-week-pause = Stop
relay-week-map = Map of the relay's meals up to the chosen week

import-skip-internal = Could not be read (internal error)
import-skip-duplicate-uid = Same UID as another event in the file
import-skip-rrule-unreadable = The recurrence could not be expanded: its rule (RRULE) could not be read
import-skip-too-frequent = The recurrence could not be expanded: it repeats more often than daily
import-skip-too-slow = The recurrence could not be expanded: the file took too long to expand
import-skip-too-many-total = The recurrence could not be expanded: the file has too many occurrences in total
import-skip-recurrence = The recurrence could not be expanded: { $detail }
import-skip-occurrence-limit = The recurrence has too many occurrences; only the first { $n } were computed
import-skip-recurring = Recurring event not imported: { $detail }
import-skip-ends-before-start = Ends before it starts
import-skip-too-many-events = The file has more than { $n } events to import; the rest were not imported
import-skip-too-much-text = The file holds too much text to import in full
import-skip-no-start = No start time
import-skip-start-ambiguous = The start time could not be read: it does not exist or is ambiguous in its time zone
import-skip-start-unreadable = The start time could not be read
import-skip-unknown-time-zone = Unknown time zone of the start: { $detail }
import-skip-end-unreadable = The end time could not be read
import-skip-duration-unreadable = The duration could not be read
import-skip-all-day = All-day event: a meal needs a start time
import-skip-cancelled = Cancelled
import-skip-window-limit = More than { $n } occurrences in the period; the rest were not imported
import-skip-no-occurrence = No occurrence in the period imported
import-skip-outside-window = Outside the period imported
import-skip-no-title = No title
import-skip-no-place = The location { $detail } has no Danish postal code or town
