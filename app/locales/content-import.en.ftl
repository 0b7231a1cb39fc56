# content-import: questions from Moodle, module folders as zip, export and images (app/src/authoring/imports.rs).

content-import-kind-gift = GIFT (text file from Moodle)
content-import-kind-moodle-xml = Moodle XML
content-import-kind-zip = Module folder (zip)
content-import-questions-title = Import questions
content-import-questions-heading = Import questions: { $title } (version { $version })
content-import-questions-intro = Here you add questions from Moodle to the quiz of this draft. Export the questions in Moodle as GIFT or Moodle XML and upload the file here.
content-import-not-a-draft = This version is not a draft. You can import questions into a draft only.
content-import-to-version = To the version
content-import-back-to-version = Back to the version
content-import-back-to-overview = Back to the content
content-import-file = File with questions
content-import-file-hint = A GIFT file (.gift or .txt) or a Moodle XML file (.xml), at most 20 MB.
content-import-format = Format
content-import-format-hint = We usually recognise the format ourselves. Choose it only if the recognition is wrong.
content-import-format-auto = Recognise
content-import-lesson = Lesson of the questions
content-import-lesson-hint = Every question belongs to a lesson. All imported questions point to this lesson first. Afterwards you can link each question to another place.
content-import-questions-submit = Import questions
content-import-what-happens = What the import does
content-import-happens-append = The questions are added at the end of the quiz. What is already in the quiz stays as it is.
content-import-happens-ids = Every question gets an id. If the quiz already has that id, the new question gets a number added, for example "-2". The report names these questions.
content-import-happens-skipped = Questions we cannot take over are listed in the report with their line in the file and the reason.
content-import-happens-review = Then the draft is checked as always. It is published only when a second editor approves it.
content-import-zip-title = Upload a module as a zip file
content-import-zip-intro = Here you upload a whole module folder, for example the export of a module from another city. The zip file holds module.toml, quiz.toml, the lessons in the folder lessons and the images in the folder media.
content-import-zip-file = Zip file with the module folder
content-import-zip-file-hint = At most 20 MB. The module's id is in the file module.toml.
content-import-zip-submit = Upload
content-import-zip-happens-id = If there is no module with this id yet, we create it, as its first draft.
content-import-zip-happens-draft = If the module exists, the files of the zip file replace the files of its draft. The published version stays until the draft is approved.
content-import-zip-happens-skipped = Files that do not belong in a module folder or are too large are left out. The report names them.
content-import-refused = The file was not taken. Nothing in the draft has changed.
content-import-problem-at-line = Line { $line }:
content-import-problem-no-file = Choose a file. The file must not be empty.
content-import-problem-too-large = The file is too large. Question files may have at most 20 MB. Export the questions in parts, for example one category at a time.
content-import-problem-unreadable = The upload did not work. Reload the page and try again.
content-import-problem-not-text = The file is not a UTF-8 text file. Export the questions from Moodle again as GIFT or Moodle XML.
content-import-problem-not-gift = The file holds no question in GIFT format. A GIFT question has its answers in curly brackets, for example: Is Berlin a city? {"{"}T{"}"}
content-import-problem-xml = The file is not readable Moodle XML. Check that the file is complete, or export the questions again.
content-import-problem-format = Choose one of the formats offered.
content-import-problem-lesson = Choose a lesson of this draft.
content-import-problem-zip-no-id = The file module.toml has no module id (id = "…").
content-import-problem-zip-id = The module id in module.toml is not valid. It has only lower-case letters, digits and hyphens and at most 64 characters.
content-import-problem-zip-id-reserved = The editors' pages need this id. Give the module another id in module.toml.
content-import-problem-zip-version = The version in module.toml is too long. It may have at most 64 characters, for example "2.1.0".
content-import-problem-zip-no-draft = We cannot start a draft of this module now, for example because its first version is still in review. Try again after the review.
content-import-report-title = Import report
content-import-report-heading = Report: { $file }
content-import-report-file = File
content-import-report-kind = Kind
content-import-report-module = Module
content-import-report-when = Uploaded
content-import-report-nothing = The file held no question.
content-import-report-counts = { $imported ->
    [one] 1 question imported
   *[other] { $imported } questions imported
}, { $skipped ->
    [one] 1 question not imported
   *[other] { $skipped } questions not imported
}, { $notes ->
    [one] 1 note
   *[other] { $notes } notes
}.
content-import-report-lesson = All imported questions point to the lesson { $lesson }. Link each question to the section that explains it.
content-import-report-renamed = { $count ->
    [one] 1 question got a new id because the quiz already had its id.
   *[other] { $count } questions got a new id because the quiz already had their id.
}
content-import-renamed-from = New id; in the file it was "{ $id }".
content-import-imported = { $count ->
    [one] 1 imported question
   *[other] { $count } imported questions
}
content-import-col-line = Line
content-import-col-id = Id
content-import-col-type = Question type
content-import-col-text = Text (beginning)
content-import-col-note = Note
content-import-skipped = Not imported ({ $count })
content-import-skipped-intro = These questions are not in the quiz. The import tool gives the reasons in English, with the line in your file.
content-import-notes = Notes ({ $count })
content-import-notes-intro = These questions were imported, but something about them differs from Moodle. Please look at them.
content-import-categories = Categories from Moodle
content-import-category = { $name }: { $count ->
    [one] 1 question
   *[other] { $count } questions
}
content-import-line = Line { $line }
content-import-more = … and { $count } more.
content-import-problem-place = { $file }, line { $line }
content-import-report-checks = Check of the draft after the import
content-import-report-no-problems = The check found no errors.
content-import-report-problems-intro = { $count ->
    [one] The check found 1 error. Correct it before you submit the draft for review.
   *[other] The check found { $count } errors. Correct them before you submit the draft for review.
}
content-import-report-lints = Recommendations ({ $count })
content-import-to-questions = To the questions
content-import-again = Upload another file
content-import-zip-new-module = The module is new. We created its first draft.
content-import-zip-replaced = The module existed. The files of the zip file are now in its draft.
content-import-zip-counts = { $files ->
    [one] 1 file
   *[other] { $files } files
} and { $images ->
    [one] 1 image
   *[other] { $images } images
} taken, { $skipped ->
    [one] 1 entry left out
   *[other] { $skipped } entries left out
}.
content-import-zip-files = Files taken
content-import-zip-images = Images
content-import-zip-skipped = Left out ({ $count })
content-import-zip-unnamed = (entry without a valid name)
content-import-zip-image-refused = is not a PNG, JPEG, GIF, WebP or SVG image, or has the name of another image of this module, and was left out
