# Calendar import as a background job: its status page.
import-queued = Importen venter på at blive startet …
import-running = Måltiderne hentes …
import-progress = { $done } af { $total } arrangementer gennemgået.
import-refresh = Siden viser fremskridtet, til importen er færdig. Du kan lukke den og komme tilbage senere.
err-import-failed = Importen mislykkedes. Prøv igen, eller kontakt os, hvis det bliver ved.
import-reload = Opdater
