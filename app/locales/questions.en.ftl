# questions (app/src/authoring).
# The editors' question editor: the list of a quiz's questions and the form of one question.

questions-title = Quiz questions
questions-heading = Quiz questions: { $title }
questions-version = Version { $number } (label { $version }), { $status }
questions-breadcrumbs = You are here
questions-breadcrumb-overview = Content
questions-breadcrumb-version = Version { $number }
questions-back-version = To the page of the version
questions-back-list = Back to the list of questions
questions-read-only = This version is not a draft. You can look at the questions but not change them. To change something, start a draft on the page of the version.
questions-unreadable = The file { $file } has an error, so this form cannot read the questions. Fix the error in the file editor. Then you can edit the questions here.
questions-open-file = Open { $file } in the file editor
questions-quiz-unreadable = The file quiz.toml or quiz.en.toml has an error. Fix it in the file editor first. Then you can edit the questions here.
questions-count = { $count ->
    [one] 1 question
   *[other] { $count } questions
}
questions-none = This quiz has no questions yet.
questions-german-only = This quiz is in German only. When you enter an English text for a question, the English version is created (file quiz.en.toml).
questions-caption = The questions in the order of the file quiz.toml
questions-col-number = No.
questions-col-id = Id
questions-col-type = Type
questions-col-lesson = Lesson
questions-col-scenario = Scenario
questions-col-text = Question
questions-col-check = Check
questions-col-actions = Actions
questions-check-ok = No findings
questions-check-problems = { $count ->
    [one] 1 error
   *[other] { $count } errors
}
questions-check-lints = { $count ->
    [one] 1 note
   *[other] { $count } notes
}
questions-edit = Edit
questions-view = View
questions-move-up = Move up
questions-move-down = Move down
questions-moved = The question “{ $id }” has moved. The English version has moved with it.
questions-delete = Delete
questions-delete-heading = Delete question
questions-delete-consequence = The question “{ $id }” will be deleted from the draft, in German and in English.
questions-delete-confirm = I understand that the question will be deleted.
questions-delete-submit = Delete question
questions-deleted = The question “{ $id }” has been deleted.
questions-add = Add a question
questions-add-intro = What type of question do you want to add? The new question goes after the last question of the same lesson.
questions-quiz-problems = Errors in the quiz outside single questions
questions-quiz-lints = Notes on the whole quiz
questions-quiz-lints-intro = These notes do not stop publication. They show where the quiz does not yet check well whether someone knows the topic.

questions-type-single = Single choice: exactly one answer is right
questions-type-multiple = Multiple choice: one or more answers are right
questions-type-true-false = True or false
questions-type-ordering = Ordering
questions-type-matching = Matching
questions-type-short-text = Short text answer
questions-type-numeric = Number as the answer
questions-type-unknown-label = Unknown type
questions-type-unknown = There is no such type of question. Choose a type from the list.

questions-edit-title = Edit question
questions-edit-heading = Edit question “{ $id }”
questions-new-title = New question
questions-new-heading = New question: { $type }
questions-position = Question { $position } of { $count }
questions-saved = The question has been saved.
questions-saved-problems = The question has been saved. The check still reports { $count ->
    [one] 1 error
   *[other] { $count } errors
} for this question. You find them below, next to the fields.
questions-problems-heading = What the check reports for this question
questions-problems-intro = While there are errors, the version cannot be submitted for review.
questions-lints-heading = Notes of the check on this question
questions-finding = The check reports:
questions-section-question = The question
questions-section-answers = Answers
questions-section-feedback = Feedback to the learners
questions-english-hint = Optional. For the English version of the quiz.
questions-feedback-hint = Optional.
questions-save = Save
questions-add-row-hint = The button below gives you one more empty row. It does not save yet: click “Save” afterwards.

questions-field-id = Id
questions-field-id-hint = Lower-case letters, digits and hyphens only, for example “check-sender”. Each id is used once in a quiz. Do not change it after publication.
questions-field-text = Question text
questions-field-text-hint = At most 5,000 characters. Write short sentences.
questions-field-text-en = Question text in English
questions-field-lesson = Lesson and section
questions-field-lesson-hint = Where does it say what you need to know for this question? Learners who answer wrongly get a link there.
questions-lesson-choose = Please choose
questions-lesson-whole = { $title } (whole lesson)
questions-lesson-missing = { $value } (not in the draft)
questions-field-scenario = Scenario: the question describes a situation at work and asks what to do.
questions-field-scenario-short = Scenario
questions-field-feedback-correct = Feedback for a right answer
questions-field-feedback-correct-en = Feedback for a right answer in English
questions-field-feedback-incorrect = Feedback for a wrong answer
questions-field-feedback-incorrect-hint = Optional. Say where to read up and why. Do not give the right answer away.
questions-field-feedback-incorrect-en = Feedback for a wrong answer in English

questions-options-legend-single = Answers (exactly one is right)
questions-options-legend-multiple = Answers (one or more are right)
questions-options-hint = At least { $min } answers. Rows left completely empty are not saved.
questions-option = Answer { $n }
questions-option-text = Text
questions-option-text-en = Text in English
questions-option-correct = This answer is right
questions-option-feedback = Feedback on this answer (optional)
questions-option-feedback-en = Feedback on this answer in English
questions-add-option = Another answer
questions-answer-legend = The statement is …
questions-answer-true = true
questions-answer-false = false
questions-items-legend = Items in the right order
questions-items-hint = At least 3 items, each only once. Learners see them shuffled. Rows left completely empty are not saved.
questions-item = Item { $n }
questions-item-en = Item { $n } in English
questions-add-item = Another item
questions-pairs-legend = Pairs that belong together
questions-pairs-hint = At least 3 pairs. Each text on the left and each text on the right is used only once. Rows left completely empty are not saved.
questions-pair = Pair { $n }
questions-pair-left = Left
questions-pair-right = Right
questions-pair-left-en = Left in English
questions-pair-right-en = Right in English
questions-add-pair = Another pair
questions-field-accepted = Right answers
questions-field-accepted-hint = One answer per line. Upper and lower case and spaces at the start and end do not count.
questions-field-accepted-en = Right answers in English
questions-field-accepted-en-hint = Optional. One answer per line. The German answers count in the English version too.
questions-field-case-sensitive = Upper and lower case count
questions-field-value = Right number
questions-field-value-hint = For example 72 or 1.5.
questions-field-tolerance = Allowed deviation (optional)
questions-field-tolerance-hint = The answer counts as right if it is at most this far from the right number. Empty means: the number must be exact.
questions-field-unit = Unit (optional)
questions-field-unit-en = Unit in English

questions-id-invalid = The id consists of lower-case letters, digits and hyphens only (at most 64 characters). It does not start or end with a hyphen.
questions-id-taken = Another question in this quiz already has this id. Choose a different one.
questions-too-long-text = The text is too long. At most 5,000 characters are allowed.
questions-too-long-short = The text is too long. At most 1,000 characters are allowed.
questions-too-many-rows = A question has at most 50 answers, items or pairs.
questions-lesson-required = Please choose the lesson the question belongs to.
questions-lesson-unknown = The draft has no such lesson. Please choose a lesson from the list.
questions-anchor-unknown = The lesson has no such section. Please choose a section from the list.
questions-option-text-required = This answer has no text. Write a text or empty the whole row.
questions-options-too-few-single = A single-choice question needs at least 3 answers.
questions-options-too-few-multiple = A multiple-choice question needs at least 2 answers.
questions-no-correct = No answer is marked as right. Mark the right answer.
questions-one-correct = In single choice exactly one answer is right. Mark only one.
questions-answer-required = Choose whether the statement is true or false.
questions-item-text-required = This item has no German text. Write a text or empty the whole row.
questions-items-too-few = An ordering question needs at least 3 items.
questions-items-differ = Each item may appear only once.
questions-pair-incomplete = A pair needs a German text on the left and on the right.
questions-pairs-too-few = A matching question needs at least 3 pairs.
questions-pairs-differ = Each text on the left and each text on the right may appear only once.
questions-accepted-required = Enter at least one right answer.
questions-number-invalid = Please enter a number, for example 72 or 1.5.
questions-tolerance-invalid = The deviation is a number from 0, for example 0.5.
questions-answers-invalid = The answers do not fit this type of question. Please check the answers.
