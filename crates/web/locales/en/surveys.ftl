# Surveys: the questionnaire, its waves and groups, the answers and the results

log-entity-survey = survey
log-entity-survey_wave = wave
log-entity-survey_group = group
log-action-open = Opened
log-action-close = Closed

err-question-unknown = The question is not in the survey.
err-option-unknown = The answer is not one of the options.
err-option-repeated = The same option is given twice.
err-answer-invalid = The answer does not have the right form.
err-answer-too-long = The answer is too long (2,000 characters at most).
err-number-out-of-range = The number is outside the range allowed.
err-panel-code-short = The code word needs at least 4 characters.
err-answered-question-removed = A question that has answers cannot be removed.
err-answered-kind-changed = A question's kind cannot change once it has answers.
err-answered-options-removed = Options cannot be removed once there are answers.
err-key-invalid = The key takes lower-case a-z, digits and _ only (40 at most).
err-key-repeated = Two questions have the same key.
err-options-count = A choice question needs 2 to 30 options.
err-scale-points = A scale needs 3 to 7 points.
err-options-not-allowed = Number and text questions have no options.
err-not-allowed = The field is for number questions only.
err-min-above-max = The minimum is above the maximum.
err-show-if-unknown-question = The condition must name an earlier question.
err-show-if-not-choice = The condition must name a choice question.
err-show-if-unknown-option = The condition names an option that does not exist.
err-group-code-invalid = The code has 6 characters, e.g. ABC-DEF.
err-too-many = There are too many.
err-survey-busy = Many answers have come from the same network in a short time. Wait a few minutes, then send the answers again. Nothing has been saved yet.

survey-code-unknown = The code does not exist, or the survey is closed for answers. Check the code, or ask whoever gave it to you.
survey-no-answer = No answer
survey-results-method = Shares with 95 % confidence intervals by Wilson's method; for multiple choice, the share of the group's respondents. Means with 95 % confidence intervals by the t distribution; on a scale, option 1 to k counts as 1 to k points. Changes since the baseline and since the wave before are differences in percentage points, tested with a two-sided two-proportion z-test; in a panel survey the same respondents are followed by their code words, with McNemar's test for shares and the paired t-test for means, and only with at least 5 followed. Where p ≥ 0.05 the change is marked not significant. Groups with fewer than 5 answers are never shown, and further groups or options are hidden so that a hidden group cannot be worked out from the total and the other groups (complementary suppression); means and changes are worked out from shown figures only.
err-survey-wave-unknown = The wave is not one of the survey's.
err-survey-group-by-invalid = Group by group, or by a single-choice or scale question.

# Answering a survey (no account)
survey-code-title = Answer a survey
survey-code-lead = You do not log in, and we do not ask for your name.
survey-code-label = Type the code
survey-code-hint = The code has 6 characters, e.g. ABC-DEF. Capital or small letters do not matter.
survey-code-submit = Start
survey-progress = Question { $n } of { $total }
survey-next = Next
survey-back = Back
survey-send = Send
survey-hint-multi = You may choose more than one.
survey-hint-range = Type a number from { $min } to { $max }.
survey-answer-none = No answer
survey-summary-title = Check your answers
survey-summary-lead = Press Back if you want to change something. Once you press Send, you cannot change the answers.
survey-code-word-title = Your code word
survey-code-word-label = Type a code word
survey-code-word-hint = Think of a code word you can remember next year. We do not keep it – only a number that cannot be worked back.
survey-thanks-title = Thank you for your answers!
survey-thanks-text = Your answers have been sent. You can close the page now.
survey-already-title = You have already answered – thank you!
survey-already-text = Answers have already been sent from this phone or computer. Each person answers only once.

# Results (the alliance's members)
surveys-title = Surveys
surveys-lead = The surveys' waves and groups, and the results of each wave.
surveys-none = There are no surveys yet.
surveys-no-waves = No waves yet.
surveys-baseline = baseline
surveys-wave-open = open for answers
surveys-wave-closed = closed
surveys-results = See results
surveys-code = code
survey-results-title = Results
survey-results-wave = Wave
survey-results-group-by = Split by
survey-by-group = Group
survey-results-show = Show
survey-results-total = Answers in all
survey-downloads = Download data
survey-download-answers-csv = The answers as CSV (one response per line, for researchers)
survey-download-answers-xlsx = The answers as a spreadsheet (XLSX, with the codebook on the second sheet)
survey-download-codebook = The codebook as CSV (the questions, the options and their numbers)
survey-export-sheet-answers = Answers
survey-export-sheet-codebook = Codebook
survey-results-option = Answer
survey-results-count = Count
survey-results-share = Share
survey-results-interval = 95 % interval
survey-cell-hidden = hidden
survey-suppressed = Fewer than 5 answers
survey-n = { $n } answers
survey-free-text-note = Free text is shown only for groups with at least 5 answers and only to the backbone. It is never published.
survey-free-text-more = { $count ->
    [one] and { $formatted } more text: the export of the answers has them all.
   *[other] and { $formatted } more texts: the export of the answers has them all.
}
survey-overall = Everyone
survey-results-mean = Mean
survey-results-scale-mean = Mean (1–{ $k })
survey-change-since-baseline = Since the baseline ({ $wave })
survey-change-since = Since { $wave }
survey-change-points = { $value } percentage points
survey-not-significant = not significant
survey-change-followed = { $n } followed, { $test }
survey-test-mcnemar = McNemar's test
survey-test-paired-t = paired t-test
survey-chart-description = Each shown group's share with its 95 % confidence interval (Wilson) as a line; the figures are in the tables below.
survey-chart-description-overall = Everyone's share with its 95 % confidence interval (Wilson) as a line; each group's figures are in the tables below.
