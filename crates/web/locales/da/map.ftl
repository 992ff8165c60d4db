# Zoomable maps (Leaflet), the relay's spread by week, and calendar import skip reasons.

map-zoomable-label = Kort over måltiderne, der kan zoomes. Listen viser de samme måltider.
map-cluster = { $count } måltider her. Vælg for at zoome ind.
map-open-meal = Se måltidet
map-list-here = Se måltiderne her i listen
map-load-failed = Kortet kunne ikke hentes. Listen viser stadig måltiderne.
map-zoom-in = Zoom ind
map-zoom-out = Zoom ud
map-pin-label = Kort over måltidets placering
map-pin-hint = Træk nålen eller klik på kortet for at flytte måltidet. Breddegrad og længdegrad herunder følger med.
map-pin-marker = Måltidets placering

map-err-query = Forespørgslen kunne ikke læses: { $detail }
map-err-bbox-not-a-number = south, west, north og east skal være tal.
map-err-bbox-latitude-range = Breddegraderne (south, north) skal ligge mellem -90 og 90.
map-err-bbox-longitude-range = Længdegraderne (west, east) skal ligge mellem -180 og 180.
map-err-bbox-order = south skal være mindre end north, og west mindre end east.
map-err-zoom = zoom skal være mellem 0 og { $max }.
map-err-theme = Ukendt tema.
map-err-period = to skal ligge efter from.
map-err-near = near_lat, near_lon og radius_km skal gives sammen, og radius_km skal være mellem 0 og 1000.

relay-week-title = Spredningen uge for uge
relay-week-slider = Vis måltider til og med uge
relay-week-of = Uge { $week }, { $year }
relay-week-meals = { $meals } måltider indtil da
relay-week-play = Afspil
relay-week-pause = Stop
relay-week-map = Kort over stafettens måltider til og med den valgte uge

import-skip-internal = Kunne ikke læses (intern fejl)
import-skip-duplicate-uid = Samme UID som en anden begivenhed i filen
import-skip-rrule-unreadable = Gentagelsen kunne ikke udregnes: reglen (RRULE) kunne ikke læses
import-skip-too-frequent = Gentagelsen kunne ikke udregnes: den gentages oftere end dagligt
import-skip-too-slow = Gentagelsen kunne ikke udregnes: filen tog for lang tid at udregne
import-skip-too-many-total = Gentagelsen kunne ikke udregnes: filen har for mange gentagelser i alt
import-skip-recurrence = Gentagelsen kunne ikke udregnes: { $detail }
import-skip-occurrence-limit = Gentagelsen har for mange forekomster; kun de første { $n } blev udregnet
import-skip-recurring = Gentaget begivenhed ikke hentet: { $detail }
import-skip-ends-before-start = Slutter, før den begynder
import-skip-too-many-events = Filen har mere end { $n } begivenheder at hente; resten blev ikke hentet
import-skip-too-much-text = Filen har for meget tekst til at blive hentet helt
import-skip-no-start = Intet starttidspunkt
import-skip-start-ambiguous = Starttidspunktet kunne ikke læses: det findes ikke eller er tvetydigt i sin tidszone
import-skip-start-unreadable = Starttidspunktet kunne ikke læses
import-skip-unknown-time-zone = Ukendt tidszone for starttidspunktet: { $detail }
import-skip-end-unreadable = Sluttidspunktet kunne ikke læses
import-skip-duration-unreadable = Varigheden kunne ikke læses
import-skip-all-day = Heldagsbegivenhed: et måltid skal have et starttidspunkt
import-skip-cancelled = Aflyst
import-skip-window-limit = Mere end { $n } forekomster i perioden; resten blev ikke hentet
import-skip-no-occurrence = Ingen forekomst i perioden, der hentes for
import-skip-outside-window = Uden for perioden, der hentes for
import-skip-no-title = Ingen titel
import-skip-no-place = Stedet { $detail } har intet dansk postnummer eller bynavn
