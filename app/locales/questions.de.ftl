# questions (app/src/authoring).
# Der Fragen-Editor der Redaktion: Liste der Fragen eines Tests und das Formular einer Frage.

questions-title = Fragen des Tests
questions-heading = Fragen des Tests: { $title }
questions-version = Fassung { $number } (Version { $version }), { $status }
questions-breadcrumbs = Sie sind hier
questions-breadcrumb-overview = Inhalte
questions-breadcrumb-version = Fassung { $number }
questions-back-version = Zur Seite der Fassung
questions-back-list = Zurück zur Liste der Fragen
questions-read-only = Diese Fassung ist kein Entwurf. Sie können die Fragen ansehen, aber nicht ändern. Wenn Sie etwas ändern wollen: Beginnen Sie auf der Seite der Fassung einen Entwurf.
questions-unreadable = Die Datei { $file } hat einen Fehler. Deshalb kann dieses Formular die Fragen nicht lesen. Beheben Sie den Fehler im Datei-Editor. Danach können Sie die Fragen hier bearbeiten.
questions-open-file = { $file } im Datei-Editor öffnen
questions-quiz-unreadable = Die Datei quiz.toml oder quiz.en.toml hat einen Fehler. Beheben Sie ihn zuerst im Datei-Editor. Danach können Sie die Fragen hier bearbeiten.
questions-count = { $count ->
    [one] 1 Frage
   *[other] { $count } Fragen
}
questions-none = Dieser Test hat noch keine Fragen.
questions-german-only = Diesen Test gibt es nur auf Deutsch. Wenn Sie bei einer Frage einen englischen Text eintragen, legt das Programm die englische Fassung an (Datei quiz.en.toml).
questions-caption = Die Fragen in der Reihenfolge der Datei quiz.toml
questions-col-number = Nr.
questions-col-id = Kennung
questions-col-type = Art
questions-col-lesson = Lektion
questions-col-scenario = Szenario
questions-col-text = Frage
questions-col-check = Prüfung
questions-col-actions = Aktionen
questions-check-ok = Keine Meldung
questions-check-problems = { $count ->
    [one] 1 Fehler
   *[other] { $count } Fehler
}
questions-check-lints = { $count ->
    [one] 1 Hinweis
   *[other] { $count } Hinweise
}
questions-edit = Bearbeiten
questions-view = Ansehen
questions-move-up = Nach oben
questions-move-down = Nach unten
questions-moved = Die Frage „{ $id }“ steht jetzt an einer anderen Stelle. Auch die englische Fassung ist angepasst.
questions-delete = Löschen
questions-delete-heading = Frage löschen
questions-delete-consequence = Die Frage „{ $id }“ wird aus dem Entwurf gelöscht, auf Deutsch und auf Englisch.
questions-delete-confirm = Ich habe verstanden, dass die Frage gelöscht wird.
questions-delete-submit = Frage löschen
questions-deleted = Die Frage „{ $id }“ ist gelöscht.
questions-add = Neue Frage anlegen
questions-add-intro = Welche Art Frage wollen Sie anlegen? Die neue Frage kommt hinter die letzte Frage derselben Lektion.
questions-quiz-problems = Fehler im Test außerhalb einzelner Fragen
questions-quiz-lints = Hinweise zum ganzen Test
questions-quiz-lints-intro = Diese Hinweise verhindern die Veröffentlichung nicht. Sie zeigen, wo der Test noch nicht gut prüft, ob jemand das Thema kann.

questions-type-single = Einfachauswahl: genau eine Antwort ist richtig
questions-type-multiple = Mehrfachauswahl: eine oder mehrere Antworten sind richtig
questions-type-true-false = Richtig oder falsch
questions-type-ordering = Reihenfolge
questions-type-matching = Zuordnung
questions-type-short-text = Kurze Antwort als Text
questions-type-numeric = Zahl als Antwort
questions-type-unknown-label = Unbekannte Art
questions-type-unknown = Diese Art Frage gibt es nicht. Wählen Sie eine Art aus der Liste.

questions-edit-title = Frage bearbeiten
questions-edit-heading = Frage „{ $id }“ bearbeiten
questions-new-title = Neue Frage
questions-new-heading = Neue Frage: { $type }
questions-position = Frage { $position } von { $count }
questions-saved = Die Frage ist gespeichert.
questions-saved-problems = Die Frage ist gespeichert. Die Prüfung meldet noch { $count ->
    [one] 1 Fehler
   *[other] { $count } Fehler
} bei dieser Frage. Sie finden die Meldungen unten bei den Feldern.
questions-problems-heading = Das meldet die Prüfung zu dieser Frage
questions-problems-intro = Solange es Fehler gibt, können Sie die Fassung nicht zur Freigabe einreichen.
questions-lints-heading = Hinweise der Prüfung zu dieser Frage
questions-finding = Die Prüfung meldet:
questions-section-question = Die Frage
questions-section-answers = Antworten
questions-section-feedback = Rückmeldungen an die Lernenden
questions-english-hint = Freiwillig. Für die englische Fassung des Tests.
questions-feedback-hint = Freiwillig.
questions-save = Speichern
questions-add-row-hint = Mit dem Knopf darunter bekommen Sie eine weitere leere Zeile. Das speichert noch nicht: Klicken Sie danach auf „Speichern“.

questions-field-id = Kennung
questions-field-id-hint = Nur Kleinbuchstaben, Ziffern und Bindestriche, zum Beispiel „absender-pruefen“. Jede Kennung gibt es in einem Test nur einmal. Ändern Sie die Kennung nach der Veröffentlichung nicht mehr.
questions-field-text = Fragetext
questions-field-text-hint = Höchstens 5.000 Zeichen. Schreiben Sie kurze Sätze.
questions-field-text-en = Fragetext auf Englisch
questions-field-lesson = Lektion und Abschnitt
questions-field-lesson-hint = Wo steht, was man für diese Frage wissen muss? Wer falsch antwortet, bekommt einen Link dorthin.
questions-lesson-choose = Bitte wählen
questions-lesson-whole = { $title } (ganze Lektion)
questions-lesson-missing = { $value } (gibt es im Entwurf nicht)
questions-field-scenario = Szenario: Die Frage beschreibt eine Situation bei der Arbeit und fragt, was zu tun ist.
questions-field-scenario-short = Szenario
questions-field-feedback-correct = Rückmeldung bei richtiger Antwort
questions-field-feedback-correct-en = Rückmeldung bei richtiger Antwort auf Englisch
questions-field-feedback-incorrect = Rückmeldung bei falscher Antwort
questions-field-feedback-incorrect-hint = Freiwillig. Sagen Sie, wo man nachlesen kann und warum. Verraten Sie nicht die richtige Antwort.
questions-field-feedback-incorrect-en = Rückmeldung bei falscher Antwort auf Englisch

questions-options-legend-single = Antworten (genau eine ist richtig)
questions-options-legend-multiple = Antworten (eine oder mehrere sind richtig)
questions-options-hint = Mindestens { $min } Antworten. Zeilen, die ganz leer sind, werden nicht gespeichert.
questions-option = Antwort { $n }
questions-option-text = Text
questions-option-text-en = Text auf Englisch
questions-option-correct = Diese Antwort ist richtig
questions-option-feedback = Rückmeldung zu dieser Antwort (freiwillig)
questions-option-feedback-en = Rückmeldung zu dieser Antwort auf Englisch
questions-add-option = Weitere Antwort
questions-answer-legend = Die Aussage ist …
questions-answer-true = richtig
questions-answer-false = falsch
questions-items-legend = Einträge in der richtigen Reihenfolge
questions-items-hint = Mindestens 3 Einträge, jeder nur einmal. Die Lernenden sehen sie gemischt. Zeilen, die ganz leer sind, werden nicht gespeichert.
questions-item = Eintrag { $n }
questions-item-en = Eintrag { $n } auf Englisch
questions-add-item = Weiterer Eintrag
questions-pairs-legend = Paare, die zusammengehören
questions-pairs-hint = Mindestens 3 Paare. Jeder Text links und jeder Text rechts kommt nur einmal vor. Zeilen, die ganz leer sind, werden nicht gespeichert.
questions-pair = Paar { $n }
questions-pair-left = Links
questions-pair-right = Rechts
questions-pair-left-en = Links auf Englisch
questions-pair-right-en = Rechts auf Englisch
questions-add-pair = Weiteres Paar
questions-field-accepted = Richtige Antworten
questions-field-accepted-hint = Eine Antwort pro Zeile. Groß- und Kleinschreibung und Leerzeichen am Anfang und Ende zählen nicht.
questions-field-accepted-en = Richtige Antworten auf Englisch
questions-field-accepted-en-hint = Freiwillig. Eine Antwort pro Zeile. Die deutschen Antworten gelten auch in der englischen Fassung.
questions-field-case-sensitive = Groß- und Kleinschreibung beachten
questions-field-value = Richtige Zahl
questions-field-value-hint = Zum Beispiel 72 oder 1,5.
questions-field-tolerance = Erlaubte Abweichung (freiwillig)
questions-field-tolerance-hint = Die Antwort gilt als richtig, wenn sie höchstens so weit von der richtigen Zahl abweicht. Leer heißt: Die Zahl muss genau stimmen.
questions-field-unit = Einheit (freiwillig)
questions-field-unit-en = Einheit auf Englisch

questions-id-invalid = Die Kennung besteht nur aus Kleinbuchstaben, Ziffern und Bindestrichen (höchstens 64 Zeichen). Sie beginnt und endet nicht mit einem Bindestrich.
questions-id-taken = Diese Kennung hat schon eine andere Frage in diesem Test. Wählen Sie eine andere.
questions-too-long-text = Der Text ist zu lang. Erlaubt sind höchstens 5.000 Zeichen.
questions-too-long-short = Der Text ist zu lang. Erlaubt sind höchstens 1.000 Zeichen.
questions-too-many-rows = Eine Frage hat höchstens 50 Antworten, Einträge oder Paare.
questions-lesson-required = Bitte wählen Sie die Lektion, zu der die Frage gehört.
questions-lesson-unknown = Diese Lektion gibt es im Entwurf nicht. Bitte wählen Sie eine Lektion aus der Liste.
questions-anchor-unknown = Diesen Abschnitt gibt es in der Lektion nicht. Bitte wählen Sie einen Abschnitt aus der Liste.
questions-option-text-required = Diese Antwort hat keinen Text. Schreiben Sie einen Text oder leeren Sie die ganze Zeile.
questions-options-too-few-single = Eine Frage mit Einfachauswahl braucht mindestens 3 Antworten.
questions-options-too-few-multiple = Eine Frage mit Mehrfachauswahl braucht mindestens 2 Antworten.
questions-no-correct = Keine Antwort ist als richtig markiert. Markieren Sie die richtige Antwort.
questions-one-correct = Bei Einfachauswahl ist genau eine Antwort richtig. Markieren Sie nur eine.
questions-answer-required = Wählen Sie, ob die Aussage richtig oder falsch ist.
questions-item-text-required = Dieser Eintrag hat keinen deutschen Text. Schreiben Sie einen Text oder leeren Sie die ganze Zeile.
questions-items-too-few = Eine Frage mit Reihenfolge braucht mindestens 3 Einträge.
questions-items-differ = Jeder Eintrag darf nur einmal vorkommen.
questions-pair-incomplete = Ein Paar braucht einen deutschen Text links und rechts.
questions-pairs-too-few = Eine Frage mit Zuordnung braucht mindestens 3 Paare.
questions-pairs-differ = Jeder Text links und jeder Text rechts darf nur einmal vorkommen.
questions-accepted-required = Tragen Sie mindestens eine richtige Antwort ein.
questions-number-invalid = Bitte geben Sie eine Zahl ein, zum Beispiel 72 oder 1,5.
questions-tolerance-invalid = Die Abweichung ist eine Zahl ab 0, zum Beispiel 0,5.
questions-answers-invalid = Die Antworten passen nicht zu dieser Art Frage. Bitte prüfen Sie die Antworten.
