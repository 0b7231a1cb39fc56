# What the importers of question banks (GIFT, Moodle XML) and competence frameworks (CSV) say
# about a file (server/src/content_import): on the upload report of the editors' pages, and in
# English on the command line (`fuehrerschein content import-…`), which prints these texts as
# they stand. `$error` is the English text of the XML or CSV reader; pages mark it as English.
# `$kind` of import-not-converted is Moodle's name of the question type, as the file gives it.

## Questions

import-question = question { $number }
import-question-titled = question { $number } "{ $title }"
import-about-question = { $question }: { $detail }
import-not-converted = { $question } ({ $kind }): { $detail }
import-kind-gift-syntax = GIFT syntax
import-kind-several-answer-blocks = several answer blocks
import-kind-no-type = no type
import-file-too-large = the file is larger than { $megabytes } MB, the most the import reads; export the question bank in parts, e.g. one category at a time
import-question-no-text = the question has no text
import-option-partial-credit = the option "{ $option }" gives { $percent } partial credit; here it counts as wrong
import-option-costs = the option "{ $option }" costs { $percent }; here a wrong answer scores 0
import-no-positive-weight = no option has a positive weight
import-weights-not-exact = the weights { $weights } cannot be scored exactly; here every right choice earns { $share } and every wrong one costs { $share } (multiple_choice_scoring = "proportional")
import-short-answer-partial-credit = the answer "{ $answer }" gives { $percent } partial credit; a short-text answer here is right or wrong
import-wrong-answer-feedback-dropped = the feedback for the wrong answer "{ $answer }" is not carried over: "{ $feedback }"
import-short-answer-wildcard = the answer "{ $answer }" uses Moodle's wildcard *; answers here are compared literally
import-right-answer-feedback-dropped = the feedback for the answer "{ $answer }" is not carried over; a question here has one feedback for all right answers: "{ $feedback }"
import-no-full-marks = no answer gives full marks
import-numeric-any-number = the answer * accepts any number
import-numeric-partial-credit = the answer { $answer } gives { $percent } partial credit; a numeric question here has one answer ± tolerance
import-numeric-wrong-feedback-dropped = the feedback for the wrong answer { $answer } is not carried over: "{ $feedback }"
import-numeric-several-right = several different right answers ({ $answers }); a numeric question here has one answer ± tolerance
import-image-left-out = an image is left out (our questions are text only); check that the question still makes sense
import-named-image-left-out = the image "{ $alt }" is left out (our questions are text only); check that the question still makes sense
import-extra-answer-left-out = the extra answer "{ $answer }" (without an item) is left out; matching here uses every answer once
import-essay = free-text answers are graded by a person in Moodle; our quizzes grade every answer automatically
import-not-a-number = "{ $text }" is not a number

## GIFT

import-gift-title-not-closed = the title after :: is not closed with ::
import-gift-no-answer-block = a text without an answer block {"{"}…{"}"}; there is nothing to answer
import-gift-block-not-closed = the answer block opened with {"{"} is not closed with {"}"}
import-gift-close-without-open = {"}"} without an opening {"{"}
import-gift-several-answer-blocks = GIFT has one answer block {"{"}…{"}"} per question (gaps in one text are Moodle's embedded answers, Cloze); make one question per gap
import-gift-text-before-answers = the text "{ $text }" stands before the first answer; each answer starts with = or ~
import-gift-text-before-pairs = the text "{ $text }" stands before the first pair; each pair starts with =
import-gift-pair-without-arrow = the pair "{ $pair }" (line { $line }) has no ->
import-gift-no-number = there is no number after #
import-range-reversed = the range { $range } ends below its start
import-tolerance-negative = the tolerance in { $answer } is negative

## Moodle XML

import-xml-root-not-quiz = the root element is <{ $element }>; a Moodle XML export starts with <quiz>
import-xml-not-well-formed = the XML is not well-formed: { $error }
import-xml-closing-tag-not-opened = the XML is not well-formed: a closing tag without an opening one
import-xml-character-reference = the character reference &{ $reference }; is invalid: { $error }
import-xml-never-closed = the XML is not well-formed: <{ $element }> is never closed
import-xml-no-element = the file holds no XML element; a Moodle XML export starts with <quiz>
import-xml-too-deep = <{ $element }> is nested { $depth } elements deep; the import reads at most { $most } levels (a Moodle XML export has five: quiz, question, answer, feedback, text)
import-xml-no-type = the <question> has no type attribute
import-description = an information text without a question; there is nothing to answer
import-cloze = embedded answers (Cloze) put several gaps into one text; our questions have one answer each – make one question per gap
import-calculated = the numbers are drawn from a formula for every attempt; our numeric questions have one fixed answer
import-random = a placeholder that draws a question from a category during the attempt; import the questions of that category instead
import-random-short-answer-matching = built from other short-answer questions during the attempt; our matching questions list their pairs
import-drag-or-select-words = gaps filled by dragging or selecting words are not available in our format
import-drag-onto-image = drag and drop onto an image is not available in our format
import-type-not-available = the Moodle question type { $type } is not available in our format
import-fraction-not-a-number = the fraction "{ $fraction }" is not a number
import-partly-right-feedback-dropped = the feedback for a partly right answer is not carried over: "{ $feedback }"
import-neither-true-nor-false = the answer "{ $answer }" is neither true nor false
import-true-false-no-full-marks = neither true nor false gives full marks
import-unit-dropped = the unit "{ $unit }" (× { $multiplier }) is not carried over; a numeric question here has one unit
import-ordering-selection = Moodle shows a selection of the items; here all items are shown

## Competence frameworks (CSV)

import-csv-too-large = the file is larger than { $megabytes } MB, the most the import reads
import-csv-empty = the file is empty; expected a header line Level;Name;ShortCode;Description;Uri;BroaderConcept
import-csv-header-unreadable = the header cannot be read as CSV: { $error }
import-csv-columns-missing = the header lacks the column(s) { $missing }; expected Level;Name;ShortCode;Description;Uri;BroaderConcept, found { $found }
import-csv-row-unreadable = the row cannot be read as CSV: { $error }
import-csv-too-many-rows = more than { $most } rows; the import reads at most { $most } areas and competences
import-csv-field-count = the row has { $fields } fields, the header { $columns }; a text with a "{ $delimiter }" must be in double quotes
import-csv-and = { $first }; { $rest }
import-csv-name-empty = Name is empty
import-csv-name-too-long = Name is longer than { $most } characters
import-csv-description-too-long = Description is longer than { $most } characters
import-csv-uri-not-web = Uri "{ $uri }" is not a web address (http:// or https://)
import-csv-code-not-area = ShortCode "{ $code }" is not the number of an area, such as 1.0
import-csv-code-not-competence = ShortCode "{ $code }" is not the number of a competence, such as 1.2
import-csv-level-unknown = Level "{ $level }" is neither 1 (an area) nor 2 (a competence)
import-csv-area-with-broader = an area (Level 1) has no BroaderConcept, but this row names "{ $broader }"
import-csv-competence-without-broader = a competence (Level 2) names its area in BroaderConcept
import-csv-code-taken = ShortCode { $code } is already used in line { $line }
import-csv-area-name-taken = the area name "{ $name }" is already used by area { $area }; BroaderConcept could not tell them apart
import-csv-broader-unknown = BroaderConcept "{ $broader }" names no area of this file (a row with Level 1 and that Name)
import-csv-broader-other-area = ShortCode { $code } belongs to area { $area }, but BroaderConcept "{ $broader }" is area { $named }
import-csv-no-description = competence { $code } has no Description; write one before modules name it
import-csv-no-area = the file has no area (a row with Level 1)
import-csv-area-without-competence = area { $code } "{ $name }" has no competence; modules cannot name it
import-csv-capitals = { $count } name(s) were written in capitals and are converted to sentence case ("PROTECTING DEVICES" → "Protecting devices"); check proper names and abbreviations
