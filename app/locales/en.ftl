# English – the second language. Plain language: short sentences, addressing the reader directly.
# Every key also exists in de.ftl; a test checks that.

app-name = Digital Driving Licence
skip-to-content = Skip to content
footer-text = Digital Driving Licence – the learning platform for the staff of the administration.
loading = Loading …
save = Save
saved = Your changes are saved.
edit = Edit
actions = Actions
filter = Show
back-to-start = Back to the start page
back-to-login = Back to login
pagination = Pages
previous-page = Previous page
next-page = Next page
page-of = Page { $page } of { $pages }

## Navigation
nav-label = Main navigation
nav-home = Start
nav-organisation = Organisation
nav-organisation-description = The departments of the administration and how many accounts each has.
nav-users = User accounts
nav-users-description = Create, change, invite and lock accounts. Assign roles and departments.
nav-audit = Audit log
nav-audit-description = See who changed accounts, roles and the organisation, and when.
nav-settings = My account
nav-settings-description = Your details and your password.
nav-display = Display and language
login = Log in
logout = Log out

## Roles
role-employee = Employee
role-scout = Digital scout
role-hr = Human resources
role-auditor = Staff council
role-admin = Platform administration

## Errors
error-invalid-credentials = The email address or the password is wrong.
error-too-many-attempts = Too many wrong attempts. Please wait a little.
error-too-many-attempts-detail = Too many wrong attempts. Please try again in { $minutes } minutes.
error-not-authenticated = Please log in.
error-forbidden = You are not allowed to do this.
error-not-found = This does not exist (any more).
error-invalid = Please check what you entered.
error-conflict = This is not possible right now.
error-link-invalid = This link is no longer valid. It has expired or was already used.
error-internal = Something went wrong. Everything you saved before is safe. Please try again later.
error-transport = The connection to the server was interrupted. Please try again.
field-required = Please fill in this field.
field-too-long = The text is too long.
field-invalid-choice = Please choose an entry from the list.
email-invalid = Please enter a valid email address, for example name@city.gov.
email-taken = This email address already belongs to an account.
password-too-short = The password must have at least 12 characters.
password-too-long = The password may have at most 128 characters.
password-mismatch = The two passwords are not the same.
password-current-wrong = The current password is wrong.
password-rules = At least 12 characters. Several words are easy to remember, for example “coffee bicycle lantern 7”.

## Pages: not found, forbidden
not-found-title = Page not found
not-found-text = This page does not exist. Perhaps its address has changed.
forbidden-title = No access
forbidden-text = This page is not open to your role. If you need it, please contact the platform administration.

## Fields
field-email = Email address
field-password = Password
field-new-password = New password
field-password-repeat = Repeat new password
field-current-password = Current password
field-name = Name
field-department = Department
field-roles = Roles
field-locale = Language
field-department-name = Name
field-department-kind = Type
field-department-parent = Part of

## Login
login-title = Log in
login-intro = Log in with your work email address.
login-submit = Log in
login-forgot = Forgot your password?
login-required = Please log in to see this page.
login-logged-out = You are logged out.
login-password-set = Your password is saved. Please log in now.

forgot-title = Forgot password
forgot-intro = Enter your work email address. We will send you a link to choose a new password.
forgot-submit = Send link
forgot-sent = If there is an account for this address, an email is on its way. Please check your inbox. The link is valid for 2 hours.

set-password-title = Choose password
set-password-intro = Choose your password. Then log in with it.
set-password-submit = Save password
set-password-request-new = Ask for a new link

## Start
home-title = Start
home-greeting = Hello, { $name }!
home-profile = Your profile
home-department = Department
home-no-department = none assigned
home-roles = Your roles
home-learner-intro = This is where you learn for the Digital Driving Licence. Start with the mandatory modules in the learning section.

## Display and language
display-title = Display and language
display-intro = Choose font size, contrast and language. The setting applies on this device.
display-font-size = Font size
display-font-normal = Normal
display-font-large = Large
display-font-larger = Very large
display-contrast = Contrast
display-contrast-high = High contrast
display-language = Language
display-saved = Your setting is saved.

## My account
settings-title = My account
settings-account = Your details
settings-account-hint = The platform administration changes your name and email address for you.
settings-display-link = Change display and language
settings-password = Change password
settings-password-submit = Change password
settings-password-changed = Your password is changed. You are now logged out on other devices.

## Organisation
organisation-title = Organisation
organisation-intro = The departments of the administration. The number counts the active accounts assigned directly to each unit.
organisation-caption = Departments
organisation-headcount = Accounts
organisation-new = New department
organisation-create = Create
organisation-created = The department is created.
organisation-deleted = The department is deleted.
organisation-top-level = (top level)
organisation-edit-title = Edit department
organisation-edit-heading = Edit { $name }
organisation-edit-named = Edit { $name }
organisation-back = Back to the organisation
organisation-delete = Delete department
organisation-delete-hint = You can only delete a unit when no accounts and no sub-units belong to it.
organisation-delete-submit = Delete
department-not-empty = This unit still has accounts or sub-units. Please assign them elsewhere first.
department-parent-cycle = A unit cannot be part of itself or of one of its sub-units.
department-kind-dezernat = Directorate (Dezernat)
department-kind-fachbereich = Division (Fachbereich)
department-kind-abteilung = Department (Abteilung)
department-kind-team = Team
department-kind-stabsstelle = Staff unit (Stabsstelle)

## User accounts
users-title = User accounts
users-new = New account
users-create = Create account
users-created = The account is created.
users-back = Back to the user accounts
users-search = Name or email address
users-status = Status
users-status-all = all
users-status-active = active
users-status-inactive = locked
users-state-active = active
users-state-invited = invited, no password yet
users-state-inactive = locked
users-caption = { $count ->
    [one] 1 account
   *[other] { $count } accounts
}
users-no-department = (none)
users-send-invitation = Send an invitation by email
users-send-invitation-again = Send the invitation again
users-send-reset = Send a link for a new password
users-mail-sent = The email is on its way.
users-edit-title = Edit account
users-data = Details
users-access = Access
users-deactivate = Lock account
users-deactivate-hint = Locked accounts cannot log in. Open sessions end at once. Nothing is deleted.
users-reactivate = Unlock account
users-reactivate-hint = The person can log in again afterwards.
user-roles-required = Please choose at least one role.
user-cannot-drop-own-admin = You cannot take the role “platform administration” away from yourself.
user-cannot-deactivate-self = You cannot lock your own account.
user-inactive-no-mail = Locked accounts get no email. Please unlock the account first.

## Audit log
audit-title = Audit log
audit-intro = This shows who changed accounts, roles and the organisation, and when. Learning results are not shown here.
audit-filter-action = Kind of change
audit-filter-all = all
audit-empty = There are no entries yet.
audit-caption = { $total ->
    [one] 1 entry
   *[other] { $total } entries
}
audit-col-time = Time
audit-col-actor = Who
audit-col-action = What
audit-col-target = Concerns
audit-col-details = Details
audit-actor-system = System or command line
audit-action-user-created = Account created
audit-action-user-updated = Account changed
audit-action-user-roles-changed = Roles changed
audit-action-user-deactivated = Account locked
audit-action-user-reactivated = Account unlocked
audit-action-user-invitation-sent = Invitation sent
audit-action-user-password-reset-sent = Link for a new password sent
audit-action-department-created = Department created
audit-action-department-updated = Department changed
audit-action-department-deleted = Department deleted

## Learning
nav-learn = Learning
nav-learn-description = All learning modules, your progress and the tests for the Digital Driving Licence.
nav-evidence = My evidence
nav-evidence-description = The competences you have proven by passing tests.
breadcrumb = You are here
catalogue-title = Learning modules
catalogue-intro = Here you find all learning modules. You need the mandatory modules for the Digital Driving Licence.
catalogue-back = Back to the learning modules
catalogue-filter-competence = Competence
catalogue-all-competences = all competences
catalogue-filter-kind = Type
catalogue-kind-all = all modules
catalogue-kind-mandatory = mandatory modules only
catalogue-kind-elective = elective modules only
catalogue-count = { $count ->
    [one] 1 module
   *[other] { $count } modules
}
catalogue-progress = { $read } of { $total } lessons read
competence-with-level = { $title } – level { $level }
module-title = Learning module
module-mandatory = Mandatory
module-elective = Elective
module-passed = passed
module-not-passed = not passed yet
module-duration = about { $minutes } minutes
module-duration-label = Duration
module-audience = For whom
module-kind = Type
module-version = Version
module-competences = What the test proves
module-prerequisites = Recommended first
module-prerequisites-hint = These modules help you to understand this one well.
module-lessons = Lessons
module-start-reading = Start learning
module-resume = Continue reading
module-lessons-done = You have read all lessons. Now you can take the test.
lesson-title = Lesson
lesson-read = read
lesson-german-only-tag = German only
lesson-german-only = This lesson is available in German only.
lesson-position = Lesson { $position } of { $total }
lesson-navigation = Move between lessons
lesson-previous = Back: { $title }
lesson-read-next = Done – continue with: { $title }
lesson-read-finish = Done – back to the module
quiz-title = Test
quiz-facts = The test has { $count } questions. You pass with { $mark } percent.
quiz-time-limit = You have { $minutes } minutes.
quiz-start = Start the test
quiz-start-again = Take the test again
quiz-continue = Continue the test
quiz-cooldown = You can start the next attempt a little later.
quiz-cooldown-until = You can start the next attempt from { $time }. Use the time to read the lessons again.
quiz-passed-notice = You have passed this test.
placement-title = Placement test
placement-intro = You know the topic already? Then take the placement test now. If you pass, the module counts as passed. You have one attempt, as long as you have not read a lesson yet.
placement-start = Start the placement test
placement-not-available = The placement test is possible only once and only before you start the lessons.
attempt-history = Your attempts
attempt-col-date = Started
attempt-col-kind = Type
attempt-col-result = Result
attempt-col-version = Version
attempt-kind-quiz = Test
attempt-kind-placement = Placement test
attempt-passed = passed with { $score } %
attempt-failed = not passed ({ $score } %)
attempt-open = not submitted yet
attempt-show-result = Show the result
quiz-question-heading = Question { $position } of { $total }
quiz-deadline = Please submit the test by { $time }.
quiz-hint-multiple = Several answers can be right.
quiz-hint-ordering = Give each step a number: 1 is the first step.
quiz-hint-matching = Choose the matching entry for each term.
quiz-choose = please choose
quiz-true = True
quiz-false = False
quiz-your-answer = Your answer
quiz-your-number = Your answer as a number
quiz-saved = Your answer is saved.
quiz-not-saved = Your answer could not be saved. Please select “Next”.
quiz-saving-hint = Every answer is saved. You can stop the test and continue later.
quiz-previous = Back
quiz-next = Next
quiz-to-overview = Overview and submission
quiz-overview-title = Overview and submission
quiz-answered = answered
quiz-unanswered = still open
quiz-answered-count = You have answered { $answered } of { $total } questions.
quiz-submit-hint = After submitting you cannot change your answers. Open questions count as wrong.
quiz-submit = Submit the test
quiz-already-submitted = This test has already been submitted.
quiz-not-submitted = This test has not been submitted yet.
quiz-time-over = The time for this test is over. Please submit it.
result-title = Your test result
result-title-placement = Your placement test result
result-passed = Passed: { $score } percent. { $mark } percent were needed.
result-failed = Not passed: { $score } percent. { $mark } percent are needed. Read the lessons on the wrong answers again, then try again.
result-version = Module version { $version }
result-evidence = What you have proven
result-details = Your answers
result-question = Question { $n }
result-correct = right
result-partly = partly right
result-wrong = wrong
result-your-answer = Your answer
result-right-answer = Right answer
result-no-answer = no answer
result-read-again = Read again: { $title }
result-back-to-module = Back to the module
evidence-title = My evidence
evidence-intro = This page shows the competences you have proven by passing tests. Only you see this page.
evidence-empty = You have not passed a test yet.
evidence-caption = Proven competences
evidence-col-competence = Competence
evidence-col-level = Level
evidence-col-module = Module
evidence-col-version = Version
evidence-col-date = Date
evidence-level = { $level }: { $title }
evidence-version-older = { $version } (now: { $current })

## Certificate (Digital Driving Licence)
nav-certificate = My licence
nav-certificate-description = Your Digital Driving Licence: where you stand, what is missing, PDF and digital credential.
nav-certificates-admin = Certificates
nav-certificates-admin-description = Find issued certificates and revoke them if necessary.
audit-action-certificate-revoked = Certificate revoked
certificate-title = My licence
certificate-intro = Here you see your certificates, what you still need for the next level and which modules you must refresh soon.
certificate-status = Status
certificate-status-valid = valid
certificate-status-expired = expired
certificate-status-revoked = revoked
certificate-status-superseded = renewed
certificate-status-none = not reached yet
certificate-number = Certificate number
certificate-level = Level
certificate-issued = Issued on
certificate-valid-until = Valid until
certificate-reached-not-issued = You have reached this level. The certificate is issued with your next passed test.
certificate-missing = Still missing
certificate-missing-electives = { $count ->
    [one] 1 more elective module
   *[other] { $count } more elective modules
}
certificate-electives-link = See elective modules
certificate-missing-level = first the level “{ $level }”
certificate-refresh = Refresh soon
certificate-refresh-hint = You must repeat these modules regularly. Take the test again in time and your certificate is extended.
certificate-refresh-until = by { $date }
certificate-download-pdf = Download PDF
certificate-download-pdf-de = Certificate as PDF (German)
certificate-download-pdf-en = Certificate as PDF (English)
certificate-download-credential = Digital credential (Open Badge)
certificate-verification-page = Public verification page
certificate-history = All your certificates
verify-title = Verify a certificate
verify-intro = Check here whether a Digital Driving Licence is genuine and valid. You see only the name, the level, the dates and the status – nothing else about the person.
verify-by-number = Verify by certificate number
verify-number-hint = The number is printed on the certificate, for example DF-2026-000042.
verify-number-required = Please enter the certificate number.
verify-number-unknown = There is no certificate with this number. Please check the spelling.
verify-submit = Verify
verify-by-credential = Verify a digital credential
verify-credential-intro = Upload the file of the digital credential (Open Badge, ending .jwt) or paste its content. We check the signature, the issuer, the validity and whether it was revoked.
verify-credential-file = Credential file
verify-credential-text = Or paste its content here
verify-credential-submit = Verify credential
verify-credential-valid = The digital credential is genuine: the signature is correct and it was issued by us.
verify-credential-expired = The credential's signature is correct, but it has expired.
verify-credential-revoked = The credential's signature is correct, but the certificate was revoked.
verify-credential-superseded = The credential's signature is correct. The certificate has since been renewed; there is a newer one.
verify-credential-signature = The credential's signature is not correct. It was changed or was not issued by us.
verify-credential-issuer = The credential was issued by someone else. We cannot confirm it.
verify-credential-format = This is not a digital credential we can read.
verify-credential-not-yet-valid = The credential is not valid yet.
verify-credential-unknown = The signature is correct, but we do not know the certificate.
verify-credential-too-large = The file is too large for a digital credential.
verify-result-title = Verification result
verify-status-valid = This certificate is genuine and valid.
verify-status-expired = This certificate is genuine but has expired.
verify-status-revoked = This certificate was revoked and is no longer valid.
verify-status-superseded = This certificate is genuine but was replaced by a newer one.
verify-holder = Holder
verify-revocation-reason = Reason for revocation
verify-not-found = This certificate does not exist. Please check the address or the number.
verify-again = Verify another certificate
admin-certificates-title = Certificates
admin-certificates-intro = All issued certificates. A revocation shows at once on the public verification page and in the revocation list of the digital credentials.
admin-certificates-search = Name or certificate number
admin-certificates-caption = Issued certificates
admin-certificates-count = { $count ->
    [one] 1 certificate
   *[other] { $count } certificates
}
admin-certificates-back = Back to the certificates
certificate-revoke = Revoke
certificate-revoke-title = Revoke certificate
certificate-revoke-intro = A revocation cannot be undone. The reason is public: it appears on the verification page. So write nothing personal.
certificate-revoke-reason = Reason
certificate-revoke-reason-hint = For example: “Issued by mistake”. At least 5 characters.
certificate-revoke-reason-required = Please give a reason of at least 5 characters.
certificate-revoke-reason-too-long = The reason may have at most 500 characters.
certificate-revoke-submit = Revoke for good
certificate-already-revoked = This certificate is already revoked.
certificate-revoked-notice = The certificate is revoked.

## Certificate as PDF (app/src/certificate/pdf.rs)
certificate-pdf-heading = Certificate
certificate-pdf-document-title = { $level }: certificate for { $name }
certificate-pdf-intro = This is to certify that
certificate-pdf-outro = has met the requirements of this level.
certificate-pdf-modules = Modules passed
certificate-pdf-module-detail = Version { $version } · { $date }
certificate-pdf-competences = Competences
certificate-pdf-competence-level = Level { $level } of { $max }
certificate-pdf-issued-on = Issued on
certificate-pdf-valid-until = Valid until
certificate-pdf-number = Certificate number
certificate-pdf-signature-caption = Signature
certificate-pdf-verify = Verify
certificate-pdf-verify-hint = Scan the QR code or open this address:
certificate-pdf-qr-alt = QR code with the verification address { $url }
certificate-pdf-logo-alt = Logo of { $issuer }
certificate-pdf-running-header = { $level } · { $name } · { $number }
certificate-pdf-page = Page { $page } of { $pages }

## Employee list from the HR system
field-department-code = Code in the HR system
field-department-code-hint = For example "FB 20". The employee import assigns people to units by this code.
department-code-taken = Another unit already has this code.
yes = Yes
no = No
import-link = Import the employee list from the HR system
import-title = Import the employee list
import-intro = Upload the list of employees as your HR system exports it as a CSV file. You first see a preview with every change and every problem. Nothing changes until you confirm.
import-file = CSV file
import-file-hint = Separated by semicolons, commas or tabs; encoded in UTF-8 or Windows-1252 (ANSI). At most 10 MB.
import-check = Check the file
import-columns = The columns the file needs
import-columns-intro = The first line holds the column headers. Their order does not matter; other columns are not read.
import-column = Column
import-headers = Headers recognised
import-required = Required
import-column-personnel-number = Personnel number
import-column-last-name = Last name (or "Name" for the whole name)
import-column-first-name = First name
import-column-email = Email address
import-column-department = Organisational unit (code or name)
import-column-job-family = Job family
import-column-active = Active (yes/no)
import-rules = How the list is matched: people are recognised by their personnel number. Newcomers get an account without a password. People missing from the list are deactivated, not deleted: their evidence and certificates remain. Accounts without a personnel number, such as those created by hand, are left alone.
import-problem-lines = Lines { $lines }:
import-problem-not-text = The file is not a text file in UTF-8 or Windows-1252. It may be an Excel file or UTF-16. Please save the list as "CSV (comma delimited)" or "CSV UTF-8".
import-problem-mixed-encoding = This line contains characters that do not fit the UTF-8 encoding of the rest of the file. Please save the file again as "CSV UTF-8".
import-problem-too-large = The file is larger than 10 MB.
import-problem-no-file = Please choose a file.
import-problem-empty = The file is empty.
import-problem-syntax = The line is not valid CSV, for example because a quotation mark is not closed.
import-problem-duplicate-column = The column "{ $column }" appears twice.
import-problem-missing-column = The column "{ $column }" is missing from the header line.
import-problem-field-count = The line has { $found } fields, the header line { $expected }.
import-problem-missing-value = The field "{ $column }" is empty.
import-problem-personnel-number-too-long = The personnel number is longer than 32 characters.
import-problem-name-too-long = The name is longer than 200 characters.
import-problem-invalid-email = "{ $value }" is not a valid email address.
import-problem-unknown-job-family = The job family "{ $value }" is unknown. Known are the families of the target profiles.
import-problem-invalid-active = "{ $value }" is not allowed for "Active". Allowed are yes, no, 1, 0 or an empty field.
import-problem-duplicate-personnel-number = The personnel number { $value } already appears on line { $first }.
import-problem-duplicate-email = The email address { $value } already appears on line { $first }.
import-problem-unknown-department = There is no organisational unit "{ $value }". Create it under "Organisation" first, or enter its code there.
import-problem-ambiguous-department = Several units are called "{ $value }". Please use the code in the file.
import-problem-email-taken = The email address { $value } already belongs to another account with a different personnel number.
import-problem-deactivates-self = This line would deactivate your own account. That is not possible here.
import-problem-no-rows = The file holds only the header line.
import-preview-title = Preview of the employee list
import-back = Import another file
import-file-read = File "{ $file }", encoding { $encoding }, { $rows } people read.
import-problem-line = Line { $line }:
import-problems = { $count ->
    [one] The file has one problem. Nothing was changed.
   *[other] The file has { $count } problems. Nothing was changed.
}
import-problems-hint = Please correct the file and upload it again.
import-upload-again = Upload the corrected file
import-new = New
import-changed = Changed
import-deactivated = Deactivated
import-deactivated-caption = Deactivated because no longer on the list
import-reactivated = Reactivated
import-unchanged = Unchanged
import-line = Line
import-note = Change
import-more = … and { $count } more.
import-change-personnel-number = personnel number
import-change-name = name
import-change-email = email address
import-change-department = organisational unit
import-change-job-family = job family
import-change-deactivated = will be deactivated
import-change-reactivated = will be reactivated
import-apply-hint = Check the changes. "Apply" saves them all at once.
import-nothing-to-do = The list matches the stored data. There is nothing to change.
import-apply = Apply
import-applied = The employee list has been applied.
import-summary = What changed
import-already-applied = This file has already been applied.
import-has-problems = The file now has problems because the stored data has changed. Please upload it again.
import-cli-read = read
import-cli-nothing-applied = Nothing applied: please correct the file.
import-cli-dry-run = Dry run: nothing changed. Apply with --apply.
import-cli-applied = Applied
audit-action-employees-imported = Employee list imported
audit-action-report-viewed = Report viewed
audit-action-report-exported = Report exported
audit-action-report-setting-changed = Report type switched on or off

## Reports for HR
nav-reports = Reports
reports-title = Reports on training needs
reports-intro = The reports show where the administration needs training: measured against the target profiles, only as shares of groups, never for individuals.
reports-back = Back to the reports
reports-privacy = How the reports protect employees
reports-privacy-text = Every figure rests on at least { $k } people. Smaller groups are hidden, and so is every figure from which a hidden one could be recomputed, for example as the difference between a unit and its other parts or between two filters. Nobody but the person sees individual results. Every view and every export is logged; the staff council can read the log.
report-heatmap-title = Competences by organisational unit
report-heatmap-intro = Share of employees who meet their profile's target for a competence. Select a unit to see the level below.
report-gaps-title = Training needs by module
report-gaps-intro = Which modules most people lack to meet their targets, and in which units.
report-certification-title = Digital Driving Licence by organisational unit
report-certification-intro = Share of employees with a valid Digital Driving Licence, and share who meet all targets.
report-trend-title = The last twelve months
report-trend-intro = How the shares developed month by month, at the end of each month, for today's employees.
report-switched-off = switched off
report-on = switched on
report-settings-title = Switch report types on and off
report-settings-intro = A service agreement may lay down which analyses are allowed. Nobody can open or export a report that is switched off. Every change is logged.
report-switch-off = Switch off { $report }
report-switch-on = Switch on { $report }
report-disabled = This report is switched off, for example because of the service agreement.
report-no-family = No job family
report-breadcrumbs = Level in the organisation
report-family = Job family
report-all-families = All job families
report-apply-filter = Show
report-rule = Groups of fewer than { $k } people are hidden (×). As of { $date }.
report-cell-none = no target
report-cell-suppressed = hidden
report-cell-share = { $percent } % ({ $met } of { $total })
report-scope-total = { $name } in total
report-all-targets = All targets met
report-certified = Valid licence
report-heatmap-caption = Share meeting the target, by unit and competence
report-heatmap-graphic = Chart of the competence overview
report-heatmap-svg-title = Colour overview: the darker, the more employees meet the target. The table below holds the same figures.
report-no-targets = No target profiles are set (content/target-profiles.toml).
report-certification-caption = Digital Driving Licence and targets met by unit
report-gaps-caption = Modules by need
report-rank = Rank
report-module = Module
report-need = People in need
report-need-units = Most need in
report-trend-caption = Shares at the end of each month
report-month = Month
own-targets-title = My targets
own-targets-none = No targets are set for you.
own-targets-family = Your job family: { $family }
own-targets-summary = { $open ->
    [0] You meet all targets of your profile.
    [one] One target is still open.
   *[other] { $open } targets are still open.
}
own-targets-caption = Competences expected for your job
own-target-competence = Competence
own-target-level = Target level
own-target-status = Status
own-target-modules = Modules that help
own-target-met = met
own-target-met-until = met, valid until { $date }
own-target-open = open
evidence-list-title = All evidence

## Exports and public key figures
export-share = share in %
export-met = met
export-total = people
export-kind = Kind
export-people = people
export-certificates = certificates
export-figure = Figure
export-value = Value
export-unit = Unit
report-export = Download
report-export-csv = Download as CSV
report-export-xlsx = Download as Excel file (XLSX)
report-print-hint = To print, use your browser's print function (Ctrl+P). Only the report and its table are printed, without the menu.
report-public-title = Key figures on digital training
report-public-intro = Figures for the whole administration, public and without login, also as open data (CSV, JSON). Switched off until an administrator publishes them.
report-public-intro-full = The figures for { $organisation }, as of { $date }. Every figure rests on at least { $k } people; smaller numbers are hidden.
public-employees = Employees
public-certificates-issued = "Digital Driving Licence" certificates issued
public-certificates-valid = Of which valid today
public-certified = Share of employees with a valid licence
public-modules = Modules completed (valid passes)
public-passed = Passed
public-areas = Targets met, by competence area
public-area = Competence area
public-open-data = Open data
public-download-csv = Key figures as CSV
public-download-json = Key figures as JSON
