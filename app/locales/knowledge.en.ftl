# Wissen: the knowledge base (app/src/knowledge).

nav-knowledge = Knowledge
nav-knowledge-settings = Knowledge: re-check interval
search-kind-article = Knowledge

knowledge-title = Knowledge
knowledge-intro = Short how-tos by colleagues for everyday work. Each article was reviewed by a second editor or digital scout before it appeared.
knowledge-filter = Filter articles
knowledge-filter-text = Search term
knowledge-filter-competence = Competence
knowledge-filter-unit = Unit
knowledge-all-competences = All competences
knowledge-all-units = All units
knowledge-filter-reset = Reset filters
knowledge-count = { $count ->
    [one] 1 article
   *[other] { $count } articles
} of { $total }
knowledge-none = No article is published yet.
knowledge-none-filtered = No article matches these filters. Try another search term or reset the filters.
knowledge-write = Write an article
knowledge-desk-link = To the editors' desk
knowledge-never-checked = Not checked yet
knowledge-checked-by = Last checked on { $date } by { $name }
knowledge-checked-on = Last checked on { $date }
knowledge-next-check = Next check due on { $date }
knowledge-due-tag = Check due
knowledge-due-title = Check due:
knowledge-due-text = This article has not been checked for a while. Some details may be out of date.
knowledge-competences = Competences
knowledge-units = Units
knowledge-writer-title = For editors and digital scouts
knowledge-pending = A new version is under way ({ $status }).
knowledge-pending-by = { $name } is working on a new version ({ $status }).
knowledge-check-hint = Is the article still right? Then confirm it with "Checked, still up to date". If something must change, revise it; the new version is reviewed before it appears, and this text stays visible until then.
knowledge-check = Checked, still up to date
knowledge-revise = Revise
knowledge-published-notice = The article is published. All staff can now read and find it.
knowledge-checked-notice = Thank you! The check is recorded.
knowledge-lesson-title = More in the knowledge base

knowledge-desk-title = Knowledge editors' desk
knowledge-desk-intro = Articles appear only after a second person approves them. Published articles ask for a new check after { $months } months.
knowledge-desk-review = Waiting for your review
knowledge-desk-review-none = No article is waiting for a review.
knowledge-desk-mine = My drafts
knowledge-desk-mine-none = You have no open draft.
knowledge-desk-due = Check due
knowledge-desk-due-none = No article needs a check right now.
knowledge-column-status = State
knowledge-column-author = Written by
knowledge-column-changed = Changed on
knowledge-column-due = Due since

knowledge-new-title = New article
knowledge-edit-title = Edit article
knowledge-new-hint = Write a short how-to: one topic, a few steps. You can save the draft and submit it later.
knowledge-revise-hint = Your changes become a new version. The published text stays visible until a second person approves the new version.
knowledge-revision-by = written by { $name }
knowledge-view-published = View the published version
knowledge-review-comment = Note from the review:
knowledge-preview = Preview
knowledge-field-title = Title
knowledge-field-summary = Summary
knowledge-field-body = Text
knowledge-field-competences = Competences
knowledge-field-units = Units
knowledge-max-chars = At most { $max } characters.
knowledge-summary-hint = One sentence on what the article helps with. At most { $max } characters.
knowledge-body-hint = Markdown: ## subheading, - list, 1. step, **bold**, [link text](https://…). HTML is shown as text. At most { $max } characters.
knowledge-tags-hint = Which competences of the licence does the article fit? Lessons on these competences link to it. At most 10.
knowledge-units-hint = Only if the article mainly concerns certain units. At most 10.
knowledge-save = Save draft
knowledge-submit = Submit for review
knowledge-saved-notice = The draft is saved.
knowledge-submitted-notice = The article is submitted for review. A second editor or digital scout reviews it; you will be told.
knowledge-returned-notice = The article went back to its author with your note.
knowledge-waiting-review = This version waits for a review by a second person. You cannot approve your own texts.
knowledge-taken = Someone else is revising this article. You can change it once their version is reviewed.
knowledge-review-text = Text to review
knowledge-review-title = Review
knowledge-review-hint = Is the content right, understandable and accessible? Approve it or send it back with a note.
knowledge-approve = Approve and publish
knowledge-return-comment = Note to the author
knowledge-return = Return for revision

knowledge-status-draft = Draft
knowledge-status-review = In review
knowledge-status-returned = Returned
knowledge-status-published = Published
knowledge-status-replaced = Earlier version

knowledge-one-line = Please write this on one line.
knowledge-too-many-tags = Please choose at most 10 entries.
knowledge-months-invalid = Please enter a whole number from 1 to 60.
knowledge-own-article = You wrote this version yourself. A second person must approve or return it.
knowledge-not-in-review = This version is not (or no longer) waiting for a review. Reload the page.
knowledge-in-review = This version is submitted for review and cannot be changed until it is decided.
knowledge-revision-taken = Someone else is revising this article. You can change it once their version is reviewed.
knowledge-slug-taken = No free address is left for this title. Please choose another title.

knowledge-settings-title = Knowledge: re-check interval
knowledge-settings-months = Check articles again after (months)
knowledge-settings-months-hint = After this time an article shows that its check is due, and its author is reminded once. From 1 to { $max } months.
knowledge-settings-save = Save
knowledge-settings-saved = The re-check interval is saved.
