# What the checks of the curriculum say about a file (`content check`, the editor's pages).
# Arguments in `code` style are names from the files (ids, TOML keys); `$detail` of check-toml and
# check-file-unreadable is the TOML reader's or the system's own English description.

## Wrapping and files

check-as-written = { $text }
check-question = question { $id }: { $detail }
check-toml = { $detail }
check-file-unreadable = cannot read the file: { $detail }
check-file-too-large = the file is larger than { $megabytes } MB; content files are read up to { $megabytes } MB
check-file-is-folder = this is a folder, not a file
check-file-missing = cannot read the file: it does not exist

## competences.toml and framework-mappings.toml

check-framework-twice = framework { $id } is defined twice
check-framework-levels = levels must be between 1 and { $max }
check-unknown-framework = unknown framework { $id }
check-area-twice = area { $id } is defined twice
check-competence-twice = competence { $id } is defined twice
check-unknown-area = unknown area { $id }
check-short-name-too-long = short name "{ $text }" of { $id } is longer than { $max } characters
check-default-level-outside = level { $level } is outside 1–{ $max } of the default scale
check-framework-level-outside = level { $level } is outside 1–{ $max } of framework { $framework }
check-default-level-twice = level { $level } of the default scale is defined twice
check-framework-level-twice = level { $level } of framework { $framework } is defined twice
check-scale-incomplete = framework { $framework } has { $levels } levels; its own scale lacks level { $missing }
check-mapping-to-itself = a mapping leads from { $framework } to itself
check-mapping-twice = the mapping from { $from } to { $to } is defined twice
check-mapping-level-count = levels has { $count } entries; { $from } has { $levels } levels, one entry for each
check-mapping-level-outside = level { $level } is outside 1–{ $max } of { $to }
check-mapping-levels-down = levels must not go down: a higher level of { $from } cannot be a lower level of { $to }
check-mapping-wrong-framework = { $id } belongs to { $actual }, but this mapping's { $side } is { $framework }
check-mapping-pair-twice = { $from } → { $to } is listed twice

## module.toml

check-module-id-taken = module id { $id } is already used by { $file }
check-module-id-folder = id { $id } must equal the folder name { $folder }
check-module-id-form = an id has only lower-case letters, digits and hyphens
check-version-empty = version must not be empty
check-text-needs-both = { $field } needs a German and an English text
check-duration-zero = duration_minutes must be more than 0
check-proves-missing = a module proves at least one competence ([[proves]])
check-unknown-competence = unknown competence { $id }
check-level-outside = level { $level } is outside 1–{ $max }
check-unknown-prerequisite = unknown prerequisite { $id }
check-own-prerequisite = a module cannot be its own prerequisite
check-prerequisite-cycle = prerequisite cycle: { $cycle }

## Lessons

check-lessons-folder-missing = a module needs a lessons/ folder with at least one lesson
check-lesson-not-markdown = only Markdown lessons (.md) belong in lessons/
check-lesson-file-name = lesson files are named NN-topic.md, e.g. 01-phishing-erkennen.md
check-image-missing = the image media/{ $file } does not exist
check-translation-without-lesson = translation of { $slug }.md, which does not exist
check-no-lesson = a module needs at least one lesson
check-link-no-lesson = broken lesson link: there is no lesson { $slug }
check-link-no-section = broken lesson link: { $slug } has no section #{ $anchor }
check-lesson-h1-not-first = only the first line may be a level-1 heading (# title)
check-translation-extra-section = the translation has more sections than the German lesson
check-section-heading-empty = a section heading needs text
check-section-anchor-twice = two sections have the anchor #{ $anchor }; give them different headings
check-raw-html = raw HTML is not allowed in lessons; use Markdown
check-image-alt-missing = the image { $src } has no alt text: write ![what the image shows]({ $src })
check-image-outside-media = images must come from the module's media/ folder, not { $src }
check-article-link = link to { $target }: an article's address is /wissen/ and its name in lower-case letters, digits and hyphens
check-lesson-link-path = link to { $target }: link lessons by their file name, e.g. 02-passwoerter.md#abschnitt
check-unknown-callout = unknown callout [!{ $name }]; use [!TIPP], [!WICHTIG], [!BEISPIEL] or [!RECHT]
check-lesson-title-missing = a lesson starts with its title as a level-1 heading: # Title
check-translation-section-count = the translation has { $english } sections, the German lesson { $german }

## quiz.toml

check-pass-mark = pass_mark is a percentage between 1 and 100
check-draw-zero = draw must be at least 1
check-pool-below-draw = the pool has { $pool ->
        [one] 1 question
       *[other] { $pool } questions
    }, fewer than the { $draw } drawn per attempt
check-question-id-form = a question id has only lower-case letters, digits and hyphens
check-question-id-twice = duplicate question id { $id }
check-question-no-text = question { $id } has no text
check-cooldown-empty = cooldown_minutes needs at least one number (0 for no wait)
check-show-answers = show_answers is "after-pass" or "always", not "{ $value }"
check-field-not-for-type = the field { $field } does not belong to a { $type } question
check-true-false-answer = a true/false question needs answer = true or answer = false
check-numeric-answer = a numeric question needs answer = <number> (no correct answer)
check-unknown-type = unknown type { $type }; use single, multiple, true_false, ordering, matching, short_text or numeric
check-option-text-missing = every option needs a text
check-single-too-few-options = a single-choice question needs at least 3 options, this one has { $count }
check-multiple-too-few-options = a multiple-choice question needs at least 2 options, this one has { $count }
check-no-correct-option = no option is marked correct
check-single-several-correct = { $count } options are marked correct; a single-choice question has exactly one
check-ordering-too-few = an ordering question needs at least 3 items, this one has { $count }
check-item-text-missing = every item needs a text
check-items-not-distinct = ordering items must differ from each other
check-matching-too-few = a matching question needs at least 3 pairs, this one has { $count }
check-pair-text-missing = every pair needs a text on both sides
check-pairs-not-distinct = matching pairs must differ from each other on both sides
check-accepted-missing = a short-text question needs at least one accepted answer (no correct answer)
check-numeric-invalid = the answer must be a number and the tolerance zero or positive

## quiz.en.toml

check-english-quiz-count = the English quiz has { $english } questions, quiz.toml has { $german }; list the same questions in the same order
check-english-quiz-order = this is { $id }, but quiz.toml has { $expected } here; list the same questions in the same order
check-english-text-empty = the English text is empty
check-english-feedback-missing = { $field } has no English text
check-english-options-count = { $english } English options, but { $german } in quiz.toml
check-english-items-count = { $english } English items, but { $german } in quiz.toml
check-english-pairs-count = { $english } English pairs, but { $german } in quiz.toml
check-english-option-feedback = the option „{ $option }“ has feedback in German but none in English
check-english-accepted-missing = a short-text question needs accepted English answers
check-english-unit-missing = the unit has no English text

## What a quiz must prove (lints)

check-lint-pool-small = the pool has { $pool } questions; a draw of { $draw } needs at least { $needed } (2.5 × the draw), so that two attempts share few questions
check-lint-lesson-without-question = lesson { $lesson } has no question; every lesson needs at least one
check-lint-few-scenarios = only { $scenarios } of { $pool } questions ({ $percent } %) are scenarios (scenario = true); at least { $min } % must ask what to do in a situation at work
check-lint-true-false-leaning = { $leaning } of { $total } true/false questions have answer = { $answer }; at most two thirds may share one answer, or answering { $answer ->
        [true] „richtig“
       *[other] „falsch“
    } everywhere scores high
check-lint-longest-right = in { $longest } of { $total } single-choice questions the right option is the longest; at most { $max } %, or picking the longest option passes
check-lint-giveaway-feedback = feedback_incorrect gives the answer away ({ $what }); give a hint where to look instead
check-lint-giveaway-option = the feedback of a wrong option gives the answer away ({ $what }); give a hint where to look instead
check-giveaway-accepted = „{ $answer }“
check-giveaway-number = the number { $number }
check-giveaway-option = the right option „{ $option }“
check-giveaway-verdict = whether the statement holds („{ $words }“)
check-giveaway-order = the whole order
check-giveaway-pairs = { $count } of the pairs
check-lint-repeated-question = question { $id } repeats question { $other } of module { $module }; a question belongs to one module

## certificates.toml

check-validity-months = validity_months must be between 1 and 120
check-number-prefix = number_prefix must be 1 to 8 capital letters or digits, e.g. "DF"
check-reminder-days = reminder_days must be different numbers of days, each at least 1
check-unknown-module = unknown module { $id }
check-refresh-months = months must be at least 1
check-refresh-twice = module { $id } has two refresh entries
check-no-certificate-level = at least one level is needed
check-level-id-form = a level id has only lower-case letters, digits and hyphens
check-certificate-level-twice = level { $id } is defined twice
check-certificate-level-text = level { $id }: { $field } needs a German and an English text
check-certificate-level-unknown-module = level { $id }: unknown module { $module }
check-certificate-electives = level { $id } asks for { $electives } elective modules, but the curriculum has { $available }
check-certificate-requires = level { $id } requires { $required }, which is not a level defined above it
check-certificate-no-condition = level { $id } has no condition: set all_mandatory, modules or electives
check-issuer-text = issuer.{ $field } needs a German and an English text
check-issuer-signatory-empty = issuer.signatory_name must not be empty
check-issuer-url = issuer.url must be a web address starting with https://
check-issuer-logo-path = issuer.logo must be a path inside content/
check-issuer-logo-png = issuer.logo must be a PNG file
check-issuer-logo-unreadable = issuer.logo { $path }: { $detail }
check-issuer-logo-alt = issuer.logo needs logo_alt: a German and an English text that says what the logo shows

## target-profiles.toml

check-job-family-id-form = a job family id has only lower-case letters, digits and hyphens
check-job-family-twice = job family { $id } is defined twice
check-job-family-clash = job families { $other } and { $id } both answer to "{ $name }"
check-profile-id-form = a profile id has only lower-case letters, digits and hyphens
check-profile-twice = profile { $id } is defined twice
check-unknown-job-family = unknown job family { $id }
check-department-empty = a department code is empty
check-profile-no-targets = profile { $id } has no targets
check-target-unreachable = no module proves { $competence } at level { $level } or higher
check-target-level = level must be between 1 and { $max }
check-profile-competence-twice = profile { $id } names { $competence } twice

## help/faq.toml

check-help-too-large = the file is larger than { $kilobytes } KB; the help file is read up to that size
check-help-no-topic = the help has no topic; add at least one [[topics]]
check-help-topic-empty = topic { $id } has no question; add [[topics.entries]]
check-help-anchor-missing = the link #{ $anchor } finds no question or topic on the help page
check-help-question-id-form = the question id "{ $id }" has only lower-case letters, digits and hyphens
check-help-topic-id-form = the topic id "{ $id }" has only lower-case letters, digits and hyphens
check-help-id-reserved = the id { $id } is used by the help page itself; choose another
check-help-id-twice = the id { $id } is used twice; ids are anchors on one page and must differ
check-help-text-empty = the { $language ->
        [de] German
       *[other] English
    } { $field ->
        [title] title
       *[other] question
    } is empty
check-help-text-too-long = the { $language ->
        [de] German
       *[other] English
    } { $field ->
        [title] title
       *[other] question
    } is longer than { $max } characters
check-help-text-multiline = the { $language ->
        [de] German
       *[other] English
    } { $field ->
        [title] title
       *[other] question
    } must be one line
check-help-answer-empty = the { $language ->
        [de] German
       *[other] English
    } answer is empty
check-help-answer-too-long = the { $language ->
        [de] German
       *[other] English
    } answer is longer than { $max } characters
check-help-raw-html = raw HTML is not allowed in an answer: { $html }
check-help-image = images do not belong in an answer; link to a page instead
check-help-link-unsafe = the link { $url } goes nowhere safe; use a path of the platform (/…), #anchor, https:// or mailto:
