# Deutsch – die Hauptsprache. Einfache Sprache: kurze Sätze, direkte Ansprache mit „Sie“.
# Jeder Schlüssel steht auch in en.ftl; ein Test prüft das.

app-name = Digitaler Führerschein
skip-to-content = Zum Inhalt springen
footer-text = Digitaler Führerschein – Lernplattform für die Beschäftigten der Verwaltung.
loading = Wird geladen …
save = Speichern
saved = Die Änderungen sind gespeichert.
edit = Bearbeiten
actions = Aktionen
filter = Anzeigen
back-to-start = Zur Startseite
back-to-login = Zurück zur Anmeldung
pagination = Seiten
previous-page = Vorherige Seite
next-page = Nächste Seite
page-of = Seite { $page } von { $pages }

## Navigation
nav-label = Hauptnavigation
nav-home = Start
nav-organisation = Organisation
nav-organisation-description = Die Ämter und Abteilungen der Verwaltung mit der Zahl ihrer Konten.
nav-users = Benutzerkonten
nav-users-description = Konten anlegen, ändern, einladen und sperren. Rollen und Abteilungen zuweisen.
nav-audit = Protokoll
nav-audit-description = Nachlesen, wer wann Konten, Rollen und die Organisation geändert hat.
nav-settings = Mein Konto
nav-settings-description = Ihre Angaben und Ihr Passwort.
nav-display = Darstellung und Sprache
login = Anmelden
logout = Abmelden

## Rollen
role-employee = Beschäftigte
role-scout = Digitalscout
role-hr = Personalabteilung
role-auditor = Personalrat
role-admin = Verwaltung der Plattform

## Fehler
error-invalid-credentials = E-Mail-Adresse oder Passwort stimmen nicht.
error-too-many-attempts = Zu viele falsche Versuche. Bitte warten Sie etwas.
error-too-many-attempts-detail = Zu viele falsche Versuche. Bitte versuchen Sie es in { $minutes } Minuten wieder.
error-not-authenticated = Bitte melden Sie sich an.
error-forbidden = Dafür haben Sie keine Berechtigung.
error-not-found = Das gibt es nicht (mehr).
error-invalid = Bitte prüfen Sie Ihre Eingaben.
error-conflict = Das geht gerade nicht.
error-link-invalid = Dieser Link gilt nicht mehr. Er ist abgelaufen oder wurde schon benutzt.
error-internal = Etwas ist schiefgegangen. Ihre bisher gespeicherten Daten sind sicher. Bitte versuchen Sie es später noch einmal.
error-transport = Die Verbindung zum Server ist unterbrochen. Bitte versuchen Sie es noch einmal.
field-required = Bitte füllen Sie dieses Feld aus.
field-too-long = Der Text ist zu lang.
field-invalid-choice = Bitte wählen Sie einen Eintrag aus der Liste.
email-invalid = Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@stadt.de.
email-taken = Diese E-Mail-Adresse gehört schon zu einem Konto.
password-too-short = Das Passwort muss mindestens 12 Zeichen lang sein.
password-too-long = Das Passwort darf höchstens 128 Zeichen lang sein.
password-mismatch = Die beiden Passwörter sind nicht gleich.
password-current-wrong = Das bisherige Passwort stimmt nicht.
password-rules = Mindestens 12 Zeichen. Gut merkbar sind mehrere Wörter, zum Beispiel „Kaffee Fahrrad Laterne 7“.

## Seiten: nicht gefunden, keine Berechtigung
not-found-title = Seite nicht gefunden
not-found-text = Diese Seite gibt es nicht. Vielleicht hat sich die Adresse geändert.
forbidden-title = Kein Zugriff
forbidden-text = Diese Seite ist für Ihre Rolle nicht freigegeben. Wenn Sie sie brauchen, wenden Sie sich an die Verwaltung der Plattform.

## Felder
field-email = E-Mail-Adresse
field-password = Passwort
field-new-password = Neues Passwort
field-password-repeat = Neues Passwort wiederholen
field-current-password = Bisheriges Passwort
field-name = Name
field-department = Organisationseinheit
field-roles = Rollen
field-locale = Sprache
field-department-name = Bezeichnung
field-department-kind = Art
field-department-parent = Gehört zu

## Anmeldung
login-title = Anmelden
login-intro = Melden Sie sich mit Ihrer dienstlichen E-Mail-Adresse an.
login-submit = Anmelden
login-forgot = Passwort vergessen?
login-required = Bitte melden Sie sich an, um diese Seite zu sehen.
login-logged-out = Sie sind abgemeldet.
login-password-set = Ihr Passwort ist gespeichert. Bitte melden Sie sich jetzt an.

forgot-title = Passwort vergessen
forgot-intro = Geben Sie Ihre dienstliche E-Mail-Adresse ein. Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.
forgot-submit = Link anfordern
forgot-sent = Wenn es zu dieser Adresse ein Konto gibt, ist eine E-Mail unterwegs. Bitte schauen Sie in Ihr Postfach. Der Link gilt 2 Stunden.

set-password-title = Passwort festlegen
set-password-intro = Legen Sie Ihr Passwort fest. Danach melden Sie sich damit an.
set-password-submit = Passwort speichern
set-password-request-new = Neuen Link anfordern

## Start
home-title = Start
home-greeting = Guten Tag, { $name }!
home-profile = Ihr Profil
home-department = Organisationseinheit
home-no-department = keine zugeordnet
home-roles = Ihre Rollen
home-learner-intro = Hier lernen Sie für den Digitalen Führerschein. Beginnen Sie mit den Pflichtmodulen im Lernangebot.

## Darstellung und Sprache
display-title = Darstellung und Sprache
display-intro = Stellen Sie Schriftgröße, Kontrast und Sprache ein. Die Einstellung gilt auf diesem Gerät.
display-font-size = Schriftgröße
display-font-normal = Normal
display-font-large = Groß
display-font-larger = Sehr groß
display-contrast = Kontrast
display-contrast-high = Hoher Kontrast
display-language = Sprache
display-saved = Ihre Einstellung ist gespeichert.

## Mein Konto
settings-title = Mein Konto
settings-account = Ihre Angaben
settings-account-hint = Name und E-Mail-Adresse ändert die Verwaltung der Plattform für Sie.
settings-display-link = Darstellung und Sprache einstellen
settings-password = Passwort ändern
settings-password-submit = Passwort ändern
settings-password-changed = Ihr Passwort ist geändert. Auf anderen Geräten sind Sie jetzt abgemeldet.

## Organisation
organisation-title = Organisation
organisation-intro = Die Organisationseinheiten der Verwaltung. Die Zahl nennt die aktiven Konten, die einer Einheit direkt zugeordnet sind.
organisation-caption = Organisationseinheiten
organisation-headcount = Konten
organisation-new = Neue Organisationseinheit
organisation-create = Anlegen
organisation-created = Die Organisationseinheit ist angelegt.
organisation-deleted = Die Organisationseinheit ist gelöscht.
organisation-top-level = (oberste Ebene)
organisation-edit-title = Organisationseinheit bearbeiten
organisation-edit-heading = { $name } bearbeiten
organisation-edit-named = { $name } bearbeiten
organisation-back = Zurück zur Organisation
organisation-delete = Organisationseinheit löschen
organisation-delete-hint = Löschen geht nur, wenn keine Konten und keine untergeordneten Einheiten mehr dazugehören.
organisation-delete-submit = Löschen
department-not-empty = Diese Einheit hat noch Konten oder untergeordnete Einheiten. Ordnen Sie diese zuerst anders zu.
department-parent-cycle = Eine Einheit kann nicht zu sich selbst oder zu einer ihrer Untereinheiten gehören.
department-kind-dezernat = Dezernat
department-kind-fachbereich = Fachbereich
department-kind-abteilung = Abteilung
department-kind-team = Team
department-kind-stabsstelle = Stabsstelle

## Benutzerkonten
users-title = Benutzerkonten
users-new = Neues Konto
users-create = Konto anlegen
users-created = Das Konto ist angelegt.
users-back = Zurück zu den Benutzerkonten
users-search = Name oder E-Mail-Adresse
users-status = Status
users-status-all = alle
users-status-active = aktiv
users-status-inactive = gesperrt
users-state-active = aktiv
users-state-invited = eingeladen, noch ohne Passwort
users-state-inactive = gesperrt
users-caption = { $count ->
    [one] 1 Konto
   *[other] { $count } Konten
}
users-no-department = (keine)
users-send-invitation = Einladung per E-Mail schicken
users-send-invitation-again = Einladung erneut schicken
users-send-reset = Link für neues Passwort schicken
users-mail-sent = Die E-Mail ist unterwegs.
users-edit-title = Konto bearbeiten
users-data = Angaben
users-access = Zugang
users-deactivate = Konto sperren
users-deactivate-hint = Gesperrte Konten können sich nicht mehr anmelden. Offene Sitzungen enden sofort. Es wird nichts gelöscht.
users-reactivate = Konto wieder freigeben
users-reactivate-hint = Die Person kann sich danach wieder anmelden.
user-roles-required = Bitte wählen Sie mindestens eine Rolle.
user-cannot-drop-own-admin = Sie können sich die Rolle „Verwaltung der Plattform“ nicht selbst nehmen.
user-cannot-deactivate-self = Sie können Ihr eigenes Konto nicht sperren.
user-inactive-no-mail = Gesperrte Konten bekommen keine E-Mail. Geben Sie das Konto zuerst wieder frei.

## Protokoll
audit-title = Protokoll
audit-intro = Hier steht, wer wann Konten, Rollen und die Organisation geändert hat. Lernergebnisse stehen hier nicht.
audit-filter-action = Art der Änderung
audit-filter-all = alle
audit-empty = Es gibt noch keine Einträge.
audit-caption = { $total ->
    [one] 1 Eintrag
   *[other] { $total } Einträge
}
audit-col-time = Zeitpunkt
audit-col-actor = Wer
audit-col-action = Was
audit-col-target = Betrifft
audit-col-details = Einzelheiten
audit-actor-system = System oder Kommandozeile
audit-action-user-created = Konto angelegt
audit-action-user-updated = Konto geändert
audit-action-user-roles-changed = Rollen geändert
audit-action-user-deactivated = Konto gesperrt
audit-action-user-reactivated = Konto freigegeben
audit-action-user-invitation-sent = Einladung verschickt
audit-action-user-password-reset-sent = Link für neues Passwort verschickt
audit-action-department-created = Organisationseinheit angelegt
audit-action-department-updated = Organisationseinheit geändert
audit-action-department-deleted = Organisationseinheit gelöscht

## Lernen
nav-learn = Lernen
nav-learn-description = Alle Lernmodule, Ihr Fortschritt und die Tests für den Digitalen Führerschein.
nav-evidence = Meine Nachweise
nav-evidence-description = Die Kompetenzen, die Sie mit bestandenen Tests nachgewiesen haben.
breadcrumb = Sie sind hier
catalogue-title = Lernangebot
catalogue-intro = Hier finden Sie alle Lernmodule. Die Pflichtmodule brauchen Sie für den Digitalen Führerschein.
catalogue-back = Zurück zum Lernangebot
catalogue-filter-competence = Kompetenz
catalogue-all-competences = alle Kompetenzen
catalogue-filter-kind = Art
catalogue-kind-all = alle Module
catalogue-kind-mandatory = nur Pflichtmodule
catalogue-kind-elective = nur Wahlmodule
catalogue-count = { $count ->
    [one] 1 Modul
   *[other] { $count } Module
}
catalogue-progress = { $read } von { $total } Lektionen gelesen
competence-with-level = { $title } – Stufe { $level }
module-title = Lernmodul
module-mandatory = Pflichtmodul
module-elective = Wahlmodul
module-passed = bestanden
module-not-passed = noch nicht bestanden
module-duration = etwa { $minutes } Minuten
module-duration-label = Dauer
module-audience = Für wen
module-kind = Art
module-version = Version
module-competences = Das weisen Sie mit dem Test nach
module-prerequisites = Vorher empfohlen
module-prerequisites-hint = Diese Module helfen Ihnen, dieses Modul gut zu verstehen.
module-lessons = Lektionen
module-start-reading = Mit dem Lernen beginnen
module-resume = Weiterlesen
module-lessons-done = Sie haben alle Lektionen gelesen. Jetzt können Sie den Test machen.
lesson-title = Lektion
lesson-read = gelesen
lesson-german-only-tag = nur auf Deutsch
lesson-german-only = Diese Lektion gibt es nur auf Deutsch.
lesson-position = Lektion { $position } von { $total }
lesson-navigation = Zwischen den Lektionen wechseln
lesson-previous = Zurück: { $title }
lesson-read-next = Gelesen – weiter mit: { $title }
lesson-read-finish = Gelesen – zurück zum Modul
quiz-title = Test
quiz-facts = Der Test hat { $count } Fragen. Sie bestehen ab { $mark } Prozent.
quiz-time-limit = Sie haben { $minutes } Minuten Zeit.
quiz-start = Test starten
quiz-start-again = Test noch einmal machen
quiz-continue = Test fortsetzen
quiz-cooldown = Den nächsten Versuch können Sie etwas später starten.
quiz-cooldown-until = Den nächsten Versuch können Sie ab { $time } starten. Nutzen Sie die Zeit, um die Lektionen noch einmal zu lesen.
quiz-passed-notice = Sie haben diesen Test bestanden.
placement-title = Einstufungstest
placement-intro = Sie kennen das Thema schon? Dann machen Sie gleich den Einstufungstest. Wenn Sie ihn bestehen, gilt das Modul als bestanden. Sie haben dafür einen Versuch, solange Sie noch keine Lektion gelesen haben.
placement-start = Einstufungstest starten
placement-not-available = Der Einstufungstest ist nur einmal möglich und nur, bevor Sie mit den Lektionen beginnen.
attempt-history = Ihre Versuche
attempt-col-date = Begonnen
attempt-col-kind = Art
attempt-col-result = Ergebnis
attempt-col-version = Version
attempt-kind-quiz = Test
attempt-kind-placement = Einstufungstest
attempt-passed = bestanden mit { $score } %
attempt-failed = nicht bestanden ({ $score } %)
attempt-open = noch nicht abgegeben
attempt-show-result = Ergebnis ansehen
quiz-question-heading = Frage { $position } von { $total }
quiz-deadline = Bitte geben Sie den Test bis { $time } ab.
quiz-hint-multiple = Mehrere Antworten können richtig sein.
quiz-hint-ordering = Geben Sie jedem Schritt eine Nummer: 1 ist der erste Schritt.
quiz-hint-matching = Wählen Sie zu jedem Begriff das Passende aus.
quiz-choose = bitte wählen
quiz-true = Richtig
quiz-false = Falsch
quiz-your-answer = Ihre Antwort
quiz-your-number = Ihre Antwort als Zahl
quiz-saved = Ihre Antwort ist gespeichert.
quiz-not-saved = Ihre Antwort konnte nicht gespeichert werden. Bitte klicken Sie auf „Weiter“.
quiz-saving-hint = Jede Antwort wird gespeichert. Sie können den Test unterbrechen und später weitermachen.
quiz-previous = Zurück
quiz-next = Weiter
quiz-to-overview = Übersicht und Abgabe
quiz-overview-title = Übersicht und Abgabe
quiz-answered = beantwortet
quiz-unanswered = noch offen
quiz-answered-count = Sie haben { $answered } von { $total } Fragen beantwortet.
quiz-submit-hint = Nach der Abgabe können Sie die Antworten nicht mehr ändern. Offene Fragen zählen als falsch.
quiz-submit = Test abgeben
quiz-already-submitted = Dieser Test ist schon abgegeben.
quiz-not-submitted = Dieser Test ist noch nicht abgegeben.
quiz-time-over = Die Zeit für diesen Test ist abgelaufen. Bitte geben Sie ihn ab.
result-title = Ihr Testergebnis
result-title-placement = Ihr Ergebnis im Einstufungstest
result-passed = Bestanden: { $score } Prozent. Nötig waren { $mark } Prozent.
result-failed = Nicht bestanden: { $score } Prozent. Nötig sind { $mark } Prozent. Lesen Sie die Lektionen zu den falschen Antworten noch einmal und versuchen Sie es dann wieder.
result-version = Modulversion { $version }
result-evidence = Das haben Sie nachgewiesen
result-details = Ihre Antworten
result-question = Frage { $n }
result-correct = richtig
result-partly = teilweise richtig
result-wrong = falsch
result-your-answer = Ihre Antwort
result-right-answer = Richtige Antwort
result-no-answer = keine Antwort
result-read-again = Noch einmal lesen: { $title }
result-back-to-module = Zurück zum Modul
evidence-title = Meine Nachweise
evidence-intro = Hier sehen Sie, welche Kompetenzen Sie mit bestandenen Tests nachgewiesen haben. Nur Sie sehen diese Seite.
evidence-empty = Sie haben noch keinen Test bestanden.
evidence-caption = Nachgewiesene Kompetenzen
evidence-col-competence = Kompetenz
evidence-col-level = Stufe
evidence-col-module = Modul
evidence-col-version = Version
evidence-col-date = Datum
evidence-level = { $level }: { $title }
evidence-version-older = { $version } (heute: { $current })

## Zertifikat (Digitaler Führerschein)
nav-certificate = Mein Führerschein
nav-certificate-description = Ihr Digitaler Führerschein: Stand, was noch fehlt, PDF und digitaler Nachweis.
nav-certificates-admin = Zertifikate
nav-certificates-admin-description = Ausgestellte Zertifikate finden und bei Bedarf widerrufen.
audit-action-certificate-revoked = Zertifikat widerrufen
certificate-title = Mein Führerschein
certificate-intro = Hier sehen Sie Ihre Zertifikate, was Ihnen für die nächste Stufe noch fehlt und welche Module Sie bald auffrischen müssen.
certificate-status = Status
certificate-status-valid = gültig
certificate-status-expired = abgelaufen
certificate-status-revoked = widerrufen
certificate-status-superseded = erneuert
certificate-status-none = noch nicht erreicht
certificate-number = Zertifikatsnummer
certificate-level = Stufe
certificate-issued = Ausgestellt am
certificate-valid-until = Gültig bis
certificate-reached-not-issued = Sie haben diese Stufe erreicht. Das Zertifikat wird mit Ihrem nächsten bestandenen Test ausgestellt.
certificate-missing = Das fehlt Ihnen noch
certificate-missing-electives = { $count ->
    [one] noch 1 Wahlmodul
   *[other] noch { $count } Wahlmodule
}
certificate-electives-link = Wahlmodule ansehen
certificate-missing-level = zuerst die Stufe „{ $level }“
certificate-refresh = Bald auffrischen
certificate-refresh-hint = Diese Module müssen Sie regelmäßig wiederholen. Machen Sie den Test rechtzeitig noch einmal, dann verlängert sich Ihr Zertifikat.
certificate-refresh-until = bis { $date }
certificate-download-pdf = PDF herunterladen
certificate-download-pdf-de = Zertifikat als PDF (Deutsch)
certificate-download-pdf-en = Zertifikat als PDF (Englisch)
certificate-download-credential = Digitaler Nachweis (Open Badge)
certificate-verification-page = Öffentliche Prüfseite
certificate-history = Alle Ihre Zertifikate
verify-title = Zertifikat prüfen
verify-intro = Hier prüfen Sie, ob ein Digitaler Führerschein echt und gültig ist. Sie sehen nur den Namen, die Stufe, die Daten und den Status – nichts weiter über die Person.
verify-by-number = Mit der Zertifikatsnummer prüfen
verify-number-hint = Die Nummer steht auf dem Zertifikat, zum Beispiel DF-2026-000042.
verify-number-required = Bitte geben Sie die Zertifikatsnummer ein.
verify-number-unknown = Zu dieser Nummer gibt es kein Zertifikat. Bitte prüfen Sie die Schreibweise.
verify-submit = Prüfen
verify-by-credential = Digitalen Nachweis prüfen
verify-credential-intro = Laden Sie die Datei des digitalen Nachweises hoch (Open Badge, Endung .jwt) oder fügen Sie ihren Inhalt ein. Geprüft werden die Unterschrift, der Aussteller, die Gültigkeit und ob er widerrufen ist.
verify-credential-file = Datei des Nachweises
verify-credential-text = Oder den Inhalt hier einfügen
verify-credential-submit = Nachweis prüfen
verify-credential-valid = Der digitale Nachweis ist echt: Die Unterschrift stimmt und er stammt von uns.
verify-credential-expired = Die Unterschrift des Nachweises stimmt, aber er ist abgelaufen.
verify-credential-revoked = Die Unterschrift des Nachweises stimmt, aber das Zertifikat wurde widerrufen.
verify-credential-superseded = Die Unterschrift des Nachweises stimmt. Das Zertifikat wurde inzwischen erneuert; es gibt ein neueres.
verify-credential-signature = Die Unterschrift des Nachweises stimmt nicht. Der Nachweis wurde verändert oder stammt nicht von uns.
verify-credential-issuer = Der Nachweis stammt von einem anderen Aussteller. Wir können ihn nicht bestätigen.
verify-credential-format = Das ist kein digitaler Nachweis, den wir lesen können.
verify-credential-not-yet-valid = Der Nachweis ist noch nicht gültig.
verify-credential-unknown = Die Unterschrift stimmt, aber das Zertifikat ist uns nicht bekannt.
verify-credential-too-large = Die Datei ist zu groß für einen digitalen Nachweis.
verify-result-title = Ergebnis der Prüfung
verify-status-valid = Dieses Zertifikat ist echt und gültig.
verify-status-expired = Dieses Zertifikat ist echt, aber abgelaufen.
verify-status-revoked = Dieses Zertifikat wurde widerrufen und ist nicht mehr gültig.
verify-status-superseded = Dieses Zertifikat ist echt, wurde aber durch ein neueres ersetzt.
verify-holder = Inhaberin oder Inhaber
verify-revocation-reason = Grund des Widerrufs
verify-not-found = Dieses Zertifikat gibt es nicht. Bitte prüfen Sie die Adresse oder die Nummer.
verify-again = Ein anderes Zertifikat prüfen
admin-certificates-title = Zertifikate
admin-certificates-intro = Alle ausgestellten Zertifikate. Ein Widerruf ist sofort auf der öffentlichen Prüfseite und in der Widerrufsliste der digitalen Nachweise sichtbar.
admin-certificates-search = Name oder Zertifikatsnummer
admin-certificates-caption = Ausgestellte Zertifikate
admin-certificates-count = { $count ->
    [one] 1 Zertifikat
   *[other] { $count } Zertifikate
}
admin-certificates-back = Zurück zu den Zertifikaten
certificate-revoke = Widerrufen
certificate-revoke-title = Zertifikat widerrufen
certificate-revoke-intro = Ein Widerruf kann nicht rückgängig gemacht werden. Der Grund ist öffentlich: Er steht auf der Prüfseite. Schreiben Sie deshalb nichts Persönliches hinein.
certificate-revoke-reason = Grund
certificate-revoke-reason-hint = Zum Beispiel: „Irrtümlich ausgestellt“. Mindestens 5 Zeichen.
certificate-revoke-reason-required = Bitte nennen Sie einen Grund mit mindestens 5 Zeichen.
certificate-revoke-reason-too-long = Der Grund darf höchstens 500 Zeichen lang sein.
certificate-revoke-submit = Endgültig widerrufen
certificate-already-revoked = Dieses Zertifikat ist schon widerrufen.
certificate-revoked-notice = Das Zertifikat ist widerrufen.

## Zertifikat als PDF (app/src/certificate/pdf.rs)
certificate-pdf-heading = Zertifikat
certificate-pdf-document-title = { $level }: Zertifikat für { $name }
certificate-pdf-intro = Hiermit wird bescheinigt, dass
certificate-pdf-outro = die Anforderungen dieser Stufe erfüllt hat.
certificate-pdf-modules = Bestandene Module
certificate-pdf-module-detail = Version { $version } · { $date }
certificate-pdf-competences = Nachgewiesene Kompetenzen
certificate-pdf-competence-level = Stufe { $level } von { $max }
certificate-pdf-issued-on = Ausgestellt am
certificate-pdf-valid-until = Gültig bis
certificate-pdf-number = Zertifikatsnummer
certificate-pdf-signature-caption = Unterschrift
certificate-pdf-verify = Echtheit prüfen
certificate-pdf-verify-hint = QR-Code scannen oder diese Adresse aufrufen:
certificate-pdf-qr-alt = QR-Code mit der Prüfadresse { $url }
certificate-pdf-logo-alt = Logo von { $issuer }
certificate-pdf-running-header = { $level } · { $name } · { $number }
certificate-pdf-page = Seite { $page } von { $pages }

## Beschäftigtenliste aus dem Personalsystem
field-department-code = Kürzel im Personalsystem
field-department-code-hint = Zum Beispiel „FB 20“. Der Import der Beschäftigtenliste ordnet Personen über dieses Kürzel zu.
department-code-taken = Dieses Kürzel hat schon eine andere Organisationseinheit.
yes = Ja
no = Nein
import-link = Beschäftigtenliste aus dem Personalsystem einlesen
import-title = Beschäftigtenliste einlesen
import-intro = Laden Sie die Liste der Beschäftigten hoch, wie Ihr Personalsystem sie als CSV-Datei ausgibt. Sie sehen zuerst eine Vorschau mit allen Änderungen und allen Fehlern. Erst wenn Sie bestätigen, wird etwas geändert.
import-file = CSV-Datei
import-file-hint = Trennzeichen Semikolon, Komma oder Tabulator; Zeichensatz UTF-8 oder Windows-1252 (ANSI). Höchstens 10 MB.
import-check = Datei prüfen
import-columns = Welche Spalten die Datei braucht
import-columns-intro = Die erste Zeile enthält die Spaltenüberschriften. Die Reihenfolge ist egal, weitere Spalten werden nicht gelesen.
import-column = Spalte
import-headers = Erkannte Überschriften
import-required = Pflicht
import-column-personnel-number = Personalnummer
import-column-last-name = Nachname (oder „Name“ für den ganzen Namen)
import-column-first-name = Vorname
import-column-email = E-Mail-Adresse
import-column-department = Organisationseinheit (Kürzel oder Bezeichnung)
import-column-job-family = Tätigkeitsgruppe
import-column-active = Aktiv (ja/nein)
import-rules = So wird abgeglichen: Personen werden über die Personalnummer erkannt. Wer neu ist, bekommt ein Konto ohne Passwort. Wer fehlt, wird deaktiviert, aber nicht gelöscht: Nachweise und Zertifikate bleiben erhalten. Konten ohne Personalnummer, etwa von Hand angelegte, bleiben unberührt.
import-problem-lines = Zeilen { $lines }:
import-problem-not-text = Die Datei ist keine Textdatei in UTF-8 oder Windows-1252. Vielleicht ist es eine Excel-Datei oder UTF-16. Speichern Sie die Liste bitte als „CSV (Trennzeichen-getrennt)“ oder „CSV UTF-8“.
import-problem-mixed-encoding = Diese Zeile enthält Zeichen, die nicht zum Zeichensatz UTF-8 der übrigen Datei passen. Speichern Sie die Datei bitte noch einmal als „CSV UTF-8“.
import-problem-too-large = Die Datei ist größer als 10 MB.
import-problem-no-file = Bitte wählen Sie eine Datei aus.
import-problem-empty = Die Datei ist leer.
import-problem-syntax = Die Zeile ist kein gültiges CSV, zum Beispiel wegen eines nicht geschlossenen Anführungszeichens.
import-problem-duplicate-column = Die Spalte „{ $column }“ kommt zweimal vor.
import-problem-missing-column = Die Spalte „{ $column }“ fehlt in der Kopfzeile.
import-problem-field-count = Die Zeile hat { $found } Felder, die Kopfzeile { $expected }.
import-problem-missing-value = Das Feld „{ $column }“ ist leer.
import-problem-personnel-number-too-long = Die Personalnummer ist länger als 32 Zeichen.
import-problem-name-too-long = Der Name ist länger als 200 Zeichen.
import-problem-invalid-email = „{ $value }“ ist keine gültige E-Mail-Adresse.
import-problem-unknown-job-family = Die Tätigkeitsgruppe „{ $value }“ ist unbekannt. Bekannt sind die Gruppen aus den Zielprofilen.
import-problem-invalid-active = „{ $value }“ ist für „Aktiv“ nicht erlaubt. Erlaubt sind ja, nein, 1, 0 oder ein leeres Feld.
import-problem-duplicate-personnel-number = Die Personalnummer { $value } steht schon in Zeile { $first }.
import-problem-duplicate-email = Die E-Mail-Adresse { $value } steht schon in Zeile { $first }.
import-problem-unknown-department = Die Organisationseinheit „{ $value }“ gibt es nicht. Legen Sie sie zuerst unter „Organisation“ an oder tragen Sie dort ihr Kürzel ein.
import-problem-ambiguous-department = Mehrere Organisationseinheiten heißen „{ $value }“. Verwenden Sie in der Datei bitte das Kürzel.
import-problem-email-taken = Die E-Mail-Adresse { $value } gehört schon zu einem anderen Konto mit anderer Personalnummer.
import-problem-deactivates-self = Diese Zeile würde Ihr eigenes Konto deaktivieren. Das ist hier nicht möglich.
import-problem-no-rows = Die Datei enthält nur die Kopfzeile.
import-preview-title = Vorschau der Beschäftigtenliste
import-back = Andere Datei einlesen
import-file-read = Datei „{ $file }“, Zeichensatz { $encoding }, { $rows } Personen gelesen.
import-problem-line = Zeile { $line }:
import-problems = { $count ->
    [one] Die Datei hat einen Fehler. Es wurde nichts geändert.
   *[other] Die Datei hat { $count } Fehler. Es wurde nichts geändert.
}
import-problems-hint = Bitte korrigieren Sie die Datei und laden Sie sie erneut hoch.
import-upload-again = Korrigierte Datei hochladen
import-new = Neu
import-changed = Geändert
import-deactivated = Deaktiviert
import-deactivated-caption = Deaktiviert, weil nicht mehr in der Liste
import-reactivated = Wieder aktiviert
import-unchanged = Unverändert
import-line = Zeile
import-note = Änderung
import-more = … und { $count } weitere.
import-change-personnel-number = Personalnummer
import-change-name = Name
import-change-email = E-Mail-Adresse
import-change-department = Organisationseinheit
import-change-job-family = Tätigkeitsgruppe
import-change-deactivated = wird deaktiviert
import-change-reactivated = wird wieder aktiviert
import-apply-hint = Prüfen Sie die Änderungen. Mit „Übernehmen“ werden sie alle auf einmal gespeichert.
import-nothing-to-do = Die Liste stimmt mit den gespeicherten Daten überein. Es gibt nichts zu ändern.
import-apply = Übernehmen
import-applied = Die Beschäftigtenliste ist übernommen.
import-summary = Was geändert wurde
import-already-applied = Diese Datei wurde schon übernommen.
import-has-problems = Die Datei hat inzwischen Fehler, weil sich die gespeicherten Daten geändert haben. Bitte laden Sie sie erneut hoch.
import-cli-read = gelesen
import-cli-nothing-applied = Nichts übernommen: Bitte korrigieren Sie die Datei.
import-cli-dry-run = Probelauf: nichts geändert. Mit --apply übernehmen.
import-cli-applied = Übernommen
audit-action-employees-imported = Beschäftigtenliste eingelesen
audit-action-report-viewed = Bericht angesehen
audit-action-report-exported = Bericht exportiert
audit-action-report-setting-changed = Berichtsart ein- oder ausgeschaltet

## Berichte für das Personalamt
nav-reports = Berichte
reports-title = Berichte zum Fortbildungsbedarf
reports-intro = Die Berichte zeigen, wo die Verwaltung Fortbildung braucht: gemessen an den Zielprofilen, nur als Anteile von Gruppen, nie für einzelne Personen.
reports-back = Zurück zu den Berichten
reports-privacy = So schützen die Berichte die Beschäftigten
reports-privacy-text = Jede Zahl beruht auf mindestens { $k } Personen. Kleinere Gruppen werden ausgeblendet, und ebenso jede Zahl, aus der sich eine ausgeblendete zurückrechnen ließe, etwa als Differenz zwischen einer Organisationseinheit und ihren übrigen Teilen oder zwischen zwei Filtern. Einzelne Ergebnisse sieht niemand außer der Person selbst. Jeder Aufruf und jeder Export wird protokolliert; der Personalrat kann das Protokoll einsehen.
report-heatmap-title = Kompetenz-Übersicht nach Organisationseinheit
report-heatmap-intro = Anteil der Beschäftigten, die das Ziel ihres Profils für eine Kompetenz erreichen. Ein Klick auf eine Organisationseinheit zeigt die Ebene darunter.
report-gaps-title = Fortbildungsbedarf nach Modul
report-gaps-intro = Welche Module am meisten Menschen zu ihrem Ziel fehlen, und in welchen Organisationseinheiten.
report-certification-title = Digitaler Führerschein nach Organisationseinheit
report-certification-intro = Anteil der Beschäftigten mit gültigem Digitalen Führerschein und Anteil, der alle Ziele erreicht.
report-trend-title = Entwicklung der letzten zwölf Monate
report-trend-intro = Wie sich die Anteile Monat für Monat entwickelt haben, jeweils zum Monatsende, für die heutigen Beschäftigten.
report-switched-off = ausgeschaltet
report-on = eingeschaltet
report-settings-title = Berichtsarten ein- und ausschalten
report-settings-intro = Eine Dienstvereinbarung kann festlegen, welche Auswertungen erlaubt sind. Ausgeschaltete Berichte kann niemand aufrufen oder exportieren. Jede Änderung steht im Protokoll.
report-switch-off = { $report } ausschalten
report-switch-on = { $report } einschalten
report-disabled = Dieser Bericht ist ausgeschaltet, zum Beispiel aufgrund der Dienstvereinbarung.
report-no-family = Ohne Tätigkeitsgruppe
report-breadcrumbs = Ebene in der Organisation
report-family = Tätigkeitsgruppe
report-all-families = Alle Tätigkeitsgruppen
report-apply-filter = Anzeigen
report-rule = Gruppen mit weniger als { $k } Personen sind ausgeblendet (×). Stand: { $date }.
report-cell-none = kein Ziel
report-cell-suppressed = ausgeblendet
report-cell-share = { $percent } % ({ $met } von { $total })
report-scope-total = { $name } gesamt
report-all-targets = Alle Ziele erreicht
report-certified = Gültiger Führerschein
report-heatmap-caption = Anteil, der das Ziel erreicht, je Organisationseinheit und Kompetenz
report-heatmap-graphic = Grafik der Kompetenz-Übersicht
report-heatmap-svg-title = Farbige Übersicht: je dunkler, desto mehr Beschäftigte erreichen das Ziel. Die Tabelle darunter enthält dieselben Zahlen.
report-no-targets = Es sind keine Zielprofile festgelegt (content/target-profiles.toml).
report-certification-caption = Digitaler Führerschein und erreichte Ziele je Organisationseinheit
report-gaps-caption = Module, nach Bedarf geordnet
report-rank = Rang
report-module = Modul
report-need = Personen mit Bedarf
report-need-units = Am meisten Bedarf in
report-trend-caption = Anteile zum Monatsende
report-month = Monat
own-targets-title = Meine Ziele
own-targets-none = Für Sie sind keine Ziele festgelegt.
own-targets-family = Ihre Tätigkeitsgruppe: { $family }
own-targets-summary = { $open ->
    [0] Sie erreichen alle Ziele Ihres Profils.
    [one] Ein Ziel ist noch offen.
   *[other] { $open } Ziele sind noch offen.
}
own-targets-caption = Kompetenzen, die für Ihre Tätigkeit erwartet werden
own-target-competence = Kompetenz
own-target-level = Zielstufe
own-target-status = Stand
own-target-modules = Passende Module
own-target-met = erreicht
own-target-met-until = erreicht, gilt bis { $date }
own-target-open = offen
evidence-list-title = Alle Nachweise

## Exporte und öffentliche Kennzahlen
export-share = Anteil in %
export-met = erreicht
export-total = Personen
export-kind = Art
export-people = Personen
export-certificates = Zertifikate
export-figure = Kennzahl
export-value = Wert
export-unit = Einheit
report-export = Herunterladen
report-export-csv = Als CSV-Datei herunterladen
report-export-xlsx = Als Excel-Datei (XLSX) herunterladen
report-print-hint = Zum Drucken nutzen Sie die Druckfunktion Ihres Browsers (Strg+P). Gedruckt werden nur der Bericht und die Tabelle, ohne Menü.
report-public-title = Kennzahlen zur digitalen Weiterbildung
report-public-intro = Zahlen für die ganze Verwaltung, öffentlich und ohne Anmeldung, auch als offene Daten (CSV, JSON). Ausgeschaltet, bis eine Administratorin sie veröffentlicht.
report-public-intro-full = Die Zahlen für { $organisation }, Stand { $date }. Jede Zahl beruht auf mindestens { $k } Personen; kleinere Zahlen sind ausgeblendet.
public-employees = Beschäftigte
public-certificates-issued = Ausgestellte Zertifikate „Digitaler Führerschein“
public-certificates-valid = Davon heute gültig
public-certified = Anteil der Beschäftigten mit gültigem Führerschein
public-modules = Abgeschlossene Module (gültige Nachweise)
public-passed = Bestanden
public-areas = Ziele erreicht, nach Kompetenzbereich
public-area = Kompetenzbereich
public-open-data = Offene Daten
public-download-csv = Kennzahlen als CSV
public-download-json = Kennzahlen als JSON
