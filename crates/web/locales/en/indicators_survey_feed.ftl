survey-feed-title = Figures from a survey
survey-feed-intro = A question in one of the initiative's surveys can give the indicator's figures: the share in percent who gave one of the chosen answers, with the number of answers (n) and the 95 % confidence interval (Wilson). Each closed wave gives the period its first answer came in; of two waves in one period, the later counts. Groups with fewer than 5 answers, and the groups hidden with them, give no figure.
survey-feed-link = Figures from a survey
survey-feed-question = Question
survey-feed-question-choose = Choose a question
survey-feed-options = Answers that count
survey-feed-options-hint = Their numbers separated by commas, e.g. 3, 4 for "Sometimes" and "Often". For a question with several answers: one number.
survey-feed-units = Where the figures belong
survey-feed-units-groups = Each group to the initiative's own unit of the same name (e.g. a class or school)
survey-feed-units-wave = The whole wave to one unit
survey-feed-unit = Unit for the whole wave
survey-feed-unit-hint = DK for the country, a municipality code (e.g. 0350) or the id of one of the initiative's own units.
survey-feed-save = Save the link
survey-feed-saved = The link to the survey is saved. Press "Update the figures now" to fetch the figures.
survey-feed-refresh = Update the figures now
survey-feed-remove = Remove the link
survey-feed-removed = The link is removed. The figures it wrote are kept.
survey-feed-refreshed = { $imported ->
    [one] 1 value new or changed
   *[other] { $imported_formatted } values new or changed
}, { $unchanged_formatted } unchanged, { $hidden ->
    [one] 1 group without a figure (too few answers).
   *[other] { $hidden_formatted } groups without a figure (too few answers).
}
survey-feed-unmatched = No unit with the same name as: { $names }.
survey-feed-options-list = The questions' answers
survey-feed-no-surveys = The initiative has no surveys with answer options yet.
err-survey-feed-unit-not-percent = The indicator's unit must be percent (%) to take figures from a survey.
err-survey-feed-question-unknown = The question is not in the survey.
err-survey-feed-question-not-choice = Choose a question with answer options.
err-survey-feed-option-unknown = Write the numbers of the question's answer options.
err-survey-feed-multi-one-option = Choose only one answer for a question with several answers.
err-survey-feed-groups-need-custom = Groups can only be linked to an indicator of the initiative's own units.
err-survey-feed-survey-unknown = Choose one of the initiative's surveys.
log-entity-indicator_survey_link = link to a survey
