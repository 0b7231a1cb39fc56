# content-import: Fragen aus Moodle, Modulordner als ZIP, Export und Bilder (app/src/authoring/imports.rs).
