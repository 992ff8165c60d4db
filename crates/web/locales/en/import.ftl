# Calendar import as a background job: its status page.
import-queued = The import is waiting to start …
import-running = Fetching the meals …
import-progress = { $done } of { $total } events gone through.
import-refresh = This page shows the progress until the import is finished. You can close it and come back later.
err-import-failed = The import failed. Try again, or contact us if it keeps failing.
import-reload = Refresh
