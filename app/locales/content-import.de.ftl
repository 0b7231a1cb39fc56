# content-import: Fragen aus Moodle, Modulordner als ZIP, Export und Bilder (app/src/authoring/imports.rs).

content-import-kind-gift = GIFT (Textdatei aus Moodle)
content-import-kind-moodle-xml = Moodle-XML
content-import-kind-zip = Modulordner (ZIP)
content-import-questions-title = Fragen importieren
content-import-questions-heading = Fragen importieren: { $title } (Version { $version })
content-import-questions-intro = Hier übernehmen Sie Fragen aus Moodle in den Test dieses Entwurfs. Exportieren Sie die Fragen in Moodle im Format GIFT oder Moodle-XML und laden Sie die Datei hier hoch.
content-import-not-a-draft = Diese Fassung ist kein Entwurf. Fragen können Sie nur in einen Entwurf importieren.
content-import-to-version = Zur Fassung
content-import-back-to-version = Zurück zur Fassung
content-import-back-to-overview = Zurück zu den Inhalten
content-import-file = Datei mit Fragen
content-import-file-hint = Eine GIFT-Datei (.gift oder .txt) oder eine Moodle-XML-Datei (.xml), höchstens 20 MB.
content-import-format = Format
content-import-format-hint = Meist erkennen wir das Format selbst. Wählen Sie es nur, wenn die Erkennung nicht passt.
content-import-format-auto = Selbst erkennen
content-import-lesson = Lektion zu den Fragen
content-import-lesson-hint = Jede Frage gehört zu einer Lektion. Alle importierten Fragen verweisen zuerst auf diese Lektion. Danach können Sie jede Frage einer anderen Stelle zuordnen.
content-import-questions-submit = Fragen importieren
content-import-what-happens = Was beim Import passiert
content-import-happens-append = Die Fragen kommen an das Ende des Tests. Was schon im Test steht, bleibt, wie es ist.
content-import-happens-ids = Jede Frage bekommt eine Kennung. Gibt es die Kennung im Test schon, bekommt die neue Frage eine Nummer dazu, zum Beispiel „-2“. Der Bericht nennt diese Fragen.
content-import-happens-skipped = Fragen, die wir nicht übernehmen können, stehen im Bericht mit der Zeile in der Datei und dem Grund.
content-import-happens-review = Danach prüfen wir den Entwurf wie immer. Veröffentlicht wird erst, wenn eine zweite Person aus der Redaktion freigibt.
content-import-zip-title = Modul als ZIP-Datei hochladen
content-import-zip-intro = Hier laden Sie einen ganzen Modulordner hoch, zum Beispiel den Export eines Moduls aus einer anderen Stadt. Die ZIP-Datei enthält module.toml, quiz.toml, die Lektionen im Ordner lessons und die Bilder im Ordner media.
content-import-zip-file = ZIP-Datei mit dem Modulordner
content-import-zip-file-hint = Höchstens 20 MB. Die Kennung des Moduls steht in der Datei module.toml.
content-import-zip-submit = Hochladen
content-import-zip-happens-id = Gibt es das Modul mit dieser Kennung noch nicht, legen wir es neu an, als ersten Entwurf.
content-import-zip-happens-draft = Gibt es das Modul schon, ersetzen die Dateien aus der ZIP-Datei die Dateien seines Entwurfs. Die veröffentlichte Fassung bleibt, bis der Entwurf freigegeben ist.
content-import-zip-happens-skipped = Dateien, die nicht in einen Modulordner gehören oder zu groß sind, übernehmen wir nicht. Der Bericht nennt sie.
content-import-refused = Die Datei wurde nicht übernommen. Im Entwurf hat sich nichts geändert.
content-import-problem-at-line = Zeile { $line }:
content-import-problem-no-file = Wählen Sie eine Datei aus. Die Datei darf nicht leer sein.
content-import-problem-too-large = Die Datei ist zu groß. Fragen-Dateien dürfen höchstens 20 MB groß sein. Exportieren Sie die Fragen in Teilen, zum Beispiel jede Kategorie einzeln.
content-import-problem-unreadable = Das Hochladen hat nicht geklappt. Laden Sie die Seite neu und versuchen Sie es noch einmal.
content-import-problem-not-text = Die Datei ist keine Textdatei in UTF-8. Exportieren Sie die Fragen in Moodle noch einmal als GIFT oder Moodle-XML.
content-import-problem-not-gift = In der Datei steht keine Frage im Format GIFT. Eine GIFT-Frage hat ihre Antworten in geschweiften Klammern, zum Beispiel: Ist Berlin eine Stadt? {"{"}T{"}"}
content-import-problem-xml = Die Datei ist kein lesbares Moodle-XML. Prüfen Sie, ob die Datei vollständig ist, und exportieren Sie die Fragen sonst noch einmal.
content-import-problem-format = Wählen Sie eines der angebotenen Formate.
content-import-problem-lesson = Wählen Sie eine Lektion dieses Entwurfs aus.
content-import-problem-zip-no-id = In der Datei module.toml fehlt die Kennung des Moduls (id = "…").
content-import-problem-zip-id = Die Kennung des Moduls in module.toml ist ungültig. Sie besteht nur aus Kleinbuchstaben, Ziffern und Bindestrichen und hat höchstens 64 Zeichen.
content-import-problem-zip-id-reserved = Diese Kennung braucht die Redaktion für eigene Seiten. Geben Sie dem Modul in module.toml eine andere Kennung.
content-import-problem-zip-version = Die Version in module.toml ist zu lang. Sie darf höchstens 64 Zeichen haben, zum Beispiel „2.1.0“.
content-import-problem-zip-no-draft = Für dieses Modul können wir gerade keinen Entwurf anlegen, zum Beispiel weil seine erste Fassung noch geprüft wird. Versuchen Sie es nach der Prüfung noch einmal.
content-import-report-title = Bericht des Imports
content-import-report-heading = Bericht: { $file }
content-import-report-file = Datei
content-import-report-kind = Art
content-import-report-module = Modul
content-import-report-when = Hochgeladen
content-import-report-nothing = In der Datei stand keine Frage.
content-import-report-counts = { $imported ->
    [one] 1 Frage übernommen
   *[other] { $imported } Fragen übernommen
}, { $skipped ->
    [one] 1 Frage nicht übernommen
   *[other] { $skipped } Fragen nicht übernommen
}, { $notes ->
    [one] 1 Hinweis
   *[other] { $notes } Hinweise
}.
content-import-report-lesson = Alle übernommenen Fragen verweisen auf die Lektion { $lesson }. Ordnen Sie jede Frage dem Abschnitt zu, der ihren Inhalt erklärt.
content-import-report-renamed = { $count ->
    [one] 1 Frage hat eine neue Kennung bekommen, weil es ihre Kennung im Test schon gab.
   *[other] { $count } Fragen haben eine neue Kennung bekommen, weil es ihre Kennung im Test schon gab.
}
content-import-renamed-from = Neue Kennung; in der Datei hieß sie „{ $id }“.
content-import-imported = { $count ->
    [one] 1 übernommene Frage
   *[other] { $count } übernommene Fragen
}
content-import-col-line = Zeile
content-import-col-id = Kennung
content-import-col-type = Art der Frage
content-import-col-text = Text (Anfang)
content-import-col-note = Hinweis
content-import-skipped = Nicht übernommen ({ $count })
content-import-skipped-intro = Diese Fragen stehen nicht im Test. Die Gründe nennt das Import-Werkzeug auf Englisch, mit der Zeile in Ihrer Datei.
content-import-notes = Hinweise ({ $count })
content-import-notes-intro = Diese Fragen wurden übernommen, aber etwas an ihnen ist anders als in Moodle. Sehen Sie sich die Fragen bitte an.
content-import-categories = Kategorien aus Moodle
content-import-category = { $name }: { $count ->
    [one] 1 Frage
   *[other] { $count } Fragen
}
content-import-line = Zeile { $line }
content-import-more = … und { $count } weitere.
content-import-problem-place = { $file }, Zeile { $line }
content-import-report-checks = Prüfung des Entwurfs nach dem Import
content-import-report-no-problems = Die Prüfung hat keine Fehler gefunden.
content-import-report-problems-intro = { $count ->
    [one] Die Prüfung hat 1 Fehler gefunden. Beheben Sie ihn, bevor Sie den Entwurf zur Prüfung geben.
   *[other] Die Prüfung hat { $count } Fehler gefunden. Beheben Sie sie, bevor Sie den Entwurf zur Prüfung geben.
}
content-import-report-lints = Empfehlungen ({ $count })
content-import-to-questions = Zu den Fragen
content-import-again = Noch eine Datei hochladen
content-import-zip-new-module = Das Modul ist neu. Wir haben seinen ersten Entwurf angelegt.
content-import-zip-replaced = Das Modul gab es schon. Die Dateien aus der ZIP-Datei stehen jetzt in seinem Entwurf.
content-import-zip-counts = { $files ->
    [one] 1 Datei
   *[other] { $files } Dateien
} und { $images ->
    [one] 1 Bild
   *[other] { $images } Bilder
} übernommen, { $skipped ->
    [one] 1 Eintrag nicht übernommen
   *[other] { $skipped } Einträge nicht übernommen
}.
content-import-zip-files = Übernommene Dateien
content-import-zip-images = Bilder
content-import-zip-skipped = Nicht übernommen ({ $count })
content-import-zip-unnamed = (Eintrag ohne gültigen Namen)
content-import-zip-image-refused = ist kein Bild im Format PNG, JPEG, GIF, WebP oder SVG oder trägt den Namen eines anderen Bildes dieses Moduls und wurde nicht übernommen
