# Wissen: the knowledge base (app/src/knowledge).

nav-knowledge = Wissen
nav-knowledge-settings = Wissen: Prüfintervall
search-kind-article = Wissen

knowledge-title = Wissen
knowledge-intro = Kurze Anleitungen von Kolleginnen und Kollegen für den Arbeitsalltag. Jeder Artikel wurde von einer zweiten Person aus Redaktion oder Digitallotsen geprüft, bevor er erschienen ist.
knowledge-filter = Artikel filtern
knowledge-filter-text = Suchbegriff
knowledge-filter-competence = Kompetenz
knowledge-filter-unit = Organisationseinheit
knowledge-all-competences = Alle Kompetenzen
knowledge-all-units = Alle Organisationseinheiten
knowledge-filter-reset = Filter zurücksetzen
knowledge-count = { $count ->
    [one] 1 Artikel
   *[other] { $count } Artikel
} von { $total }
knowledge-none = Noch ist kein Artikel veröffentlicht.
knowledge-none-filtered = Kein Artikel passt zu diesen Filtern. Versuchen Sie einen anderen Suchbegriff oder setzen Sie die Filter zurück.
knowledge-write = Artikel schreiben
knowledge-desk-link = Zur Redaktion
knowledge-never-checked = Noch nicht geprüft
knowledge-checked-by = Zuletzt geprüft am { $date } von { $name }
knowledge-checked-on = Zuletzt geprüft am { $date }
knowledge-next-check = Nächste Prüfung fällig am { $date }
knowledge-due-tag = Prüfung fällig
knowledge-due-title = Prüfung fällig:
knowledge-due-text = Dieser Artikel wurde länger nicht geprüft. Einzelne Angaben können veraltet sein.
knowledge-competences = Kompetenzen
knowledge-units = Organisationseinheiten
knowledge-writer-title = Für Redaktion und Digitallotsen
knowledge-pending = Eine neue Fassung liegt vor ({ $status }).
knowledge-pending-by = { $name } arbeitet an einer neuen Fassung ({ $status }).
knowledge-check-hint = Stimmt der Artikel noch? Dann bestätigen Sie es mit „Geprüft, noch aktuell“. Muss sich etwas ändern, überarbeiten Sie ihn; die neue Fassung wird vor dem Erscheinen geprüft, bis dahin bleibt dieser Text sichtbar.
knowledge-check = Geprüft, noch aktuell
knowledge-revise = Überarbeiten
knowledge-published-notice = Der Artikel ist veröffentlicht. Alle Beschäftigten können ihn jetzt lesen und finden.
knowledge-checked-notice = Danke! Die Prüfung ist eingetragen.
knowledge-lesson-title = Mehr dazu im Wissensbereich

knowledge-desk-title = Redaktion Wissen
knowledge-desk-intro = Artikel erscheinen erst, wenn eine zweite Person sie freigibt. Veröffentlichte Artikel bitten nach { $months } Monaten um eine neue Prüfung.
knowledge-desk-review = Warten auf Ihre Prüfung
knowledge-desk-review-none = Kein Artikel wartet auf eine Prüfung.
knowledge-desk-mine = Meine Entwürfe
knowledge-desk-mine-none = Sie haben keinen offenen Entwurf.
knowledge-desk-due = Prüfung fällig
knowledge-desk-due-none = Kein Artikel muss gerade geprüft werden.
knowledge-column-status = Stand
knowledge-column-author = Verfasst von
knowledge-column-changed = Geändert am
knowledge-column-due = Fällig seit

knowledge-new-title = Neuer Artikel
knowledge-edit-title = Artikel bearbeiten
knowledge-new-hint = Schreiben Sie eine kurze Anleitung: ein Thema, wenige Schritte. Sie können den Entwurf speichern und später einreichen.
knowledge-revise-hint = Ihre Änderungen werden eine neue Fassung. Der veröffentlichte Text bleibt sichtbar, bis eine zweite Person die neue Fassung freigibt.
knowledge-revision-by = verfasst von { $name }
knowledge-view-published = Veröffentlichte Fassung ansehen
knowledge-review-comment = Hinweis aus der Prüfung:
knowledge-preview = Vorschau
knowledge-field-title = Titel
knowledge-field-summary = Kurzbeschreibung
knowledge-field-body = Text
knowledge-field-competences = Kompetenzen
knowledge-field-units = Organisationseinheiten
knowledge-max-chars = Höchstens { $max } Zeichen.
knowledge-summary-hint = Ein Satz, der sagt, wobei der Artikel hilft. Höchstens { $max } Zeichen.
knowledge-body-hint = Markdown: ## Zwischenüberschrift, - Aufzählung, 1. Schritt, **fett**, [Linktext](https://…). HTML wird als Text angezeigt. Höchstens { $max } Zeichen.
knowledge-tags-hint = Zu welchen Kompetenzen des Führerscheins passt der Artikel? Lektionen dieser Kompetenzen verweisen auf ihn. Höchstens 10.
knowledge-units-hint = Nur wenn der Artikel vor allem für bestimmte Bereiche gilt. Höchstens 10.
knowledge-save = Entwurf speichern
knowledge-submit = Zur Prüfung einreichen
knowledge-saved-notice = Der Entwurf ist gespeichert.
knowledge-submitted-notice = Der Artikel ist zur Prüfung eingereicht. Eine zweite Person aus Redaktion oder Digitallotsen prüft ihn; Sie erhalten eine Nachricht.
knowledge-returned-notice = Der Artikel ist mit Ihrem Hinweis an die Verfasserin oder den Verfasser zurückgegangen.
knowledge-waiting-review = Diese Fassung wartet auf die Prüfung durch eine zweite Person. Sie können Ihre eigenen Texte nicht freigeben.
knowledge-taken = Eine andere Person überarbeitet diesen Artikel gerade. Sie können ihn ändern, sobald ihre Fassung geprüft ist.
knowledge-review-text = Zu prüfender Text
knowledge-review-title = Prüfen
knowledge-review-hint = Stimmt der Inhalt, ist er verständlich und barrierefrei? Geben Sie ihn frei oder schicken Sie ihn mit einem Hinweis zurück.
knowledge-approve = Freigeben und veröffentlichen
knowledge-return-comment = Hinweis an die Verfasserin oder den Verfasser
knowledge-return = Zur Überarbeitung zurückgeben

knowledge-status-draft = Entwurf
knowledge-status-review = In Prüfung
knowledge-status-returned = Zurückgegeben
knowledge-status-published = Veröffentlicht
knowledge-status-replaced = Frühere Fassung

knowledge-one-line = Bitte schreiben Sie diese Angabe in eine Zeile.
knowledge-too-many-tags = Bitte wählen Sie höchstens 10 Einträge.
knowledge-months-invalid = Bitte geben Sie eine ganze Zahl von 1 bis 60 an.
knowledge-own-article = Sie haben diese Fassung selbst geschrieben. Freigeben oder zurückgeben muss sie eine zweite Person.
knowledge-not-in-review = Diese Fassung wartet nicht (mehr) auf eine Prüfung. Laden Sie die Seite neu.
knowledge-in-review = Diese Fassung ist zur Prüfung eingereicht und kann bis zur Entscheidung nicht geändert werden.
knowledge-revision-taken = Eine andere Person überarbeitet diesen Artikel gerade. Sie können ihn ändern, sobald ihre Fassung geprüft ist.
knowledge-slug-taken = Für diesen Titel ist keine freie Adresse mehr übrig. Bitte wählen Sie einen anderen Titel.

knowledge-settings-title = Wissen: Prüfintervall
knowledge-settings-months = Artikel erneut prüfen nach (Monaten)
knowledge-settings-months-hint = Nach dieser Zeit zeigt ein Artikel an, dass seine Prüfung fällig ist, und seine Verfasserin oder sein Verfasser erhält einmal eine Erinnerung. Von 1 bis { $max } Monaten.
knowledge-settings-save = Speichern
knowledge-settings-saved = Das Prüfintervall ist gespeichert.
