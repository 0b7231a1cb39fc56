# content-import: questions from Moodle, module folders as zip, export and images (app/src/authoring/imports.rs).
