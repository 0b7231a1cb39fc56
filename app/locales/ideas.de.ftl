# Ideenbörse: the staff's ideas (app/src/ideas).

nav-ideas = Ideenbörse
nav-ideas-description = Ideen für die Digitalisierung und für bessere Abläufe einreichen, unterstützen und verfolgen.
nav-ideas-office = Ideen koordinieren
nav-ideas-office-description = Eingegangene Ideen prüfen und ihren Stand weitergeben.
ideas-title = Ideenbörse
ideas-intro = Hier sammeln wir Ideen aller Beschäftigten für die Digitalisierung und für bessere Abläufe. Unterstützen Sie Ideen, die Ihnen gefallen, und sagen Sie Ihre Meinung dazu. Die Koordinierungsstelle Change & Digitalisierung prüft jede Idee und zeigt hier, wie es weitergeht.
ideas-nav = Bereiche der Ideenbörse
ideas-nav-all = Alle Ideen
ideas-nav-new = Idee einreichen
ideas-nav-mine = Meine Ideen
ideas-nav-office = Koordinierung
ideas-new = Idee einreichen
ideas-new-intro = Beschreiben Sie, was heute nicht gut läuft und was Sie vorschlagen. Felder mit * müssen ausgefüllt werden.
ideas-idea = Idee
ideas-filter = Ideen filtern
ideas-filter-all = Alle Stände
ideas-filter-all-units = Alle Organisationseinheiten
ideas-filter-reset = Filter zurücksetzen
ideas-list-caption = { $count ->
    [one] Eine Idee
   *[other] { $count } Ideen
}
ideas-none = Noch keine Ideen. Reichen Sie die erste ein!
ideas-none-filtered = Keine Idee passt zu diesem Filter.
ideas-title-field = Titel
ideas-title-hint = Ein kurzer Satz, der die Idee nennt. Höchstens { $max } Zeichen.
ideas-problem = Was läuft heute nicht gut?
ideas-problem-hint = Beschreiben Sie die Lage heute. Höchstens { $max } Zeichen.
ideas-proposal = Ihr Vorschlag
ideas-proposal-hint = Was sollte anders werden, und was würde es bringen? Höchstens { $max } Zeichen.
ideas-unit = Organisationseinheit
ideas-unit-hint = Welche Einheit betrifft die Idee? Freiwillig.
ideas-unit-none = Keine bestimmte Einheit
ideas-process = Betroffener Ablauf
ideas-process-hint = Zum Beispiel: Urlaubsantrag, Posteingang, Terminvergabe. Freiwillig, höchstens 200 Zeichen.
ideas-anonymous-legend = Anonym einreichen
ideas-anonymous-label = Meine Idee ohne meinen Namen einreichen
ideas-anonymous-hint = Dann sieht niemand, auch nicht die Koordinierungsstelle oder die Administration, wer die Idee eingereicht hat. Gespeichert wird nur der Tag, nicht die Uhrzeit. Sie finden die Idee unter „Meine Ideen“ und bekommen wie alle eine Mail bei jedem Schritt. Was Sie in den Text schreiben und welche Einheit Sie wählen, kann Sie aber verraten.
ideas-submit = Idee einreichen
ideas-submitted = Danke! Ihre Idee ist eingegangen. Wir schreiben Ihnen bei jedem Schritt eine Mail.
ideas-status = Stand
ideas-status-received = eingegangen
ideas-status-examining = in Prüfung
ideas-status-accepted = angenommen
ideas-status-implemented = umgesetzt
ideas-status-declined = abgelehnt
ideas-submitter = Eingereicht von
ideas-submitted-on = Eingereicht am
ideas-anonymous = anonym
ideas-supporters = Unterstützungen
ideas-comments-count = Kommentare
ideas-support = Idee unterstützen
ideas-support-withdraw = Unterstützung zurückziehen
ideas-supported = Sie unterstützen diese Idee.
ideas-support-withdrawn = Sie unterstützen diese Idee nicht mehr.
ideas-support-own = Ihre eigene Idee können Sie nicht unterstützen.
ideas-support-twice = Sie unterstützen diese Idee schon.
ideas-support-closed = Diese Idee ist abgeschlossen und kann nicht mehr unterstützt werden.
ideas-mine-named = Das ist Ihre Idee.
ideas-mine-anonymous = Das ist Ihre Idee. Sie haben sie anonym eingereicht; nur Sie sehen diesen Hinweis.
ideas-history = Verlauf
ideas-office-says = Die Koordinierungsstelle schreibt:
ideas-comments = Kommentare
ideas-comments-none = Noch keine Kommentare.
ideas-comment = Ihr Kommentar
ideas-comment-hint = Ihr Kommentar erscheint mit Ihrem Namen. Höchstens { $max } Zeichen.
ideas-comment-submit = Kommentar senden
ideas-commented = Ihr Kommentar ist gespeichert.
ideas-comment-delete = Kommentar löschen
ideas-comment-deleted = Der Kommentar ist gelöscht.
ideas-comment-hide = Kommentar ausblenden
ideas-hide-reason = Grund für das Ausblenden
ideas-comment-hidden = Der Kommentar ist ausgeblendet.
ideas-comment-was-hidden = Die Koordinierungsstelle hat diesen Kommentar ausgeblendet.
ideas-comment-reason = Grund:
ideas-comments-too-many = Sie haben heute schon sehr viele Kommentare geschrieben. Bitte versuchen Sie es morgen wieder.
ideas-too-many = Sie haben heute schon viele Ideen eingereicht. Bitte reichen Sie weitere morgen ein.
ideas-change-status = Stand ändern
ideas-change-status-intro = Die Person, die die Idee eingereicht hat, bekommt bei jedem Schritt eine Mail mit Ihrer Nachricht. Im Verlauf erscheint die Koordinierungsstelle, nicht Ihr Name.
ideas-new-status = Neuer Stand
ideas-message = Nachricht der Koordinierungsstelle
ideas-message-hint = Erscheint im Verlauf und in der Mail. Beim Ablehnen ist eine Begründung nötig. Höchstens { $max } Zeichen.
ideas-change-status-submit = Stand ändern
ideas-status-changed = Der Stand ist geändert; die Person, die die Idee eingereicht hat, bekommt eine Mail.
ideas-reason-required = Bitte begründen Sie die Ablehnung.
ideas-transition-invalid = Dieser Schritt ist vom jetzigen Stand der Idee aus nicht möglich.
ideas-mine = Meine Ideen
ideas-mine-intro = Die Ideen, die Sie eingereicht haben, auch die anonymen. Nur Sie sehen diese Liste.
ideas-mine-none = Sie haben noch keine Idee eingereicht.
ideas-office = Ideen koordinieren
ideas-office-intro = Was auf die Koordinierungsstelle wartet. Bei anonymen Ideen wird niemandem angezeigt, wer sie eingereicht hat, auch Ihnen nicht.
ideas-office-received = { $count ->
    [one] Eine neue Idee
   *[other] { $count } neue Ideen
}
ideas-office-received-none = Keine neuen Ideen.
ideas-office-examining = { $count ->
    [one] Eine Idee in Prüfung
   *[other] { $count } Ideen in Prüfung
}
ideas-office-examining-none = Keine Idee in Prüfung.
ideas-office-accepted = { $count ->
    [one] Eine angenommene Idee wartet auf die Umsetzung
   *[other] { $count } angenommene Ideen warten auf die Umsetzung
}
ideas-office-accepted-none = Keine angenommene Idee wartet auf die Umsetzung.
personal-data-table-idea = Ideen der Ideenbörse
personal-data-table-idea-support = Unterstützte Ideen
personal-data-table-idea-comment = Kommentare zu Ideen
ideas-comment-hint-anonymous = Ihr Kommentar erscheint mit Ihrem Namen, aber nicht als Kommentar der einreichenden Person. Wenn Sie Ihre eigene anonyme Idee kommentieren, könnten andere vermuten, dass sie von Ihnen ist. Höchstens { $max } Zeichen.
