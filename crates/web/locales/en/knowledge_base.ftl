# The common agenda's knowledge base, and the goal tree.

kb-title = Knowledge base and common agenda
kb-intro = The secretariat writes and revises the texts; every version is kept. Alliance members can comment and mark that they support a text.
kb-section-problem = Problem understanding
kb-section-vision = Vision
kb-section-principles = Guiding principles
kb-section-strategies = Strategies
kb-section-empty = There is no text yet.
kb-revision-number = Version { $number }
kb-history = Version history
kb-history-of = Version history of { $section }
kb-show-revision = Show the whole version
kb-changes = Changes
kb-added = Added:
kb-removed = Removed:
kb-sources-changed = The sources changed too.
kb-sources = Sources
kb-sources-hint = Reports, surveys and links, one per line.
kb-body = Text
kb-note = What changed?
kb-note-hint = Shown in the version history.
kb-save-revision = Save new version
kb-revision-saved = The new version has been saved.
kb-replaces = You are writing a new version; version { $number } is kept in the history.
kb-revise = Revise { $section }
kb-supporters = { $count ->
    [one] { $formatted } person supports the text
   *[other] { $formatted } people support the text
}
kb-support = Support { $section }
kb-withdraw-support = Withdraw support for { $section }
kb-supported = Your support has been recorded.
kb-support-withdrawn = Your support has been withdrawn.
kb-comments = Comments
kb-no-comments = No comments yet.
kb-comment-on = Comment on { $section }
kb-comment-submit = Send comment
kb-comment-added = The comment has been added.
kb-on-revision = on version { $number }
kb-deleted-account = Deleted account

goal-tree = The goal hierarchy as a tree
goal-tree-hint = Expand a goal to see the goals that serve it.
goal-outline = The goal hierarchy as a list
goal-print = Print
goal-archived = Archived goals
goal-archived-none = No goals are archived.
goal-show-archived = Show archived goals
goal-archived-on = Archived { $date }
goal-archive = Archive
goal-archive-named = Archive "{ $title }"
goal-restore-named = Restore "{ $title }"
goal-delete-named = Delete "{ $title }"
goal-relink = Move the sub-goals to
goal-relink-named = Move the sub-goals under "{ $title }"
goal-deleted = The goal has been deleted.
goal-archived-done = The goal has been archived. It can be found under "Archived goals".
goal-restored = The goal has been restored.
goal-relinked = { $count ->
    [one] { $formatted } sub-goal has been moved.
   *[other] { $formatted } sub-goals have been moved.
}
goal-manage = Delete, archive or move
goal-delete-refused = "{ $title }" cannot be deleted because { $children ->
    [one] { $children_formatted } sub-goal points
   *[other] { $children_formatted } sub-goals point
} to it. Move the sub-goals to another goal, or archive the goal instead – it can still be found.
goal-delete-refused-work = Activities serving the goal: { $activities }. Commitments to the goal: { $commitments }. Archive the goal to keep their links.
err-goal-has-dependants = Sub-goals, activities or commitments point to the goal. Move the sub-goals, or archive the goal.
