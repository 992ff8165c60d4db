# The common agenda's knowledge base, and the goal tree (Danish first).

kb-title = Vidensgrundlag og fælles dagsorden
kb-intro = Sekretariatet skriver og reviderer teksterne; alle versioner gemmes. Alliancens medlemmer kan kommentere og markere, at de støtter en tekst.
kb-section-problem = Problemforståelse
kb-section-vision = Vision
kb-section-principles = Styrende principper
kb-section-strategies = Strategier
kb-section-empty = Der er endnu ingen tekst.
kb-revision-number = Version { $number }
kb-history = Versionshistorik
kb-history-of = Versionshistorik for { $section }
kb-show-revision = Vis hele versionen
kb-changes = Ændringer
kb-added = Tilføjet:
kb-removed = Fjernet:
kb-sources-changed = Kilderne blev også ændret.
kb-sources = Kilder
kb-sources-hint = Rapporter, undersøgelser og links, én per linje.
kb-body = Tekst
kb-note = Hvad er ændret?
kb-note-hint = Vises i versionshistorikken.
kb-save-revision = Gem ny version
kb-revision-saved = Den nye version er gemt.
kb-replaces = Du skriver en ny version; version { $number } gemmes i historikken.
kb-revise = Revidér { $section }
kb-supporters = { $count ->
    [one] { $formatted } støtter teksten
   *[other] { $formatted } støtter teksten
}
kb-support = Støt { $section }
kb-withdraw-support = Træk støtten til { $section } tilbage
kb-supported = Din støtte er registreret.
kb-support-withdrawn = Din støtte er trukket tilbage.
kb-comments = Kommentarer
kb-no-comments = Ingen kommentarer endnu.
kb-comment-on = Kommentér { $section }
kb-comment-submit = Send kommentar
kb-comment-added = Kommentaren er tilføjet.
kb-on-revision = til version { $number }
kb-deleted-account = Slettet konto

goal-tree = Målhierarkiet som træ
goal-tree-hint = Fold et mål ud for at se de mål, der tjener det.
goal-outline = Målhierarkiet som liste
goal-print = Udskriv
goal-archived = Arkiverede mål
goal-archived-none = Ingen mål er arkiveret.
goal-show-archived = Vis arkiverede mål
goal-archived-on = Arkiveret { $date }
goal-archive = Arkivér
goal-archive-named = Arkivér "{ $title }"
goal-restore-named = Genopret "{ $title }"
goal-delete-named = Slet "{ $title }"
goal-relink = Flyt delmålene til
goal-relink-named = Flyt delmålene under "{ $title }"
goal-deleted = Målet er slettet.
goal-archived-done = Målet er arkiveret. Det findes under "Arkiverede mål".
goal-restored = Målet er genoprettet.
goal-relinked = { $count ->
    [one] { $formatted } delmål er flyttet.
   *[other] { $formatted } delmål er flyttet.
}
goal-manage = Slet, arkivér eller flyt
goal-delete-refused = "{ $title }" kan ikke slettes, fordi { $children_formatted } delmål peger på det. Flyt delmålene til et andet mål, eller arkivér målet i stedet – så kan det stadig findes.
goal-delete-refused-work = Aktiviteter, der tjener målet: { $activities }. Bidrag til målet: { $commitments }. Arkivér målet for at bevare deres henvisninger.
err-goal-has-dependants = Målet har delmål, aktiviteter eller bidrag, der peger på det. Flyt delmålene, eller arkivér målet.
