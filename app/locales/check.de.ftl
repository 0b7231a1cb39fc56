# Was die Prüfung des Lehrplans über eine Datei sagt (`content check`, die Seiten der Redaktion).
# Namen aus den Dateien (IDs, TOML-Schlüssel wie `draw`) bleiben, wie sie in der Datei stehen.
# `$detail` von check-toml und check-file-unreadable ist der englische Originaltext des
# TOML-Lesers oder des Systems; die Seite markiert ihn als Englisch.

## Rahmen und Dateien

check-as-written = { $text }
check-question = Frage { $id }: { $detail }
check-toml = An dieser Stelle ist die Datei nicht richtig aufgebaut. Zum Beispiel fehlt ein Anführungszeichen, oder ein Feld ist falsch geschrieben. Die genaue Meldung auf Englisch: { $detail }
check-file-unreadable = Die Datei lässt sich nicht lesen. Grund auf Englisch: { $detail }
check-file-too-large = Die Datei ist größer als { $megabytes } MB. Inhaltsdateien dürfen höchstens { $megabytes } MB groß sein. Teilen Sie den Text auf mehrere Dateien auf.
check-file-is-folder = Hier steht ein Ordner. Erwartet wird eine Datei.
check-file-missing = Die Datei fehlt.

## competences.toml und framework-mappings.toml

check-framework-twice = Den Kompetenzrahmen { $id } gibt es zweimal. Löschen Sie einen Eintrag oder geben Sie ihm eine andere ID.
check-framework-levels = Bei levels muss eine Zahl von 1 bis { $max } stehen.
check-unknown-framework = Einen Kompetenzrahmen mit der ID { $id } gibt es nicht. Prüfen Sie die Schreibweise.
check-area-twice = Den Bereich { $id } gibt es zweimal. Löschen Sie einen Eintrag oder geben Sie ihm eine andere ID.
check-competence-twice = Die Kompetenz { $id } gibt es zweimal. Löschen Sie einen Eintrag oder geben Sie ihm eine andere ID.
check-unknown-area = Einen Bereich mit der ID { $id } gibt es nicht. Prüfen Sie die Schreibweise.
check-short-name-too-long = Der Kurzname „{ $text }“ von { $id } ist länger als { $max } Zeichen. Wählen Sie einen kürzeren Namen.
check-default-level-outside = Die Stufe { $level } gibt es in der allgemeinen Stufen-Skala nicht. Erlaubt sind die Stufen 1 bis { $max }.
check-framework-level-outside = Die Stufe { $level } gibt es im Kompetenzrahmen { $framework } nicht. Erlaubt sind die Stufen 1 bis { $max }.
check-default-level-twice = Die Stufe { $level } der allgemeinen Stufen-Skala steht zweimal in der Datei. Löschen Sie einen Eintrag.
check-framework-level-twice = Die Stufe { $level } des Kompetenzrahmens { $framework } steht zweimal in der Datei. Löschen Sie einen Eintrag.
check-scale-incomplete = Der Kompetenzrahmen { $framework } hat { $levels } Stufen. In seiner eigenen Skala fehlt: Stufe { $missing }. Ergänzen Sie die fehlenden Stufen.
check-mapping-to-itself = Diese Zuordnung führt von { $framework } wieder zu { $framework }. Eine Zuordnung verbindet zwei verschiedene Kompetenzrahmen.
check-mapping-twice = Die Zuordnung von { $from } zu { $to } gibt es zweimal. Löschen Sie eine davon.
check-mapping-level-count = Bei levels stehen { $count } Einträge. { $from } hat { $levels } Stufen. Schreiben Sie für jede Stufe genau einen Eintrag.
check-mapping-level-outside = Die Stufe { $level } gibt es in { $to } nicht. Erlaubt sind die Stufen 1 bis { $max }.
check-mapping-levels-down = Die Stufen bei levels dürfen nicht kleiner werden: Eine höhere Stufe in { $from } kann keine niedrigere Stufe in { $to } sein.
check-mapping-wrong-framework = { $id } gehört zum Kompetenzrahmen { $actual }. Bei { $side } steht in dieser Zuordnung aber { $framework }.
check-mapping-pair-twice = Die Zuordnung { $from } → { $to } steht zweimal in der Liste. Löschen Sie eine davon.

## module.toml

check-module-id-taken = Die Modul-ID { $id } hat schon ein anderes Modul ({ $file }). Jedes Modul braucht eine eigene ID.
check-module-id-folder = Die ID { $id } muss genauso heißen wie der Ordner des Moduls: { $folder }.
check-module-id-form = Eine ID darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.
check-version-empty = Bei version fehlt die Versionsnummer.
check-text-needs-both = Bei { $field } fehlt der deutsche oder der englische Text. Tragen Sie beide ein.
check-duration-zero = Bei duration_minutes muss eine Dauer in Minuten stehen, die größer als 0 ist.
check-proves-missing = Ein Modul muss mindestens eine Kompetenz nachweisen. Ergänzen Sie einen Abschnitt [[proves]].
check-unknown-competence = Eine Kompetenz mit der ID { $id } gibt es nicht. Prüfen Sie die Schreibweise.
check-level-outside = Die Stufe { $level } gibt es nicht. Erlaubt sind die Stufen 1 bis { $max }.
check-unknown-prerequisite = Bei prerequisites steht { $id }. Ein Modul mit dieser ID gibt es nicht.
check-own-prerequisite = Ein Modul kann nicht Voraussetzung für sich selbst sein. Löschen Sie die eigene ID bei prerequisites.
check-prerequisite-cycle = Die Voraussetzungen bilden einen Kreis: { $cycle }. Kein Modul könnte begonnen werden. Löschen Sie eine der Voraussetzungen.

## Lektionen

check-lessons-folder-missing = Das Modul braucht einen Ordner lessons/ mit mindestens einer Lektion.
check-lesson-not-markdown = Im Ordner lessons/ dürfen nur Lektionen im Markdown-Format stehen (Dateiendung .md).
check-lesson-file-name = Der Dateiname einer Lektion beginnt mit einer zweistelligen Nummer und einem Bindestrich, zum Beispiel 01-phishing-erkennen.md.
check-image-missing = Das Bild media/{ $file } gibt es nicht. Laden Sie das Bild hoch oder prüfen Sie den Dateinamen.
check-translation-without-lesson = Das ist eine Übersetzung von { $slug }.md. Diese deutsche Lektion gibt es aber nicht.
check-no-lesson = Das Modul braucht mindestens eine Lektion.
check-link-no-lesson = Dieser Link führt ins Leere: Eine Lektion { $slug } gibt es nicht.
check-link-no-section = Dieser Link führt ins Leere: Die Lektion { $slug } hat keinen Abschnitt #{ $anchor }.
check-lesson-h1-not-first = Nur die erste Zeile darf eine Hauptüberschrift sein (eine Zeile mit # am Anfang). Machen Sie daraus eine Zwischenüberschrift mit ##.
check-translation-extra-section = Die Übersetzung hat mehr Abschnitte als die deutsche Lektion. Jeder Abschnitt (##) braucht sein Gegenstück.
check-section-heading-empty = Eine Zwischenüberschrift (##) braucht einen Text.
check-section-anchor-twice = Zwei Abschnitte haben denselben Sprungpunkt #{ $anchor }. Geben Sie ihnen verschiedene Überschriften.
check-raw-html = HTML ist in Lektionen nicht erlaubt. Schreiben Sie den Text in Markdown.
check-image-alt-missing = Dem Bild { $src } fehlt der Alternativtext. Schreiben Sie so: ![Was das Bild zeigt]({ $src })
check-image-outside-media = Bilder müssen im Ordner media/ des Moduls liegen. { $src } liegt woanders.
check-article-link = Link auf { $target }: Die Adresse eines Wissensartikels beginnt mit /wissen/. Danach folgt sein Name aus Kleinbuchstaben, Ziffern und Bindestrichen.
check-lesson-link-path = Link auf { $target }: Verlinken Sie Lektionen nur mit ihrem Dateinamen, zum Beispiel 02-passwoerter.md#abschnitt.
check-unknown-callout = Den Hinweiskasten [!{ $name }] gibt es nicht. Möglich sind [!TIPP], [!WICHTIG], [!BEISPIEL] und [!RECHT].
check-lesson-title-missing = Eine Lektion beginnt mit ihrem Titel als Hauptüberschrift, zum Beispiel: # Titel
check-translation-section-count = Die Übersetzung hat { $english } Abschnitte, die deutsche Lektion hat { $german }. Beide brauchen gleich viele Abschnitte (##).

## quiz.toml

check-pass-mark = Bei pass_mark muss eine Prozentzahl von 1 bis 100 stehen.
check-draw-zero = Bei draw muss mindestens 1 stehen.
check-pool-below-draw = Jeder Versuch zieht { $draw ->
        [one] 1 Frage
       *[other] { $draw } Fragen
    }. Der Test hat aber nur { $pool ->
        [one] 1 Frage
       *[other] { $pool } Fragen
    }. Schreiben Sie mehr Fragen oder setzen Sie draw niedriger.
check-question-id-form = Die ID einer Frage darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.
check-question-id-twice = Die Fragen-ID { $id } gibt es zweimal. Geben Sie jeder Frage eine eigene ID.
check-question-no-text = Die Frage { $id } hat keinen Fragetext.
check-cooldown-empty = Bei cooldown_minutes muss mindestens eine Zahl stehen (0 für keine Wartezeit).
check-show-answers = Bei show_answers ist nur "after-pass" oder "always" erlaubt, nicht "{ $value }".
check-field-not-for-type = Das Feld { $field } passt nicht zu einer Frage vom Typ { $type }. Löschen Sie es.
check-true-false-answer = Eine Richtig-oder-falsch-Frage braucht answer = true oder answer = false.
check-numeric-answer = Eine Zahlen-Frage braucht die richtige Zahl bei answer, zum Beispiel answer = 72.
check-unknown-type = Den Fragetyp { $type } gibt es nicht. Möglich sind single, multiple, true_false, ordering, matching, short_text und numeric.
check-option-text-missing = Jede Antwortmöglichkeit braucht einen Text.
check-single-too-few-options = Eine Frage mit einer richtigen Antwort braucht mindestens 3 Antwortmöglichkeiten. Diese hat { $count }.
check-multiple-too-few-options = Eine Frage mit mehreren richtigen Antworten braucht mindestens 2 Antwortmöglichkeiten. Diese hat { $count }.
check-no-correct-option = Keine Antwort ist als richtig markiert. Markieren Sie die richtige Antwort mit correct = true.
check-single-several-correct = { $count } Antworten sind als richtig markiert. Bei diesem Fragetyp ist genau eine Antwort richtig.
check-ordering-too-few = Eine Reihenfolge-Frage braucht mindestens 3 Einträge. Diese hat { $count }.
check-item-text-missing = Jeder Eintrag der Reihenfolge braucht einen Text.
check-items-not-distinct = Die Einträge der Reihenfolge müssen sich voneinander unterscheiden.
check-matching-too-few = Eine Zuordnungs-Frage braucht mindestens 3 Paare. Diese hat { $count }.
check-pair-text-missing = Jedes Paar braucht auf beiden Seiten einen Text.
check-pairs-not-distinct = Die Paare müssen sich auf beiden Seiten voneinander unterscheiden.
check-accepted-missing = Eine Frage mit freier Antwort braucht mindestens eine richtige Antwort bei accepted.
check-numeric-invalid = Bei der Antwort muss eine Zahl stehen. Die Toleranz muss 0 oder größer sein.

## quiz.en.toml

check-english-quiz-count = Der englische Test hat { $english } Fragen, quiz.toml hat { $german }. Führen Sie in beiden Dateien dieselben Fragen in derselben Reihenfolge auf.
check-english-quiz-order = Hier steht die Frage { $id }. In quiz.toml steht an dieser Stelle { $expected }. Führen Sie in beiden Dateien dieselben Fragen in derselben Reihenfolge auf.
check-english-text-empty = Der englische Fragetext fehlt.
check-english-feedback-missing = Bei { $field } fehlt der englische Text.
check-english-options-count = Auf Englisch gibt es { $english } Antwortmöglichkeiten, in quiz.toml { $german }. Es müssen gleich viele sein.
check-english-items-count = Auf Englisch gibt es { $english } Einträge, in quiz.toml { $german }. Es müssen gleich viele sein.
check-english-pairs-count = Auf Englisch gibt es { $english } Paare, in quiz.toml { $german }. Es müssen gleich viele sein.
check-english-option-feedback = Die Antwort „{ $option }“ hat auf Deutsch eine Rückmeldung, auf Englisch aber nicht.
check-english-accepted-missing = Eine Frage mit freier Antwort braucht auch englische richtige Antworten.
check-english-unit-missing = Die Einheit hat keinen englischen Text.

## Was ein Test beweisen muss (Hinweise)

check-lint-pool-small = Der Test hat { $pool } Fragen. Wenn jeder Versuch { $draw } Fragen zieht, braucht er mindestens { $needed } (2,5-mal so viele). Sonst bekommen zwei Versuche fast dieselben Fragen.
check-lint-lesson-without-question = Zur Lektion { $lesson } gibt es keine Frage. Schreiben Sie zu jeder Lektion mindestens eine Frage.
check-lint-few-scenarios = Nur { $scenarios } von { $pool } Fragen ({ $percent } %) beschreiben eine Situation bei der Arbeit (scenario = true). Mindestens { $min } % sollen fragen, was man in einer Situation tut.
check-lint-true-false-leaning = Bei { $leaning } von { $total } Richtig-oder-falsch-Fragen ist die Antwort { $answer ->
        [true] „richtig“
       *[other] „falsch“
    }. Höchstens zwei Drittel dürfen dieselbe Antwort haben. Sonst erreicht viele Punkte, wer immer { $answer ->
        [true] „richtig“
       *[other] „falsch“
    } wählt.
check-lint-longest-right = Bei { $longest } von { $total } Fragen mit einer richtigen Antwort ist die richtige Antwort die längste. Das darf höchstens bei { $max } % so sein. Sonst besteht, wer immer die längste Antwort wählt.
check-lint-giveaway-feedback = Die Rückmeldung bei falscher Antwort (feedback_incorrect) verrät die Lösung: { $what }. Geben Sie stattdessen einen Hinweis, wo man nachlesen kann.
check-lint-giveaway-option = Die Rückmeldung zu einer falschen Antwort verrät die Lösung: { $what }. Geben Sie stattdessen einen Hinweis, wo man nachlesen kann.
check-giveaway-accepted = „{ $answer }“
check-giveaway-number = die Zahl { $number }
check-giveaway-option = die richtige Antwort „{ $option }“
check-giveaway-verdict = ob die Aussage stimmt („{ $words }“)
check-giveaway-order = die ganze Reihenfolge
check-giveaway-pairs = { $count } der Paare
check-lint-repeated-question = Die Frage { $id } steht genauso schon als Frage { $other } im Modul { $module }. Eine Frage gehört nur zu einem Modul.

## certificates.toml

check-validity-months = Bei validity_months muss eine Zahl von 1 bis 120 stehen.
check-number-prefix = Bei number_prefix müssen 1 bis 8 Großbuchstaben oder Ziffern stehen, zum Beispiel "DF".
check-reminder-days = Bei reminder_days müssen verschiedene Zahlen von Tagen stehen, jede mindestens 1.
check-unknown-module = Ein Modul mit der ID { $id } gibt es nicht. Prüfen Sie die Schreibweise.
check-refresh-months = Bei months muss mindestens 1 stehen.
check-refresh-twice = Für das Modul { $id } gibt es zwei Einträge zur Auffrischung. Löschen Sie einen davon.
check-no-certificate-level = Es muss mindestens eine Stufe des Führerscheins geben.
check-level-id-form = Die ID einer Stufe darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.
check-certificate-level-twice = Die Stufe { $id } gibt es zweimal. Geben Sie jeder Stufe eine eigene ID.
check-certificate-level-text = Stufe { $id }: Bei { $field } fehlt der deutsche oder der englische Text. Tragen Sie beide ein.
check-certificate-level-unknown-module = Stufe { $id }: Ein Modul mit der ID { $module } gibt es nicht.
check-certificate-electives = Die Stufe { $id } verlangt { $electives } Wahlmodule. Der Lehrplan hat aber nur { $available }.
check-certificate-requires = Die Stufe { $id } setzt { $required } voraus. Das ist keine Stufe, die weiter oben in der Datei steht.
check-certificate-no-condition = Die Stufe { $id } hat keine Bedingung. Setzen Sie all_mandatory, modules oder electives.
check-issuer-text = Bei issuer.{ $field } fehlt der deutsche oder der englische Text. Tragen Sie beide ein.
check-issuer-signatory-empty = Bei issuer.signatory_name fehlt der Name der Person, die unterschreibt.
check-issuer-url = Bei issuer.url muss eine Internet-Adresse stehen, die mit https:// beginnt.
check-issuer-logo-path = Bei issuer.logo muss ein Pfad innerhalb des Ordners content/ stehen.
check-issuer-logo-png = Das Logo bei issuer.logo muss eine PNG-Datei sein.
check-issuer-logo-unreadable = Das Logo { $path } (issuer.logo): { $detail }
check-issuer-logo-alt = Beim Logo fehlt logo_alt: ein deutscher und ein englischer Text, der sagt, was das Logo zeigt.

## target-profiles.toml

check-job-family-id-form = Die ID einer Berufsgruppe darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.
check-job-family-twice = Die Berufsgruppe { $id } gibt es zweimal. Löschen Sie einen Eintrag.
check-job-family-clash = Die Berufsgruppen { $other } und { $id } haben beide den Namen „{ $name }“. Jeder Name darf nur zu einer Berufsgruppe gehören.
check-profile-id-form = Die ID eines Zielprofils darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.
check-profile-twice = Das Zielprofil { $id } gibt es zweimal. Löschen Sie einen Eintrag.
check-unknown-job-family = Eine Berufsgruppe mit der ID { $id } gibt es nicht. Prüfen Sie die Schreibweise.
check-department-empty = Ein Kürzel einer Organisationseinheit ist leer.
check-profile-no-targets = Das Zielprofil { $id } hat keine Ziele. Ergänzen Sie mindestens eine Kompetenz mit Stufe.
check-target-unreachable = Kein Modul weist { $competence } auf Stufe { $level } oder höher nach. Dieses Ziel kann niemand erreichen.
check-target-level = Die Stufe muss eine Zahl von 1 bis { $max } sein.
check-profile-competence-twice = Das Zielprofil { $id } nennt { $competence } zweimal. Löschen Sie einen Eintrag.

## help/faq.toml

check-help-too-large = Die Datei ist größer als { $kilobytes } KB. Die Hilfe-Datei darf höchstens so groß sein.
check-help-no-topic = Die Hilfe hat kein Thema. Ergänzen Sie mindestens einen Abschnitt [[topics]].
check-help-topic-empty = Das Thema { $id } hat keine Frage. Ergänzen Sie einen Abschnitt [[topics.entries]].
check-help-anchor-missing = Der Link #{ $anchor } führt ins Leere: Auf der Hilfe-Seite gibt es keine Frage und kein Thema mit dieser ID.
check-help-question-id-form = Die ID „{ $id }“ einer Frage darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.
check-help-topic-id-form = Die ID „{ $id }“ eines Themas darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.
check-help-id-reserved = Die ID { $id } braucht die Hilfe-Seite selbst. Wählen Sie eine andere.
check-help-id-twice = Die ID { $id } gibt es zweimal. IDs sind Sprungpunkte auf einer Seite und müssen verschieden sein.
check-help-text-empty = { $field ->
        [title] Der { $language ->
            [de] deutsche
           *[other] englische
        } Titel
       *[other] Die { $language ->
            [de] deutsche
           *[other] englische
        } Frage
    } fehlt.
check-help-text-too-long = { $field ->
        [title] Der { $language ->
            [de] deutsche
           *[other] englische
        } Titel
       *[other] Die { $language ->
            [de] deutsche
           *[other] englische
        } Frage
    } ist länger als { $max } Zeichen. Kürzen Sie den Text.
check-help-text-multiline = { $field ->
        [title] Der { $language ->
            [de] deutsche
           *[other] englische
        } Titel
       *[other] Die { $language ->
            [de] deutsche
           *[other] englische
        } Frage
    } muss in eine Zeile passen.
check-help-answer-empty = Die { $language ->
        [de] deutsche
       *[other] englische
    } Antwort fehlt.
check-help-answer-too-long = Die { $language ->
        [de] deutsche
       *[other] englische
    } Antwort ist länger als { $max } Zeichen. Kürzen Sie den Text.
check-help-raw-html = HTML ist in einer Antwort nicht erlaubt: { $html }
check-help-image = Bilder gehören nicht in eine Antwort. Verlinken Sie stattdessen eine Seite.
check-help-link-unsafe = Der Link { $url } ist nicht sicher. Erlaubt sind Pfade der Plattform (/…), Sprungpunkte (#…), https:// und mailto:.
