# questions (app/src/authoring).
