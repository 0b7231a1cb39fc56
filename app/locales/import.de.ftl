# Was die Importe über eine Datei sagen: Fragen aus Moodle (GIFT, Moodle-XML) und
# Kompetenzrahmen (CSV), aus server/src/content_import. Die Seiten der Redaktion zeigen die Texte
# im Bericht eines Uploads; die Kommandozeile gibt sie auf Englisch aus.
# Begriffe aus den Dateien (Moodle-Fragetypen wie essay, Spalten wie ShortCode, Zeichen wie ::)
# bleiben, wie sie in der Datei stehen. `$error` ist der englische Originaltext des XML- oder
# CSV-Lesers; die Seite markiert ihn als Englisch. `$kind` von import-not-converted ist der
# Fragetyp, wie Moodle ihn nennt.

## Fragen

import-question = Frage { $number }
import-question-titled = Frage { $number } „{ $title }“
import-about-question = { $question }: { $detail }
import-not-converted = { $question } ({ $kind }): { $detail }
import-kind-gift-syntax = Schreibweise von GIFT
import-kind-several-answer-blocks = mehrere Blöcke mit Antworten
import-kind-no-type = ohne Fragetyp
import-file-too-large = Die Datei ist größer als { $megabytes } MB. So große Dateien liest der Import nicht. Exportieren Sie die Fragen in Teilen, zum Beispiel jede Kategorie einzeln.
import-question-no-text = Die Frage hat keinen Text.
import-option-partial-credit = Die Antwort „{ $option }“ bringt in Moodle { $percent } der Punkte. Hier zählt sie als falsch.
import-option-costs = Die Antwort „{ $option }“ zählt in Moodle { $percent }. Hier bringt eine falsche Antwort einfach 0 Punkte.
import-no-positive-weight = Keine Antwort bringt Punkte. Mindestens eine Antwort muss richtig sein.
import-weights-not-exact = Die Punkte der Antworten ({ $weights }) lassen sich hier nicht genau übernehmen. Hier bringt jede richtige Antwort { $share } der Punkte, und jede falsche Antwort zieht { $share } ab (multiple_choice_scoring = "proportional").
import-short-answer-partial-credit = Die Antwort „{ $answer }“ bringt in Moodle { $percent } der Punkte. Hier ist eine kurze Antwort nur richtig oder falsch.
import-wrong-answer-feedback-dropped = Die Rückmeldung zur falschen Antwort „{ $answer }“ wird nicht übernommen: „{ $feedback }“
import-short-answer-wildcard = Die Antwort „{ $answer }“ nutzt das Zeichen * als Platzhalter für beliebigen Text. Das geht hier nicht: Eine Antwort muss genau so geschrieben sein, wie sie in der Datei steht.
import-right-answer-feedback-dropped = Die Rückmeldung zur Antwort „{ $answer }“ wird nicht übernommen: „{ $feedback }“. Hier hat eine Frage nur eine Rückmeldung für alle richtigen Antworten.
import-no-full-marks = Keine Antwort bringt die volle Punktzahl.
import-numeric-any-number = Die Antwort * lässt jede Zahl als richtig gelten.
import-numeric-partial-credit = Die Antwort { $answer } bringt in Moodle { $percent } der Punkte. Hier hat eine Zahlen-Frage genau eine richtige Antwort, mit Spielraum (±).
import-numeric-wrong-feedback-dropped = Die Rückmeldung zur falschen Antwort { $answer } wird nicht übernommen: „{ $feedback }“
import-numeric-several-right = Es gibt mehrere verschiedene richtige Antworten ({ $answers }). Hier hat eine Zahlen-Frage genau eine richtige Antwort, mit Spielraum (±).
import-image-left-out = Ein Bild wird weggelassen, denn unsere Fragen haben nur Text. Prüfen Sie, ob man die Frage ohne das Bild versteht.
import-named-image-left-out = Das Bild „{ $alt }“ wird weggelassen, denn unsere Fragen haben nur Text. Prüfen Sie, ob man die Frage ohne das Bild versteht.
import-extra-answer-left-out = Die zusätzliche Antwort „{ $answer }“ gehört zu keinem Begriff. Sie wird weggelassen, denn beim Zuordnen gehört hier jede Antwort zu genau einem Begriff.
import-essay = In Moodle bewertet ein Mensch die Antworten in freiem Text. Unsere Tests bewerten jede Antwort automatisch.
import-not-a-number = „{ $text }“ ist keine Zahl.

## GIFT

import-gift-title-not-closed = Der Titel beginnt mit ::, endet aber nicht mit ::.
import-gift-no-answer-block = Der Text hat keine Antworten in geschweiften Klammern {"{"}…{"}"}. Es gibt also nichts zu beantworten.
import-gift-block-not-closed = Die Antworten beginnen mit {"{"}, aber die schließende Klammer {"}"} fehlt.
import-gift-close-without-open = Hier steht eine schließende Klammer {"}"}, aber die öffnende Klammer {"{"} davor fehlt.
import-gift-several-answer-blocks = In GIFT hat jede Frage nur einen Block mit Antworten {"{"}…{"}"}. Mehrere Lücken in einem Text heißen in Moodle „Lückentext (Cloze)“. Machen Sie aus jeder Lücke eine eigene Frage.
import-gift-text-before-answers = Vor der ersten Antwort steht der Text „{ $text }“. Jede Antwort beginnt mit = oder ~.
import-gift-text-before-pairs = Vor dem ersten Paar steht der Text „{ $text }“. Jedes Paar beginnt mit =.
import-gift-pair-without-arrow = Beim Paar „{ $pair }“ (Zeile { $line }) fehlt der Pfeil ->.
import-gift-no-number = Nach dem Zeichen # steht keine Zahl.
import-range-reversed = Der Bereich { $range } endet bei einer kleineren Zahl, als er beginnt.
import-tolerance-negative = Der Spielraum in { $answer } ist kleiner als 0.

## Moodle-XML

import-xml-root-not-quiz = Die Datei beginnt mit <{ $element }>. Ein Export im Format Moodle-XML beginnt mit <quiz>.
import-xml-not-well-formed = Die Datei ist kein gültiges XML. Die genaue Meldung auf Englisch: { $error }
import-xml-closing-tag-not-opened = Die Datei ist kein gültiges XML: Hier wird ein Element geschlossen, das vorher nicht geöffnet wurde.
import-xml-character-reference = Das Zeichen &{ $reference }; ist ungültig. Die genaue Meldung auf Englisch: { $error }
import-xml-never-closed = Die Datei ist kein gültiges XML: Das Element <{ $element }> wird nicht geschlossen.
import-xml-no-element = In der Datei steht kein XML-Element. Ein Export im Format Moodle-XML beginnt mit <quiz>.
import-xml-too-deep = Das Element <{ $element }> steckt { $depth } Ebenen tief. Der Import liest höchstens { $most } Ebenen. Ein Export aus Moodle hat fünf: quiz, question, answer, feedback, text.
import-xml-no-type = Beim Element <question> fehlt der Fragetyp (type).
import-description = Das ist ein Text ohne Frage. Es gibt nichts zu beantworten.
import-cloze = Ein Lückentext (Cloze) hat mehrere Lücken in einem Text. Unsere Fragen haben je eine Antwort. Machen Sie aus jeder Lücke eine eigene Frage.
import-calculated = Moodle berechnet die Zahlen bei jedem Versuch neu aus einer Formel. Unsere Zahlen-Fragen haben eine feste Antwort.
import-random = Das ist ein Platzhalter: Moodle wählt beim Versuch eine Frage aus einer Kategorie aus. Importieren Sie stattdessen die Fragen dieser Kategorie.
import-random-short-answer-matching = Moodle stellt diese Frage beim Versuch aus anderen Fragen mit kurzer Antwort zusammen. Unsere Zuordnungs-Fragen nennen ihre Paare selbst.
import-drag-or-select-words = Lücken, die man durch Ziehen oder Auswählen von Wörtern füllt, gibt es in unserem Format nicht.
import-drag-onto-image = Ziehen und Ablegen auf ein Bild gibt es in unserem Format nicht.
import-type-not-available = Den Moodle-Fragetyp { $type } gibt es in unserem Format nicht.
import-fraction-not-a-number = Die Punkte der Antwort (fraction = „{ $fraction }“) sind keine Zahl.
import-partly-right-feedback-dropped = Die Rückmeldung für teilweise richtige Antworten wird nicht übernommen: „{ $feedback }“
import-neither-true-nor-false = Die Antwort „{ $answer }“ ist weder true (richtig) noch false (falsch).
import-true-false-no-full-marks = Weder „richtig“ noch „falsch“ bringt die volle Punktzahl.
import-unit-dropped = Die Einheit „{ $unit }“ (× { $multiplier }) wird nicht übernommen. Hier hat eine Zahlen-Frage nur eine Einheit.
import-ordering-selection = Moodle zeigt nur einen Teil der Einträge. Hier werden alle Einträge gezeigt.

## Kompetenzrahmen (CSV)

import-csv-too-large = Die Datei ist größer als { $megabytes } MB. So große Dateien liest der Import nicht.
import-csv-empty = Die Datei ist leer. Die erste Zeile muss die Spalten nennen: Level;Name;ShortCode;Description;Uri;BroaderConcept
import-csv-header-unreadable = Die erste Zeile lässt sich nicht als CSV lesen. Die genaue Meldung auf Englisch: { $error }
import-csv-columns-missing = In der ersten Zeile fehlen diese Spalten: { $missing }. Erwartet: Level;Name;ShortCode;Description;Uri;BroaderConcept. Gefunden: { $found }
import-csv-row-unreadable = Die Zeile lässt sich nicht als CSV lesen. Die genaue Meldung auf Englisch: { $error }
import-csv-too-many-rows = Die Datei hat mehr als { $most } Zeilen. Der Import liest höchstens { $most } Bereiche und Kompetenzen.
import-csv-field-count = Die Zeile hat { $fields } Felder, die erste Zeile hat { $columns }. Steht in einem Text das Zeichen „{ $delimiter }“, muss der Text in doppelten Anführungszeichen stehen.
import-csv-and = { $first } { $rest }
import-csv-name-empty = Bei Name steht nichts.
import-csv-name-too-long = Der Name ist länger als { $most } Zeichen.
import-csv-description-too-long = Die Beschreibung (Description) ist länger als { $most } Zeichen.
import-csv-uri-not-web = Bei Uri steht „{ $uri }“. Das ist keine Internet-Adresse mit http:// oder https://.
import-csv-code-not-area = ShortCode „{ $code }“ ist keine Nummer für einen Bereich. Ein Bereich hat zum Beispiel die Nummer 1.0.
import-csv-code-not-competence = ShortCode „{ $code }“ ist keine Nummer für eine Kompetenz. Eine Kompetenz hat zum Beispiel die Nummer 1.2.
import-csv-level-unknown = Bei Level steht „{ $level }“. Erlaubt sind 1 für einen Bereich und 2 für eine Kompetenz.
import-csv-area-with-broader = Ein Bereich (Level 1) hat kein BroaderConcept. In dieser Zeile steht aber „{ $broader }“.
import-csv-competence-without-broader = Bei einer Kompetenz (Level 2) muss bei BroaderConcept ihr Bereich stehen.
import-csv-code-taken = ShortCode { $code } steht schon in Zeile { $line }.
import-csv-area-name-taken = Den Namen „{ $name }“ hat schon der Bereich { $area }. Dann kann BroaderConcept die beiden Bereiche nicht unterscheiden.
import-csv-broader-unknown = BroaderConcept „{ $broader }“ nennt keinen Bereich dieser Datei. Ein Bereich ist eine Zeile mit Level 1 und diesem Namen.
import-csv-broader-other-area = ShortCode { $code } gehört zum Bereich { $area }. Aber BroaderConcept „{ $broader }“ ist der Bereich { $named }.
import-csv-no-description = Die Kompetenz { $code } hat keine Beschreibung (Description). Schreiben Sie eine, bevor Module die Kompetenz nennen.
import-csv-no-area = In der Datei steht kein Bereich, also keine Zeile mit Level 1.
import-csv-area-without-competence = Der Bereich { $code } „{ $name }“ hat keine Kompetenz. Module können ihn nicht nennen.
import-csv-capitals = { $count ->
        [one] 1 Name war
       *[other] { $count } Namen waren
    } ganz in Großbuchstaben geschrieben. Wir schreiben sie normal („PROTECTING DEVICES“ → „Protecting devices“). Prüfen Sie Eigennamen und Abkürzungen.
