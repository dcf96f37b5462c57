<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CodeSnippet</name>
    <message>
        <location filename="../ui/findings/codesnippet.cpp" line="23"/>
        <source>The finding names no file.</source>
        <translation>Der Befund nennt keine Datei.</translation>
    </message>
    <message>
        <location filename="../ui/findings/codesnippet.cpp" line="31"/>
        <source>The file %1 is missing from the project (moved or deleted since the run?).</source>
        <translation>Die Datei %1 fehlt im Projekt (seit dem Lauf verschoben oder gelöscht?).</translation>
    </message>
    <message>
        <location filename="../ui/findings/codesnippet.cpp" line="38"/>
        <source>The file %1 lies outside the project; it is not shown.</source>
        <translation>Die Datei %1 liegt außerhalb des Projekts; sie wird nicht angezeigt.</translation>
    </message>
    <message>
        <location filename="../ui/findings/codesnippet.cpp" line="42"/>
        <source>%1 is not a regular file.</source>
        <translation>%1 ist keine reguläre Datei.</translation>
    </message>
    <message>
        <location filename="../ui/findings/codesnippet.cpp" line="47"/>
        <source>The file %1 cannot be read: %2</source>
        <translation>Die Datei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/findings/codesnippet.cpp" line="51"/>
        <source>The file %1 is binary; there is no source to show.</source>
        <translation>Die Datei %1 ist binär; es gibt keinen Quelltext zum Anzeigen.</translation>
    </message>
    <message>
        <location filename="../ui/findings/codesnippet.cpp" line="71"/>
        <source>Line %1 is past the end of %2 (%3 lines): the file changed since the run.</source>
        <translation>Zeile %1 liegt hinter dem Ende von %2 (%3 Zeilen): Die Datei wurde seit dem Lauf geändert.</translation>
    </message>
    <message>
        <location filename="../ui/findings/codesnippet.cpp" line="104"/>
        <source>The tool gave no line; the start of the file is shown.</source>
        <translation>Das Tool hat keine Zeile angegeben; der Anfang der Datei wird angezeigt.</translation>
    </message>
</context>
<context>
    <name>ff::ui::Banner</name>
    <message>
        <location filename="../ui/banner.cpp" line="43"/>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>ff::ui::ComparePane</name>
    <message>
        <location filename="../ui/runs/comparepane.cpp" line="28"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../ui/runs/comparepane.cpp" line="29"/>
        <source>Close the comparison</source>
        <translation>Vergleich schließen</translation>
    </message>
    <message>
        <location filename="../ui/runs/comparepane.cpp" line="68"/>
        <source>A: %1 (%2)  →  B: %3 (%4)</source>
        <translation>A: %1 (%2)  →  B: %3 (%4)</translation>
    </message>
    <message>
        <location filename="../ui/runs/comparepane.cpp" line="71"/>
        <source>Only in A (fixed): %1</source>
        <translation>Nur in A (behoben): %1</translation>
    </message>
    <message>
        <location filename="../ui/runs/comparepane.cpp" line="72"/>
        <source>Only in B (new): %1</source>
        <translation>Nur in B (neu): %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/runs/comparepane.cpp" line="73"/>
        <source>%n unchanged</source>
        <translation>
            <numerusform>%n unverändert</numerusform>
            <numerusform>%n unverändert</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/runs/comparepane.cpp" line="86"/>
        <source>Select two runs and choose Compare.</source>
        <translation>Wählen Sie zwei Läufe aus und klicken Sie auf „Vergleichen“.</translation>
    </message>
    <message>
        <location filename="../ui/runs/comparepane.cpp" line="89"/>
        <source>Only in A (fixed)</source>
        <translation>Nur in A (behoben)</translation>
    </message>
    <message>
        <location filename="../ui/runs/comparepane.cpp" line="90"/>
        <source>Only in B (new)</source>
        <translation>Nur in B (neu)</translation>
    </message>
</context>
<context>
    <name>ff::ui::CorpusDialog</name>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="44"/>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="45"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="46"/>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="47"/>
        <source>&amp;Reset…</source>
        <translation>&amp;Zurücksetzen…</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="50"/>
        <source>Fuzzing Corpus of %1</source>
        <translation>Fuzzing-Korpus von %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="57"/>
        <source>The fuzzing workflow whose image reaches the volume</source>
        <translation>Der Fuzzing-Workflow, dessen Image auf das Volume zugreift</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="58"/>
        <source>The harness parameter of the campaigns, as given to the workflow: each harness keeps a corpus of its own</source>
        <translation>Der Harness-Parameter der Kampagnen, wie er dem Workflow übergeben wurde: Jeder Harness hat einen eigenen Korpus</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="67"/>
        <source>Copy every corpus entry into a folder</source>
        <translation>Alle Korpus-Einträge in einen Ordner kopieren</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="68"/>
        <source>Add the files of a folder to the corpus (creating the volume if needed)</source>
        <translation>Die Dateien eines Ordners zum Korpus hinzufügen (das Volume wird bei Bedarf angelegt)</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="69"/>
        <source>Delete the volume: the next campaign starts from its seeds again</source>
        <translation>Das Volume löschen: Die nächste Kampagne beginnt wieder bei ihren Seeds</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="74"/>
        <source>Project:</source>
        <translation>Projekt:</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="75"/>
        <source>Workflow:</source>
        <translation>Workflow:</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="76"/>
        <source>Harness:</source>
        <translation>Harness:</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="77"/>
        <source>Volume:</source>
        <translation>Volume:</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="78"/>
        <source>Entries:</source>
        <translation>Einträge:</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="79"/>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="115"/>
        <source>No fuzzing workflow is installed, so there is no corpus to show.</source>
        <translation>Es ist kein Fuzzing-Workflow installiert, daher gibt es keinen Korpus zum Anzeigen.</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="232"/>
        <source>Give the harness the campaigns ran (the workflow&apos;s harness parameter).</source>
        <translation>Geben Sie den Harness an, mit dem die Kampagnen liefen (den Harness-Parameter des Workflows).</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="240"/>
        <source>Reading the volume…</source>
        <translation>Das Volume wird gelesen…</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="273"/>
        <source>The corpus is empty.</source>
        <translation>Der Korpus ist leer.</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="274"/>
        <source>The next campaign with this harness starts from these entries.</source>
        <translation>Die nächste Kampagne mit diesem Harness beginnt bei diesen Einträgen.</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="277"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="280"/>
        <source>No corpus yet: the first campaign with this harness makes the volume (or import a folder).</source>
        <translation>Noch kein Korpus: Die erste Kampagne mit diesem Harness legt das Volume an (oder importieren Sie einen Ordner).</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="293"/>
        <source>Export the corpus into</source>
        <translation>Korpus exportieren nach</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="300"/>
        <source>Import the files of</source>
        <translation>Dateien importieren aus</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="308"/>
        <source>Reset the corpus</source>
        <translation>Korpus zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="309"/>
        <source>Delete the corpus of %1 (%2 entries, %3)? The next campaign starts from the seeds again; this cannot be undone. Export it first to keep a copy.</source>
        <translation>Den Korpus von %1 (%2 Einträge, %3) löschen? Die nächste Kampagne beginnt wieder bei den Seeds; dies kann nicht rückgängig gemacht werden. Exportieren Sie ihn zuerst, um eine Kopie zu behalten.</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="325"/>
        <source>Exporting to %1…</source>
        <translation>Export nach %1…</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="329"/>
        <source>The corpus could not be exported: %1</source>
        <translation>Der Korpus konnte nicht exportiert werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="334"/>
        <source>Entries exported to %1: %2.</source>
        <translation>Nach %1 exportierte Einträge: %2.</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="347"/>
        <source>Importing %1…</source>
        <translation>%1 wird importiert…</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="351"/>
        <source>The folder could not be imported: %1</source>
        <translation>Der Ordner konnte nicht importiert werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="356"/>
        <source>Files imported from %1: %2.</source>
        <translation>Aus %1 importierte Dateien: %2.</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="369"/>
        <source>Deleting the volume…</source>
        <translation>Das Volume wird gelöscht…</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="373"/>
        <source>The corpus could not be reset: %1</source>
        <translation>Der Korpus konnte nicht zurückgesetzt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/corpusdialog.cpp" line="377"/>
        <source>The corpus was deleted.</source>
        <translation>Der Korpus wurde gelöscht.</translation>
    </message>
</context>
<context>
    <name>ff::ui::CrashReproducer</name>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="59"/>
        <source>Looking up the run that found the crash…</source>
        <translation>Der Lauf, der den Absturz gefunden hat, wird gesucht…</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="98"/>
        <source>The workflow &quot;%1&quot; that found the crash is not available.</source>
        <translation>Der Workflow „%1“, der den Absturz gefunden hat, ist nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="102"/>
        <source>The workflow &quot;%1&quot; cannot reproduce crashes.</source>
        <translation>Der Workflow „%1“ kann keine Abstürze reproduzieren.</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="107"/>
        <source>The run&apos;s parameters no longer suit the workflow: %1</source>
        <translation>Die Parameter des Laufs passen nicht mehr zum Workflow: %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="116"/>
        <source>The finding keeps no reproducer (the input was too large to store).</source>
        <translation>Der Befund enthält keinen Reproducer (die Eingabe war zu groß zum Speichern).</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="120"/>
        <source>Starting %1 on %2…</source>
        <translation>%1 wird auf %2 gestartet…</translation>
    </message>
</context>
<context>
    <name>ff::ui::DiffFindingsModel</name>
    <message>
        <location filename="../ui/runs/difffindingsmodel.cpp" line="86"/>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <location filename="../ui/runs/difffindingsmodel.cpp" line="88"/>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <location filename="../ui/runs/difffindingsmodel.cpp" line="90"/>
        <source>Location</source>
        <translation>Fundstelle</translation>
    </message>
    <message>
        <location filename="../ui/runs/difffindingsmodel.cpp" line="92"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
</context>
<context>
    <name>ff::ui::ExportDialog</name>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="38"/>
        <source>SARIF, for code-scanning tools</source>
        <translation>SARIF, für Code-Scanning-Werkzeuge</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="39"/>
        <source>HTML, to read in a browser</source>
        <translation>HTML, zum Lesen im Browser</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="40"/>
        <source>PDF, to share and print</source>
        <translation>PDF, zum Weitergeben und Drucken</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="41"/>
        <source>CSV, for spreadsheets</source>
        <translation>CSV, für Tabellenkalkulationen</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="42"/>
        <source>Markdown, for tickets and wikis</source>
        <translation>Markdown, für Tickets und Wikis</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="43"/>
        <source>JSON, for scripts</source>
        <translation>JSON, für Skripte</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="54"/>
        <location filename="../ui/report/exportdialog.cpp" line="290"/>
        <source>Export Report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="77"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="80"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="114"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="124"/>
        <source>Left out of the report when empty</source>
        <translation>Fehlt im Bericht, wenn leer</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="128"/>
        <source>All severities</source>
        <translation>Alle Schweregrade</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="129"/>
        <source>Low and above</source>
        <translation>Niedrig und höher</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="130"/>
        <source>Medium and above</source>
        <translation>Mittel und höher</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="131"/>
        <source>High and above</source>
        <translation>Hoch und höher</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="132"/>
        <source>Critical only</source>
        <translation>Nur kritisch</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="135"/>
        <source>Include &amp;false positives</source>
        <translation>&amp;Falsch positive Befunde aufnehmen</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="137"/>
        <source>Include accepted &amp;risks</source>
        <translation>Akzeptierte &amp;Risiken aufnehmen</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="139"/>
        <source>Re&amp;dact secret values in snippets and messages</source>
        <translation>Geheime &amp;Werte in Code-Auszügen und Meldungen schwärzen</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="141"/>
        <source>Findings about secrets are always redacted.</source>
        <translation>Befunde zu Geheimnissen werden immer geschwärzt.</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="148"/>
        <source>&amp;Compare with the previous run (new and fixed findings)</source>
        <translation>Mit dem vorigen Lauf &amp;vergleichen (neue und behobene Befunde)</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="158"/>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="159"/>
        <source>F&amp;ile:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="162"/>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="163"/>
        <source>&amp;Author:</source>
        <translation>&amp;Autor:</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="164"/>
        <source>R&amp;uns:</source>
        <translation>&amp;Läufe:</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="165"/>
        <source>&amp;Severity:</source>
        <translation>&amp;Schweregrad:</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="166"/>
        <source>Contents:</source>
        <translation>Inhalt:</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="186"/>
        <source>%1 files (*.%2)</source>
        <translation>%1-Dateien (*.%2)</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="205"/>
        <source>A selection of findings is reported as it is, without comparing runs.</source>
        <translation>Eine Auswahl von Befunden wird so berichtet, wie sie ist, ohne Läufe zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="265"/>
        <source>No findings are selected: select them in the Findings view first.</source>
        <translation>Keine Befunde ausgewählt: Wählen Sie sie zuerst in der Ansicht „Befunde“ aus.</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="267"/>
        <source>Reading the runs from the history…</source>
        <translation>Die Läufe werden aus dem Verlauf gelesen…</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="269"/>
        <source>The runs of the selected findings are no longer in the history.</source>
        <translation>Die Läufe der ausgewählten Befunde sind nicht mehr im Verlauf.</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="270"/>
        <source>Check at least one run to export.</source>
        <translation>Wählen Sie mindestens einen Lauf für den Export aus.</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="272"/>
        <source>Choose the file to write the report to.</source>
        <translation>Wählen Sie die Datei, in die der Bericht geschrieben wird.</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="274"/>
        <source>%1 is a folder: add a file name.</source>
        <translation>%1 ist ein Ordner: Ergänzen Sie einen Dateinamen.</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="361"/>
        <source>There is no history database: only recorded runs can be exported.</source>
        <translation>Es gibt keine Verlaufsdatenbank: Nur aufgezeichnete Läufe können exportiert werden.</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="367"/>
        <source>Collecting findings…</source>
        <translation>Befunde werden gesammelt…</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="379"/>
        <source>%1 of %2 entries</source>
        <translation>%1 von %2 Einträgen</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="380"/>
        <source>Writing the report…</source>
        <translation>Der Bericht wird geschrieben…</translation>
    </message>
    <message>
        <location filename="../ui/report/exportdialog.cpp" line="406"/>
        <source>Canceling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>ff::ui::ExportJob</name>
    <message>
        <location filename="../ui/report/exportjob.cpp" line="93"/>
        <source>Export canceled: nothing was written to %1.</source>
        <translation>Export abgebrochen: Nach %1 wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../ui/report/exportjob.cpp" line="97"/>
        <source>The report could not be written: %1</source>
        <translation>Der Bericht konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/report/exportjob.cpp" line="98"/>
        <source>The report could not be written to %1: %2</source>
        <translation>Der Bericht konnte nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/report/exportjob.cpp" line="100"/>
        <source>The report could not be made: %1</source>
        <translation>Der Bericht konnte nicht erstellt werden: %1</translation>
    </message>
</context>
<context>
    <name>ff::ui::ExportNotice</name>
    <message>
        <location filename="../ui/report/exportnotice.cpp" line="30"/>
        <source>Report saved to %1.</source>
        <translation>Bericht gespeichert unter %1.</translation>
    </message>
    <message>
        <location filename="../ui/report/exportnotice.cpp" line="31"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../ui/report/exportnotice.cpp" line="32"/>
        <source>Show folder</source>
        <translation>Ordner anzeigen</translation>
    </message>
</context>
<context>
    <name>ff::ui::ExportRunList</name>
    <message>
        <location filename="../ui/report/exportrunlist.cpp" line="48"/>
        <source>1 selected finding</source>
        <translation>1 ausgewählter Befund</translation>
    </message>
    <message>
        <location filename="../ui/report/exportrunlist.cpp" line="49"/>
        <source>%1 selected findings</source>
        <translation>%1 ausgewählte Befunde</translation>
    </message>
    <message>
        <location filename="../ui/report/exportrunlist.cpp" line="68"/>
        <source>The history cannot be read: %1</source>
        <translation>Der Verlauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/report/exportrunlist.cpp" line="75"/>
        <source>There is no history database: only recorded runs can be exported.</source>
        <translation>Es gibt keine Verlaufsdatenbank: Nur aufgezeichnete Läufe können exportiert werden.</translation>
    </message>
    <message>
        <location filename="../ui/report/exportrunlist.cpp" line="111"/>
        <source>1 finding</source>
        <translation>1 Befund</translation>
    </message>
    <message>
        <location filename="../ui/report/exportrunlist.cpp" line="111"/>
        <source>%1 findings</source>
        <translation>%1 Befunde</translation>
    </message>
    <message>
        <location filename="../ui/report/exportrunlist.cpp" line="113"/>
        <source>%1 on %2, %3, %4</source>
        <translation>%1 auf %2, %3, %4</translation>
    </message>
    <message>
        <location filename="../ui/report/exportrunlist.cpp" line="120"/>
        <source>Run %1
%2</source>
        <translation>Lauf %1
%2</translation>
    </message>
</context>
<context>
    <name>ff::ui::FindingDetail</name>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="37"/>
        <source>&amp;Reproduce</source>
        <translation>&amp;Reproduzieren</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="39"/>
        <source>&amp;Save Reproducer…</source>
        <translation>Reproducer &amp;speichern…</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="42"/>
        <source>Run the harness on the crash&apos;s reproducer in a fresh hardened container and compare the stack with the recorded one (Ctrl+R)</source>
        <translation>Den Harness in einem neuen, gehärteten Container mit dem Reproducer des Absturzes ausführen und den Stack mit dem aufgezeichneten vergleichen (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="45"/>
        <source>Write the input that makes the harness crash to a file</source>
        <translation>Die Eingabe, die den Harness abstürzen lässt, in eine Datei schreiben</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="70"/>
        <source>Select a finding to see its details and the code around it.</source>
        <translation>Wählen Sie einen Befund aus, um seine Details und den umgebenden Code zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="136"/>
        <source>Save the reproducer</source>
        <translation>Reproducer speichern</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="167"/>
        <source>The reproducer could not be saved to %1: %2</source>
        <translation>Der Reproducer konnte nicht unter %1 gespeichert werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="169"/>
        <source>Choose a folder you can write to.</source>
        <translation>Wählen Sie einen Ordner, in den Sie schreiben können.</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="180"/>
        <source>Crash</source>
        <translation>Absturz</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="185"/>
        <source>Type: %1</source>
        <translation>Typ: %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="188"/>
        <source>engine %1</source>
        <translation>Engine %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="192"/>
        <source>Occurrences: 1 crashing input</source>
        <translation>Vorkommen: 1 abstürzende Eingabe</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="193"/>
        <source>Occurrences: %1 crashing inputs</source>
        <translation>Vorkommen: %1 abstürzende Eingaben</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="195"/>
        <source>Signature: %1</source>
        <translation>Signatur: %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="202"/>
        <source>Reproducer: %1 (%2), the smallest input with this signature</source>
        <translation>Reproducer: %1 (%2), die kleinste Eingabe mit dieser Signatur</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="207"/>
        <source>The input was too large to keep with the findings: find it in the run&apos;s results folder.</source>
        <translation>Die Eingabe war zu groß, um sie mit den Befunden zu speichern: Sie liegt im Ergebnisordner des Laufs.</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="213"/>
        <source>Stack frames</source>
        <translation>Stack-Frames</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="221"/>
        <source>Sanitizer report</source>
        <translation>Sanitizer-Bericht</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/findings/findingdetail.cpp" line="240"/>
        <source>%n findings selected; triage applies to all of them. Shown: the current one.</source>
        <translation>
            <numerusform>%n Befund ausgewählt; die Triage gilt für ihn. Angezeigt: der aktuelle.</numerusform>
            <numerusform>%n Befunde ausgewählt; die Triage gilt für alle. Angezeigt: der aktuelle.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="254"/>
        <source>Rule: %1</source>
        <translation>Regel: %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="256"/>
        <source>rule help</source>
        <translation>Hilfe zur Regel</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="261"/>
        <source>CWE: %1</source>
        <translation>CWE: %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="265"/>
        <source>Tool: %1 %2 &amp;middot; workflow %3 &amp;middot; run %4</source>
        <translation>Tool: %1 %2 &amp;middot; Workflow %3 &amp;middot; Lauf %4</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="269"/>
        <source>Confidence: %1</source>
        <translation>Konfidenz: %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="279"/>
        <source>Location: %1</source>
        <translation>Fundstelle: %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="281"/>
        <source>Reading the file…</source>
        <translation>Datei wird gelesen …</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingdetail.cpp" line="285"/>
        <source>Fingerprint: %1</source>
        <translation>Fingerabdruck: %1</translation>
    </message>
</context>
<context>
    <name>ff::ui::FindingsFilterBar</name>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="47"/>
        <source>Regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="63"/>
        <source>Show %1 findings. The count is of the findings that pass the other filters.</source>
        <translation>Befunde mit Schweregrad „%1“ anzeigen. Gezählt werden die Befunde, die die übrigen Filter passieren.</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="72"/>
        <source>Only the findings of this tool</source>
        <translation>Nur die Befunde dieses Tools</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="73"/>
        <source>Only the findings of this rule</source>
        <translation>Nur die Befunde dieser Regel</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="75"/>
        <source>Only the findings in this triage state</source>
        <translation>Nur die Befunde in diesem Triage-Status</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="76"/>
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="77"/>
        <source>Unresolved (open, confirmed)</source>
        <translation>Ungelöst (offen, bestätigt)</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="86"/>
        <source>Path (text, or a glob such as src/*.c)</source>
        <translation>Pfad (Text oder ein Glob wie src/*.c)</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="87"/>
        <source>Findings whose path contains this text; with * or ? it is a glob over the whole path, where * also crosses folders.</source>
        <translation>Befunde, deren Pfad diesen Text enthält; mit * oder ? ist es ein Glob über den ganzen Pfad, wobei * auch über Ordnergrenzen hinweg passt.</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="90"/>
        <source>Search title, message, path and rule</source>
        <translation>Titel, Meldung, Pfad und Regel durchsuchen</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="91"/>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="155"/>
        <source>Case-insensitive text; a regular expression when Regex is checked.</source>
        <translation>Text ohne Beachtung der Groß-/Kleinschreibung; ein regulärer Ausdruck, wenn „Regex“ angekreuzt ist.</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="93"/>
        <source>Read the search text as a regular expression</source>
        <translation>Suchtext als regulären Ausdruck auswerten</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="133"/>
        <source>Any tool</source>
        <translation>Jedes Tool</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="134"/>
        <source>Any rule</source>
        <translation>Jede Regel</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="156"/>
        <source>Invalid regular expression: %1</source>
        <translation>Ungültiger regulärer Ausdruck: %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsfilterbar.cpp" line="164"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>ff::ui::FindingsLoader</name>
    <message>
        <location filename="../ui/findings/findingsloader.cpp" line="98"/>
        <source>%1 on %2 has no earlier successful run to compare with: all its findings count as new.</source>
        <translation>%1 auf %2 hat keinen früheren erfolgreichen Lauf zum Vergleichen: Alle seine Befunde gelten als neu.</translation>
    </message>
</context>
<context>
    <name>ff::ui::FindingsModel</name>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="34"/>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="36"/>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="38"/>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="40"/>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="42"/>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="51"/>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="53"/>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="55"/>
        <source>False positive</source>
        <translation>Falsch positiv</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="57"/>
        <source>Accepted risk</source>
        <translation>Akzeptiertes Risiko</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="59"/>
        <source>Fixed</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="133"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="171"/>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="173"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="175"/>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="177"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="179"/>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="181"/>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="183"/>
        <source>Tool</source>
        <translation>Tool</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="185"/>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsmodel.cpp" line="187"/>
        <source>CWE</source>
        <translation>CWE</translation>
    </message>
</context>
<context>
    <name>ff::ui::FindingsView</name>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="44"/>
        <source>All findings</source>
        <translation>Alle Befunde</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="165"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="167"/>
        <source>Copy the selected findings as text, secret values hidden (Ctrl+C)</source>
        <translation>Die ausgewählten Befunde als Text kopieren, geheime Werte verborgen (Ctrl+C)</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="45"/>
        <source>New since previous run</source>
        <translation>Neu seit dem vorigen Lauf</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="46"/>
        <source>Fixed since previous run</source>
        <translation>Behoben seit dem vorigen Lauf</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="47"/>
        <source>Compare each run with the previous successful run of the same workflow on the same project</source>
        <translation>Jeden Lauf mit dem vorigen erfolgreichen Lauf desselben Workflows auf demselben Projekt vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="128"/>
        <source>&amp;Confirm</source>
        <translation>&amp;Bestätigen</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="128"/>
        <source>Mark the selected findings as real issues (C)</source>
        <translation>Ausgewählte Befunde als echte Probleme markieren (C)</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="130"/>
        <source>&amp;False positive</source>
        <translation>&amp;Falsch positiv</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="131"/>
        <source>Mark the selected findings as false positives (F)</source>
        <translation>Ausgewählte Befunde als falsch positiv markieren (F)</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="132"/>
        <source>&amp;Accept risk…</source>
        <translation>Risiko &amp;akzeptieren …</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="133"/>
        <source>Accept the risk of the selected findings, with a reason (A)</source>
        <translation>Das Risiko der ausgewählten Befunde mit Begründung akzeptieren (A)</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="134"/>
        <source>Re&amp;open</source>
        <translation>&amp;Wieder öffnen</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="134"/>
        <source>Reopen the selected findings (O)</source>
        <translation>Ausgewählte Befunde wieder öffnen (O)</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="155"/>
        <source>&amp;Export Selection…</source>
        <translation>Auswahl &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="157"/>
        <source>Export a report of the selected findings</source>
        <translation>Einen Bericht über die ausgewählten Befunde exportieren</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="171"/>
        <source>Search findings</source>
        <translation>Befunde durchsuchen</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="212"/>
        <source>Some findings could not be read: %1</source>
        <translation>Einige Befunde konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="213"/>
        <source>Findings could not be read: %1</source>
        <translation>Befunde konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="214"/>
        <source>Check that the history database is reachable, then select the runs again.</source>
        <translation>Prüfen Sie, ob die Verlaufsdatenbank erreichbar ist, und wählen Sie die Läufe dann erneut aus.</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="272"/>
        <source>An accepted risk needs a reason.</source>
        <translation>Ein akzeptiertes Risiko braucht eine Begründung.</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="273"/>
        <source>Say why the risk is acceptable, so that the decision can be reviewed.</source>
        <translation>Geben Sie an, warum das Risiko akzeptabel ist, damit die Entscheidung überprüft werden kann.</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="307"/>
        <source>No findings are selected, so there is nothing to export.</source>
        <translation>Keine Befunde ausgewählt, es gibt also nichts zu exportieren.</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="308"/>
        <source>Select one or more findings in the Findings view, then choose Export Selection… again.</source>
        <translation>Wählen Sie einen oder mehrere Befunde in der Ansicht „Befunde“ aus und wählen Sie dann erneut „Auswahl exportieren…“.</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="324"/>
        <source>Accept risk</source>
        <translation>Risiko akzeptieren</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="325"/>
        <source>Why is this risk acceptable? (%1 selected)</source>
        <translation>Warum ist dieses Risiko akzeptabel? (%1 ausgewählt)</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="353"/>
        <source>Loading findings…</source>
        <translation>Befunde werden geladen …</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="359"/>
        <source>No run selected and none finished in this session</source>
        <translation>Kein Lauf ausgewählt und keiner in dieser Sitzung beendet</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="360"/>
        <source>1 run</source>
        <translation>1 Lauf</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="361"/>
        <source>%1 runs</source>
        <translation>%1 Läufe</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="362"/>
        <source>1 finding</source>
        <translation>1 Befund</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="362"/>
        <source>%1 findings</source>
        <translation>%1 Befunde</translation>
    </message>
    <message>
        <location filename="../ui/findings/findingsview.cpp" line="363"/>
        <source>%1, %2, %3 shown</source>
        <translation>%1, %2, %3 angezeigt</translation>
    </message>
</context>
<context>
    <name>ff::ui::FuzzPlot</name>
    <message>
        <location filename="../ui/plots/fuzzplot.cpp" line="64"/>
        <source>Execs/s</source>
        <translation>Ausf./s</translation>
    </message>
    <message>
        <location filename="../ui/plots/fuzzplot.cpp" line="63"/>
        <source>Coverage</source>
        <translation>Abdeckung</translation>
    </message>
    <message>
        <location filename="../ui/plots/fuzzplot.cpp" line="63"/>
        <source>Corpus</source>
        <translation>Korpus</translation>
    </message>
    <message>
        <location filename="../ui/plots/fuzzplot.cpp" line="64"/>
        <source>Crashes</source>
        <translation>Abstürze</translation>
    </message>
    <message>
        <location filename="../ui/plots/fuzzplot.cpp" line="83"/>
        <source>Seconds since the run&apos;s first sample</source>
        <translation>Sekunden seit dem ersten Messwert des Laufs</translation>
    </message>
    <message>
        <location filename="../ui/plots/fuzzplot.cpp" line="106"/>
        <source>coverage (edges), execs/s: left axes</source>
        <translation>Abdeckung (Kanten), Ausf./s: linke Achsen</translation>
    </message>
    <message>
        <location filename="../ui/plots/fuzzplot.cpp" line="107"/>
        <source>corpus entries, crashes: right axes</source>
        <translation>Korpus-Einträge, Abstürze: rechte Achsen</translation>
    </message>
    <message>
        <location filename="../ui/plots/fuzzplot.cpp" line="289"/>
        <source>%1: coverage %2 edges, %3 corpus entries</source>
        <translation>%1: Abdeckung %2 Kanten, %3 Korpus-Einträge</translation>
    </message>
    <message>
        <location filename="../ui/plots/fuzzplot.cpp" line="295"/>
        <source>%1: %2 execs/s, %3 crashes</source>
        <translation>%1: %2 Ausführungen/s, %3 Abstürze</translation>
    </message>
    <message>
        <location filename="../ui/plots/fuzzplot.cpp" line="299"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../ui/plots/fuzzplot.cpp" line="300"/>
        <source>%1 s: %2</source>
        <translation>%1 s: %2</translation>
    </message>
</context>
<context>
    <name>ff::ui::HistoryModel</name>
    <message>
        <location filename="../ui/runs/historymodel.cpp" line="103"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../ui/runs/historymodel.cpp" line="105"/>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <location filename="../ui/runs/historymodel.cpp" line="107"/>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <location filename="../ui/runs/historymodel.cpp" line="109"/>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <location filename="../ui/runs/historymodel.cpp" line="111"/>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../ui/runs/historymodel.cpp" line="113"/>
        <source>Submitted</source>
        <translation>Eingereicht</translation>
    </message>
    <message>
        <location filename="../ui/runs/historymodel.cpp" line="115"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
</context>
<context>
    <name>ff::ui::HistoryView</name>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="68"/>
        <source>Regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="85"/>
        <source>Show the runs of one project</source>
        <translation>Die Läufe eines Projekts anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="87"/>
        <source>Show the runs that ended in one state</source>
        <translation>Die Läufe anzeigen, die in einem bestimmten Zustand geendet haben</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="88"/>
        <source>All states</source>
        <translation>Alle Zustände</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="93"/>
        <source>Filter by workflow or run id</source>
        <translation>Nach Workflow oder Lauf-ID filtern</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="95"/>
        <source>Text in the workflow or the run id (a regular expression with Regex)</source>
        <translation>Text im Workflow oder in der Lauf-ID (mit „Regex“ ein regulärer Ausdruck)</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="96"/>
        <source>Read the filter text as a regular expression</source>
        <translation>Filtertext als regulären Ausdruck auswerten</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="101"/>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="104"/>
        <source>Compare the two selected runs: what the newer one fixed and added (%1)</source>
        <translation>Die beiden ausgewählten Läufe vergleichen: was der neuere behoben und hinzugefügt hat (%1)</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="108"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="111"/>
        <source>Read the history again (F5)</source>
        <translation>Verlauf neu einlesen (F5)</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="158"/>
        <source>There is no history database: past runs cannot be listed. Check the database URL in Settings and restart.</source>
        <translation>Es gibt keine Verlaufsdatenbank: Frühere Läufe können nicht aufgelistet werden. Prüfen Sie die Datenbank-URL in den Einstellungen und starten Sie FuzzForge neu.</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="194"/>
        <source>The history cannot be read: %1</source>
        <translation>Der Verlauf kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="210"/>
        <source>All projects</source>
        <translation>Alle Projekte</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="226"/>
        <source>Not a valid regular expression: %1</source>
        <translation>Kein gültiger regulärer Ausdruck: %1</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="264"/>
        <source>Select exactly two runs to compare.</source>
        <translation>Wählen Sie genau zwei Läufe zum Vergleichen aus.</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="279"/>
        <source>The two runs belong to different projects (%1 and %2): findings are matched by fingerprint, so most will show as fixed and new.</source>
        <translation>Die beiden Läufe gehören zu verschiedenen Projekten (%1 und %2): Befunde werden über ihren Fingerabdruck zugeordnet, daher erscheinen die meisten als behoben und neu.</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="285"/>
        <source>Comparing…</source>
        <translation>Wird verglichen …</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="296"/>
        <source>The comparison failed: %1</source>
        <translation>Der Vergleich ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/runs/historyview.cpp" line="304"/>
        <source>There is no history database: runs cannot be compared.</source>
        <translation>Es gibt keine Verlaufsdatenbank: Läufe können nicht verglichen werden.</translation>
    </message>
</context>
<context>
    <name>ff::ui::ImageProgressPanel</name>
    <message>
        <location filename="../ui/projects/imageprogresspanel.cpp" line="38"/>
        <source>Building image for %1</source>
        <translation>Image für %1 wird gebaut</translation>
    </message>
    <message>
        <location filename="../ui/projects/imageprogresspanel.cpp" line="42"/>
        <source>The workflow&apos;s image is built once; an unchanged workflow reuses it</source>
        <translation>Das Image des Workflows wird einmal gebaut; ein unveränderter Workflow verwendet es wieder</translation>
    </message>
    <message>
        <location filename="../ui/projects/imageprogresspanel.cpp" line="66"/>
        <source>Building image for %1: step %2/%3</source>
        <translation>Image für %1 wird gebaut: Schritt %2/%3</translation>
    </message>
    <message>
        <location filename="../ui/projects/imageprogresspanel.cpp" line="70"/>
        <source>Building image for %1: step %2/%3 (cached)</source>
        <translation>Image für %1 wird gebaut: Schritt %2/%3 (aus dem Cache)</translation>
    </message>
    <message>
        <location filename="../ui/projects/imageprogresspanel.cpp" line="73"/>
        <source>The image for %1 could not be built: %2</source>
        <translation>Das Image für %1 konnte nicht gebaut werden: %2</translation>
    </message>
</context>
<context>
    <name>ff::ui::LogFilterProxy</name>
    <message>
        <location filename="../ui/logs/logfilterproxy.cpp" line="40"/>
        <source>%1 at character %2</source>
        <translation>%1 bei Zeichen %2</translation>
    </message>
</context>
<context>
    <name>ff::ui::LogModel</name>
    <message>
        <location filename="../ui/logs/logmodel.cpp" line="43"/>
        <source>stderr</source>
        <translation>stderr</translation>
    </message>
    <message>
        <location filename="../ui/logs/logmodel.cpp" line="43"/>
        <source>stdout</source>
        <translation>stdout</translation>
    </message>
    <message>
        <location filename="../ui/logs/logmodel.cpp" line="45"/>
        <source>Line %1, %2</source>
        <translation>Zeile %1, %2</translation>
    </message>
    <message>
        <location filename="../ui/logs/logmodel.cpp" line="46"/>
        <source>Line %1, %2, %3</source>
        <translation>Zeile %1, %2, %3</translation>
    </message>
</context>
<context>
    <name>ff::ui::LogView</name>
    <message>
        <location filename="../ui/logs/logview.cpp" line="66"/>
        <source>Search (Ctrl+F)</source>
        <translation>Suchen (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="68"/>
        <location filename="../ui/logs/logview.cpp" line="306"/>
        <source>Highlight the lines that contain this text (ignoring case). Enter or F3: next match, Shift+F3: previous.</source>
        <translation>Zeilen hervorheben, die diesen Text enthalten (ohne Beachtung der Groß-/Kleinschreibung). Enter oder F3: nächster Treffer, Shift+F3: vorheriger.</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="80"/>
        <source>stdout and stderr</source>
        <translation>stdout und stderr</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="81"/>
        <source>stdout only</source>
        <translation>nur stdout</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="82"/>
        <source>stderr only</source>
        <translation>nur stderr</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="83"/>
        <source>Which of the container&apos;s output streams to show</source>
        <translation>Welche Ausgabeströme des Containers angezeigt werden</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="162"/>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="163"/>
        <source>Keep the newest line in view; scrolling up stops following, scrolling to the end starts it again</source>
        <translation>Die neueste Zeile im Blick behalten; Hochscrollen beendet das Folgen, Scrollen ans Ende startet es wieder</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="170"/>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="170"/>
        <source>Search the log</source>
        <translation>Log durchsuchen</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="175"/>
        <source>Regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="176"/>
        <source>Read the search as a regular expression (ignoring case)</source>
        <translation>Suche als regulären Ausdruck auswerten (ohne Beachtung der Groß-/Kleinschreibung)</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="179"/>
        <source>Only matching</source>
        <translation>Nur Treffer</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="180"/>
        <source>Show only the lines that match the search</source>
        <translation>Nur die Zeilen anzeigen, die zur Suche passen</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="183"/>
        <source>Previous</source>
        <translation>Vorheriger</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="183"/>
        <source>Previous matching line</source>
        <translation>Vorherige passende Zeile</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="187"/>
        <source>Next</source>
        <translation>Nächster</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="187"/>
        <source>Next matching line</source>
        <translation>Nächste passende Zeile</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="190"/>
        <source>Times</source>
        <translation>Zeiten</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="191"/>
        <source>Show when each line was printed (or, when the engine gave no time, when it arrived)</source>
        <translation>Anzeigen, wann jede Zeile ausgegeben wurde (oder, wenn die Engine keine Zeit geliefert hat, wann sie eingetroffen ist)</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="195"/>
        <source>Save…</source>
        <translation>Speichern …</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="195"/>
        <source>Save the lines shown to a file</source>
        <translation>Die angezeigten Zeilen in eine Datei speichern</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="198"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="198"/>
        <source>Copy the selected lines</source>
        <translation>Die ausgewählten Zeilen kopieren</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="308"/>
        <source>Not a valid regular expression: %1</source>
        <translation>Kein gültiger regulärer Ausdruck: %1</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="328"/>
        <source>no line matches</source>
        <translation>keine Zeile passt</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="345"/>
        <source>%L1 lines (%L2 dropped)</source>
        <translation>%L1 Zeilen (%L2 verworfen)</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="346"/>
        <source>%L1 of %L2 lines shown (%L3 dropped)</source>
        <translation>%L1 von %L2 Zeilen angezeigt (%L3 verworfen)</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="351"/>
        <source>Lines kept in memory (at most %L1, see File &gt; Settings &gt; General); the oldest are dropped beyond that</source>
        <translation>Im Speicher gehaltene Zeilen (höchstens %L1, siehe Datei &gt; Einstellungen &gt; Allgemein); ältere werden darüber hinaus verworfen</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="360"/>
        <source>Save Log</source>
        <translation>Log speichern</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="362"/>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>Log-Dateien (*.log *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="377"/>
        <source>Cannot Save the Log</source>
        <translation>Log kann nicht gespeichert werden</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="378"/>
        <source>The log could not be saved to %1: %2</source>
        <translation>Das Log konnte nicht in %1 gespeichert werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/logs/logview.cpp" line="380"/>
        <source>Choose a folder you can write to, with space left.</source>
        <translation>Wählen Sie einen beschreibbaren Ordner mit freiem Speicherplatz.</translation>
    </message>
</context>
<context>
    <name>ff::ui::LogsView</name>
    <message>
        <location filename="../ui/logs/logsview.cpp" line="50"/>
        <source>The logs of runs appear here: start a run, or select one in the Runs or History view.</source>
        <translation>Hier erscheinen die Logs der Läufe: Starten Sie einen Lauf oder wählen Sie einen in der Ansicht „Läufe“ oder „Verlauf“ aus.</translation>
    </message>
    <message>
        <location filename="../ui/logs/logsview.cpp" line="61"/>
        <source>Close Log Tab</source>
        <translation>Log-Tab schließen</translation>
    </message>
    <message>
        <location filename="../ui/logs/logsview.cpp" line="68"/>
        <source>Close the current log tab</source>
        <translation>Den aktuellen Log-Tab schließen</translation>
    </message>
    <message>
        <location filename="../ui/logs/logsview.cpp" line="140"/>
        <location filename="../ui/logs/logsview.cpp" line="162"/>
        <location filename="../ui/logs/logsview.cpp" line="221"/>
        <source>%1 on %2
Run %3</source>
        <translation>%1 auf %2
Lauf %3</translation>
    </message>
    <message>
        <location filename="../ui/logs/logsview.cpp" line="164"/>
        <source>Run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <location filename="../ui/logs/logsview.cpp" line="167"/>
        <source>This tab was opened while the run was under way: earlier lines are in the history once it has finished.</source>
        <translation>Dieser Tab wurde während des Laufs geöffnet: Frühere Zeilen stehen im Verlauf, sobald der Lauf beendet ist.</translation>
    </message>
    <message>
        <location filename="../ui/logs/logsview.cpp" line="189"/>
        <source>Reading the log from the history…</source>
        <translation>Log wird aus dem Verlauf gelesen …</translation>
    </message>
    <message>
        <location filename="../ui/logs/logsview.cpp" line="224"/>
        <source>The log could not be read from the history: %1</source>
        <translation>Das Log konnte nicht aus dem Verlauf gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/logs/logsview.cpp" line="228"/>
        <source>The history keeps no log for this run.</source>
        <translation>Der Verlauf enthält kein Log für diesen Lauf.</translation>
    </message>
    <message>
        <location filename="../ui/logs/logsview.cpp" line="238"/>
        <source>There is no history database: the log of a finished run cannot be read.</source>
        <translation>Es gibt keine Verlaufsdatenbank: Das Log eines beendeten Laufs kann nicht gelesen werden.</translation>
    </message>
</context>
<context>
    <name>ff::ui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="62"/>
        <location filename="../ui/mainwindow.cpp" line="114"/>
        <source>FuzzForge</source>
        <translation>FuzzForge</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="195"/>
        <location filename="../ui/mainwindow.cpp" line="216"/>
        <source>engine: checking…</source>
        <translation>Engine: wird geprüft …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="142"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="84"/>
        <source>Projects</source>
        <translation>Projekte</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="85"/>
        <source>Workflows</source>
        <translation>Workflows</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="86"/>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="87"/>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="88"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="89"/>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="90"/>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="100"/>
        <source>history: %1</source>
        <translation>Verlauf: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="101"/>
        <source>history: unavailable</source>
        <translation>Verlauf: nicht verfügbar</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="105"/>
        <source>queue: %1 waiting, %2 running (paused)</source>
        <translation>Warteschlange: %1 wartend, %2 laufend (angehalten)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="106"/>
        <source>queue: %1 waiting, %2 running</source>
        <translation>Warteschlange: %1 wartend, %2 laufend</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="143"/>
        <source>&amp;Open Project…</source>
        <translation>Projekt &amp;öffnen …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="145"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="148"/>
        <source>&amp;Export Report…</source>
        <translation>Bericht &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="150"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="152"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="153"/>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="156"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="159"/>
        <source>&amp;Queue</source>
        <translation>&amp;Warteschlange</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="160"/>
        <source>&amp;Pause Queue</source>
        <translation>Warteschlange &amp;anhalten</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="163"/>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="170"/>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="173"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="177"/>
        <source>Alt+%1</source>
        <translation>Alt+%1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="181"/>
        <source>&amp;Reset Layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="182"/>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="197"/>
        <source>queue: starting…</source>
        <translation>Warteschlange: wird gestartet …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="199"/>
        <source>history: opening…</source>
        <translation>Verlauf: wird geöffnet …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="203"/>
        <source>No application opens %1.</source>
        <translation>Keine Anwendung öffnet %1.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="204"/>
        <source>Open it from the file manager, or choose another format.</source>
        <translation>Öffnen Sie die Datei im Dateimanager oder wählen Sie ein anderes Format.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="219"/>
        <source>engine: connected</source>
        <translation>Engine: verbunden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="221"/>
        <source>The Docker engine does not answer</source>
        <translation>Die Docker-Engine antwortet nicht</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="225"/>
        <source>engine: unavailable, retrying in %1 s</source>
        <translation>Engine: nicht verfügbar, neuer Versuch in %1 s</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="228"/>
        <source>The Docker engine does not answer: %1</source>
        <translation>Die Docker-Engine antwortet nicht: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="229"/>
        <source>Start it (sudo systemctl start docker, or dockerd), or point FuzzForge at another engine in Settings. Queued runs wait and resume by themselves.</source>
        <translation>Starten Sie sie (sudo systemctl start docker oder dockerd) oder geben Sie FuzzForge in den Einstellungen eine andere Engine an. Eingereihte Läufe warten und werden von selbst fortgesetzt.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="231"/>
        <source>Settings…</source>
        <translation>Einstellungen …</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="245"/>
        <source>Run finished</source>
        <translation>Lauf beendet</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="246"/>
        <source>Run ended: %1</source>
        <translation>Lauf beendet: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="247"/>
        <source>%1 on %2: %n finding(s)</source>
        <translation>
            <numerusform>%1 auf %2: %n Befund</numerusform>
            <numerusform>%1 auf %2: %n Befunde</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="259"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="264"/>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="275"/>
        <source>Some settings take effect when FuzzForge starts again.</source>
        <translation>Einige Einstellungen werden erst beim nächsten Start von FuzzForge wirksam.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="276"/>
        <source>The Docker endpoint and the history database are chosen at start-up.</source>
        <translation>Der Docker-Endpunkt und die Verlaufsdatenbank werden beim Start festgelegt.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="184"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="185"/>
        <source>&amp;About FuzzForge</source>
        <translation>Über &amp;FuzzForge</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="186"/>
        <source>About FuzzForge</source>
        <translation>Über FuzzForge</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="187"/>
        <source>&lt;b&gt;FuzzForge %1&lt;/b&gt;&lt;p&gt;Security-analysis workflows, each in its own hardened container.&lt;/p&gt;</source>
        <translation>&lt;b&gt;FuzzForge %1&lt;/b&gt;&lt;p&gt;Sicherheitsanalysen, jede in ihrem eigenen gehärteten Container.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="226"/>
        <source>engine: unreachable</source>
        <translation>Engine: nicht erreichbar</translation>
    </message>
</context>
<context>
    <name>ff::ui::ParameterForm</name>
    <message>
        <location filename="../ui/projects/parameterform.cpp" line="35"/>
        <source>from %1 to %2</source>
        <translation>von %1 bis %2</translation>
    </message>
    <message>
        <location filename="../ui/projects/parameterform.cpp" line="37"/>
        <source>at least %1</source>
        <translation>mindestens %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/parameterform.cpp" line="39"/>
        <source>at most %1</source>
        <translation>höchstens %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/parameterform.cpp" line="48"/>
        <source>This workflow has no parameters.</source>
        <translation>Dieser Workflow hat keine Parameter.</translation>
    </message>
    <message>
        <location filename="../ui/projects/parameterform.cpp" line="49"/>
        <source>Reset to Defaults</source>
        <translation>Auf Standardwerte zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/projects/parameterform.cpp" line="52"/>
        <source>Put every parameter back to the value the workflow&apos;s manifest gives</source>
        <translation>Alle Parameter auf den Wert aus dem Manifest des Workflows zurücksetzen</translation>
    </message>
    <message>
        <location filename="../ui/projects/parameterform.cpp" line="80"/>
        <source>Type: %1</source>
        <translation>Typ: %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/parameterform.cpp" line="83"/>
        <source>Default: %1</source>
        <translation>Standard: %1</translation>
    </message>
</context>
<context>
    <name>ff::ui::ProjectsModel</name>
    <message>
        <location filename="../ui/projects/projectsmodel.cpp" line="111"/>
        <location filename="../ui/projects/projectsmodel.cpp" line="115"/>
        <location filename="../ui/projects/projectsmodel.cpp" line="118"/>
        <source>scanning…</source>
        <translation>wird durchsucht …</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsmodel.cpp" line="112"/>
        <source>none detected</source>
        <translation>keine erkannt</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsmodel.cpp" line="116"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsmodel.cpp" line="125"/>
        <source>No workflow&apos;s file patterns match a file of this project</source>
        <translation>Die Dateimuster keines Workflows passen auf eine Datei dieses Projekts</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsmodel.cpp" line="126"/>
        <source>Workflows that apply: %1</source>
        <translation>Anwendbare Workflows: %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsmodel.cpp" line="153"/>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsmodel.cpp" line="155"/>
        <source>Languages</source>
        <translation>Sprachen</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsmodel.cpp" line="157"/>
        <source>Applicable workflows</source>
        <translation>Anwendbare Workflows</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsmodel.cpp" line="159"/>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
</context>
<context>
    <name>ff::ui::ProjectsView</name>
    <message>
        <location filename="../ui/projects/projectsview.cpp" line="30"/>
        <source>Remove Project</source>
        <translation>Projekt entfernen</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsview.cpp" line="31"/>
        <source>Fuzzing &amp;Corpus…</source>
        <translation>Fuzzing-&amp;Korpus…</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsview.cpp" line="38"/>
        <source>Drop a project folder here, or File &gt; Open Project (Ctrl+O)</source>
        <translation>Ziehen Sie einen Projektordner hierher oder wählen Sie Datei &gt; Projekt öffnen (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsview.cpp" line="53"/>
        <source>Select one or several projects: the Workflows view runs on them</source>
        <translation>Wählen Sie ein oder mehrere Projekte aus: Die Ansicht „Workflows“ führt Workflows darauf aus</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsview.cpp" line="63"/>
        <source>Close the selected projects (their files and history stay)</source>
        <translation>Ausgewählte Projekte schließen (ihre Dateien und ihr Verlauf bleiben erhalten)</translation>
    </message>
    <message>
        <location filename="../ui/projects/projectsview.cpp" line="68"/>
        <source>The corpus the fuzzing campaigns of the current project keep: entries, size, export, import, reset</source>
        <translation>Der Korpus, den die Fuzzing-Kampagnen des aktuellen Projekts behalten: Einträge, Größe, Export, Import, Zurücksetzen</translation>
    </message>
</context>
<context>
    <name>ff::ui::ReproduceDialog</name>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="163"/>
        <source>Reproduce Crash</source>
        <translation>Absturz reproduzieren</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="166"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;run %2, reproducer of %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Lauf %2, Reproducer mit %3</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="182"/>
        <source>The container&apos;s output appears here.</source>
        <translation>Die Ausgabe des Containers erscheint hier.</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="231"/>
        <source>Reproduced: the harness crashed with the recorded signature.</source>
        <translation>Reproduziert: Der Harness ist mit der aufgezeichneten Signatur abgestürzt.</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="235"/>
        <source>The harness crashed, but with another signature than the recorded one.</source>
        <translation>Der Harness ist abgestürzt, aber mit einer anderen als der aufgezeichneten Signatur.</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="239"/>
        <source>Not reproduced: the harness did not crash on the input.</source>
        <translation>Nicht reproduziert: Der Harness ist bei dieser Eingabe nicht abgestürzt.</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="244"/>
        <source>The reproduction failed: %1</source>
        <translation>Die Reproduktion ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="252"/>
        <source>Recorded signature: %1&lt;br&gt;Signature now: %2</source>
        <translation>Aufgezeichnete Signatur: %1&lt;br&gt;Signatur jetzt: %2</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="255"/>
        <source>no crash</source>
        <translation>kein Absturz</translation>
    </message>
    <message>
        <location filename="../ui/findings/reproducedialog.cpp" line="256"/>
        <source>Recorded: %1
Now: %2</source>
        <translation>Aufgezeichnet: %1
Jetzt: %2</translation>
    </message>
</context>
<context>
    <name>ff::ui::ResourcePlot</name>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="70"/>
        <source>CPU (%)</source>
        <translation>CPU (%)</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="70"/>
        <source>Memory (MiB)</source>
        <translation>Speicher (MiB)</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="70"/>
        <source>PIDs</source>
        <translation>PIDs</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="71"/>
        <source>I/O (KiB/s)</source>
        <translation>E/A (KiB/s)</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="87"/>
        <source>Seconds since the run&apos;s first sample</source>
        <translation>Sekunden seit dem ersten Messwert des Laufs</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="115"/>
        <source>network in</source>
        <translation>Netzwerk ein</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="115"/>
        <source>network out</source>
        <translation>Netzwerk aus</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="116"/>
        <source>block read</source>
        <translation>Block lesen</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="116"/>
        <source>block write</source>
        <translation>Block schreiben</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="154"/>
        <source>%1 memory limit</source>
        <translation>%1 Speicherlimit</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="156"/>
        <source>%1 PIDs limit</source>
        <translation>%1 PIDs-Limit</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="161"/>
        <source>%1 throttled</source>
        <translation>%1 gedrosselt</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="162"/>
        <source>%1 at memory limit</source>
        <translation>%1 am Speicherlimit</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="241"/>
        <source>OOM</source>
        <translation>OOM</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="388"/>
        <source>%1: %2 % CPU</source>
        <translation>%1: %2 % CPU</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="392"/>
        <source>%1: %2 MiB</source>
        <translation>%1: %2 MiB</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="396"/>
        <source>%1: %2 PIDs</source>
        <translation>%1: %2 PIDs</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="400"/>
        <source>%1: network in %2, out %3, block read %4, write %5 KiB/s</source>
        <translation>%1: Netzwerk ein %2, aus %3, Block lesen %4, schreiben %5 KiB/s</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="407"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourceplot.cpp" line="408"/>
        <source>%1 s: %2</source>
        <translation>%1 s: %2</translation>
    </message>
</context>
<context>
    <name>ff::ui::ResourcesView</name>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="69"/>
        <location filename="../ui/plots/resourcesview.cpp" line="454"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="75"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="76"/>
        <source>Fit every shown run and follow live ones again</source>
        <translation>Alle angezeigten Läufe einpassen und aktiven Läufen wieder folgen</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="79"/>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="79"/>
        <source>Remove every run from the plot</source>
        <translation>Alle Läufe aus dem Diagramm entfernen</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="82"/>
        <source>Export PNG…</source>
        <translation>PNG exportieren …</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="83"/>
        <source>Save the plot as a PNG image</source>
        <translation>Diagramm als PNG-Bild speichern</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="89"/>
        <source>Drag to pan and scroll to zoom the time axis; double-click to fit. Triangles: the container was throttled; diamonds: it hit its memory limit; a red line: it was killed for lack of memory.</source>
        <translation>Ziehen verschiebt, Scrollen zoomt die Zeitachse; Doppelklick passt ein. Dreiecke: Der Container wurde gedrosselt; Rauten: Er hat sein Speicherlimit erreicht; eine rote Linie: Er wurde wegen Speichermangels beendet.</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="94"/>
        <source>The fuzzer&apos;s progress on the same time axis: coverage (edges found), executions per second, corpus entries and crashes saved. Drag to pan, scroll to zoom, double-click to fit.</source>
        <translation>Der Fortschritt des Fuzzers auf derselben Zeitachse: Abdeckung (gefundene Kanten), Ausführungen pro Sekunde, Korpus-Einträge und gespeicherte Abstürze. Ziehen verschiebt, Scrollen zoomt, Doppelklick passt ein.</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="99"/>
        <source>The runs in the plot: untick one to hide it</source>
        <translation>Die Läufe im Diagramm: Entfernen Sie einen Haken, um einen Lauf auszublenden</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="102"/>
        <source>Hover over the graphs to read their values.</source>
        <translation>Fahren Sie mit der Maus über die Graphen, um ihre Werte abzulesen.</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="238"/>
        <location filename="../ui/plots/resourcesview.cpp" line="460"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="254"/>
        <source>Run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="393"/>
        <source>Run %1: %2</source>
        <translation>Lauf %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="469"/>
        <source>Run %1: no resource samples were stored</source>
        <translation>Lauf %1: Es wurden keine Ressourcen-Messwerte gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="475"/>
        <source>Resource samples could not be read: %1</source>
        <translation>Ressourcen-Messwerte konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="478"/>
        <source>There is no history database, so finished runs cannot be shown: only runs under way are. Check the database URL in Settings.</source>
        <translation>Es gibt keine Verlaufsdatenbank, daher können abgeschlossene Läufe nicht angezeigt werden, nur laufende. Prüfen Sie die Datenbank-URL in den Einstellungen.</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="492"/>
        <source>No runs to show: select runs in the Runs or History view, or start one.</source>
        <translation>Keine Läufe anzuzeigen: Wählen Sie Läufe in der Ansicht „Läufe“ oder „Verlauf“ aus oder starten Sie einen.</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="517"/>
        <source>Export the resources plot</source>
        <translation>Ressourcendiagramm exportieren</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="519"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="525"/>
        <source>The plot could not be saved to %1.</source>
        <translation>Das Diagramm konnte nicht unter %1 gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../ui/plots/resourcesview.cpp" line="526"/>
        <source>Choose a folder you can write to.</source>
        <translation>Wählen Sie einen Ordner, in den Sie schreiben können.</translation>
    </message>
</context>
<context>
    <name>ff::ui::RunsModel</name>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="44"/>
        <source>Queued</source>
        <translation>In Warteschlange</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="46"/>
        <source>Preparing</source>
        <translation>Wird vorbereitet</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="48"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="50"/>
        <source>Collecting</source>
        <translation>Wird ausgewertet</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="52"/>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="54"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="56"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="58"/>
        <source>Timed out</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="60"/>
        <source>Dead</source>
        <translation>Aufgegeben</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="62"/>
        <source>Lost</source>
        <translation>Verloren</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="145"/>
        <source>image %1/%2</source>
        <translation>Image %1/%2</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="146"/>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="238"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="240"/>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="242"/>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="244"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="246"/>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="248"/>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="250"/>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="252"/>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="254"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="270"/>
        <source>The run history cannot be read: %1</source>
        <translation>Der Verlauf der Läufe kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsmodel.cpp" line="271"/>
        <source>Runs of this session are still shown.</source>
        <translation>Die Läufe dieser Sitzung werden weiterhin angezeigt.</translation>
    </message>
</context>
<context>
    <name>ff::ui::RunsView</name>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="88"/>
        <source>%1 queued, %2 running (paused)</source>
        <translation>%1 in Warteschlange, %2 laufend (angehalten)</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="89"/>
        <source>%1 queued, %2 running</source>
        <translation>%1 in Warteschlange, %2 laufend</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="102"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="107"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="107"/>
        <source>Cancel the selected queued or running runs</source>
        <translation>Ausgewählte wartende oder laufende Läufe abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="110"/>
        <source>Re-run</source>
        <translation>Erneut ausführen</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="110"/>
        <source>Run the selected finished runs again (same workflow, project, parameters)</source>
        <translation>Ausgewählte abgeschlossene Läufe erneut ausführen (gleicher Workflow, gleiches Projekt, gleiche Parameter)</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="113"/>
        <source>Open Results</source>
        <translation>Ergebnisse öffnen</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="113"/>
        <source>Open the folder with the run&apos;s raw outputs and log</source>
        <translation>Ordner mit den Rohausgaben und dem Log des Laufs öffnen</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="116"/>
        <source>Pause Queue</source>
        <translation>Warteschlange anhalten</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="116"/>
        <source>Start no more queued runs (running ones go on)</source>
        <translation>Keine weiteren Läufe aus der Warteschlange starten (laufende werden fortgesetzt)</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="120"/>
        <location filename="../ui/runs/runsview.cpp" line="304"/>
        <source>Open Shell</source>
        <translation>Shell öffnen</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="120"/>
        <source>Open a terminal with a shell in the running run&apos;s container</source>
        <translation>Terminal mit einer Shell im Container des aktiven Laufs öffnen</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="123"/>
        <source>Copy Debug Command</source>
        <translation>Debug-Befehl kopieren</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="124"/>
        <source>Copy the docker exec command that opens a shell in the running run&apos;s container</source>
        <translation>Den Befehl docker exec kopieren, der eine Shell im Container des aktiven Laufs öffnet</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="208"/>
        <source>Could not cancel: %1</source>
        <translation>Abbrechen nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="233"/>
        <location filename="../ui/runs/runsview.cpp" line="239"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="242"/>
        <source>Could not run again: %1</source>
        <translation>Erneutes Ausführen nicht möglich: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/runs/runsview.cpp" line="244"/>
        <source>Queued again as %n run(s): %1</source>
        <translation>
            <numerusform>Erneut in die Warteschlange gestellt als %n Lauf: %1</numerusform>
            <numerusform>Erneut in die Warteschlange gestellt als %n Läufe: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="256"/>
        <source>Run %1 has no results folder.</source>
        <translation>Lauf %1 hat keinen Ergebnisordner.</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="257"/>
        <source>The results folder of run %1 no longer exists: %2</source>
        <translation>Der Ergebnisordner von Lauf %1 existiert nicht mehr: %2</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="261"/>
        <source>No application opens %1; the folder is there to browse.</source>
        <translation>Keine Anwendung kann %1 öffnen; der Ordner ist vorhanden und kann durchsucht werden.</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="267"/>
        <source>The queue is paused: queued runs wait, running ones go on.</source>
        <translation>Die Warteschlange ist angehalten: Läufe in der Warteschlange warten, laufende werden fortgesetzt.</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="277"/>
        <source>Run %1 has no running container.</source>
        <translation>Lauf %1 hat keinen laufenden Container.</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="294"/>
        <source>Opened %1 with: %2</source>
        <translation>%1 geöffnet mit: %2</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="300"/>
        <source>No terminal was found ($TERMINAL, x-terminal-emulator, gnome-terminal, konsole or xterm).</source>
        <translation>Kein Terminal gefunden ($TERMINAL, x-terminal-emulator, gnome-terminal, konsole oder xterm).</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="302"/>
        <source>%1 The debug command is in the clipboard: %2</source>
        <translation>%1 Der Debug-Befehl ist in der Zwischenablage: %2</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="305"/>
        <source>%1

The command is in the clipboard; run it in a terminal:

%2</source>
        <translation>%1

Der Befehl ist in der Zwischenablage; führen Sie ihn in einem Terminal aus:

%2</translation>
    </message>
    <message>
        <location filename="../ui/runs/runsview.cpp" line="319"/>
        <source>Copied: %1</source>
        <translation>Kopiert: %1</translation>
    </message>
</context>
<context>
    <name>ff::ui::Session</name>
    <message>
        <location filename="../ui/common/session.cpp" line="22"/>
        <source>SQLite %1</source>
        <translation>SQLite %1</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="23"/>
        <source>PostgreSQL %1</source>
        <translation>PostgreSQL %1</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="50"/>
        <source>The Docker endpoint in Settings is not valid: %1</source>
        <translation>Der Docker-Endpunkt in den Einstellungen ist ungültig: %1</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="51"/>
        <source>Correct it in Settings &gt; Docker endpoint, or leave it empty to use DOCKER_HOST.</source>
        <translation>Korrigieren Sie ihn unter Einstellungen &gt; Docker-Endpunkt oder lassen Sie ihn leer, um DOCKER_HOST zu verwenden.</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="111"/>
        <source>no history</source>
        <translation>kein Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="113"/>
        <source>The history database cannot be opened: %1</source>
        <translation>Die Verlaufsdatenbank kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="114"/>
        <source>Runs still go, but they are not recorded and findings cannot be triaged. Check the database URL in Settings (or FUZZFORGE_DATABASE_URL) and restart.</source>
        <translation>Läufe funktionieren weiterhin, werden aber nicht aufgezeichnet, und für Befunde ist keine Triage möglich. Prüfen Sie die Datenbank-URL in den Einstellungen (oder FUZZFORGE_DATABASE_URL) und starten Sie neu.</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="165"/>
        <source>Runs left by an earlier session could not be recovered: %1</source>
        <translation>Läufe einer früheren Sitzung konnten nicht wiederhergestellt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="166"/>
        <source>They stay in the history as they were.</source>
        <translation>Sie bleiben unverändert im Verlauf.</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="189"/>
        <source>Docker %1, API %2, %3 CPUs, %4</source>
        <translation>Docker %1, API %2, %3 CPUs, %4</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="220"/>
        <source>%1 does not exist</source>
        <translation>%1 existiert nicht</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="222"/>
        <source>%1 is not a folder</source>
        <translation>%1 ist kein Ordner</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="224"/>
        <source>%1 cannot be read (permission denied)</source>
        <translation>%1 kann nicht gelesen werden (Zugriff verweigert)</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="226"/>
        <source>Cannot open the project: %1</source>
        <translation>Das Projekt kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="227"/>
        <source>Drop a folder you can read, or choose one with File &gt; Open Project.</source>
        <translation>Ziehen Sie einen lesbaren Ordner hierher oder wählen Sie einen über Datei &gt; Projekt öffnen.</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="298"/>
        <source>A workflow could not be loaded: %1</source>
        <translation>Ein Workflow konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="299"/>
        <source>Fix the manifest; the other workflows are available.</source>
        <translation>Korrigieren Sie das Manifest; die übrigen Workflows sind verfügbar.</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="365"/>
        <location filename="../ui/common/session.cpp" line="379"/>
        <location filename="../ui/common/session.cpp" line="397"/>
        <source>FuzzForge is still starting; try again in a moment</source>
        <translation>FuzzForge startet noch; versuchen Sie es gleich noch einmal</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="343"/>
        <source>Open a project first (File &gt; Open Project or drop a folder)</source>
        <translation>Öffnen Sie zuerst ein Projekt (Datei &gt; Projekt öffnen oder Ordner hierher ziehen)</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="425"/>
        <source>Some runs were refused: %1</source>
        <translation>Einige Läufe wurden abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="426"/>
        <source>Raise the resource budget in Settings, or lower the workflow&apos;s limits.</source>
        <translation>Erhöhen Sie das Ressourcenbudget in den Einstellungen oder senken Sie die Limits des Workflows.</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="461"/>
        <source>Triage cannot be saved: there is no history database.</source>
        <translation>Triage kann nicht gespeichert werden: Es gibt keine Verlaufsdatenbank.</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="462"/>
        <source>Check the database URL in Settings and restart.</source>
        <translation>Prüfen Sie die Datenbank-URL in den Einstellungen und starten Sie neu.</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="476"/>
        <source>Triage was not saved: %1</source>
        <translation>Triage wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../ui/common/session.cpp" line="477"/>
        <source>The database may be unavailable; try again once it answers.</source>
        <translation>Die Datenbank ist möglicherweise nicht erreichbar; versuchen Sie es erneut, sobald sie antwortet.</translation>
    </message>
</context>
<context>
    <name>ff::ui::SettingsDialog</name>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="49"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="51"/>
        <source>&amp;Engine and history</source>
        <translation>Engine und &amp;Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="52"/>
        <source>&amp;Limits</source>
        <translation>&amp;Limits</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="53"/>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="77"/>
        <source>from DOCKER_HOST, else unix:///var/run/docker.sock</source>
        <translation>aus DOCKER_HOST, sonst unix:///var/run/docker.sock</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="79"/>
        <source>unix:///path/to/docker.sock or tcp://host:2376 (TLS follows DOCKER_TLS_VERIFY and DOCKER_CERT_PATH)</source>
        <translation>unix:///path/to/docker.sock oder tcp://host:2376 (TLS richtet sich nach DOCKER_TLS_VERIFY und DOCKER_CERT_PATH)</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="81"/>
        <source>Docker &amp;endpoint:</source>
        <translation>Docker-&amp;Endpunkt:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="84"/>
        <source>from FUZZFORGE_DATABASE_URL, else SQLite in the data folder</source>
        <translation>aus FUZZFORGE_DATABASE_URL, sonst SQLite im Datenordner</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="86"/>
        <source>sqlite:/path/to/history.db or postgresql://user:password@host:5432/database</source>
        <translation>sqlite:/path/to/history.db oder postgresql://user:password@host:5432/database</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="87"/>
        <source>History &amp;database:</source>
        <translation>Verlaufs&amp;datenbank:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="88"/>
        <source>These two take effect when FuzzForge starts again.</source>
        <translation>Diese beiden Einstellungen werden beim nächsten Start von FuzzForge wirksam.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="91"/>
        <source>&amp;Keep the container and volume of a failed run for debugging</source>
        <translation>Container und Volume eines fehlgeschlagenen Laufs zur Fehlersuche &amp;behalten</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="103"/>
        <source>what the engine has</source>
        <translation>alles, was die Engine bietet</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="106"/>
        <source>Runs at &amp;once:</source>
        <translation>&amp;Gleichzeitige Läufe:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="107"/>
        <location filename="../ui/settingsdialog.cpp" line="115"/>
        <location filename="../ui/settingsdialog.cpp" line="136"/>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="109"/>
        <source>&amp;Memory budget:</source>
        <translation>Speicher&amp;budget:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="111"/>
        <source>&amp;CPU budget:</source>
        <translation>&amp;CPU-Budget:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="112"/>
        <source>For workflows whose manifest states no limit of its own:</source>
        <translation>Für Workflows, deren Manifest kein eigenes Limit angibt:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="114"/>
        <source>built-in default</source>
        <translation>integrierter Standardwert</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="117"/>
        <source>Default m&amp;emory:</source>
        <translation>Standard-&amp;Speicher:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="119"/>
        <source>Default C&amp;PUs:</source>
        <translation>Standard-C&amp;PUs:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="120"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="121"/>
        <source>Default &amp;timeout:</source>
        <translation>Standard-&amp;Zeitlimit:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="130"/>
        <source> lines</source>
        <translation> Zeilen</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="133"/>
        <source>Lines of each run&apos;s log the Logs view keeps in memory; older lines are dropped.</source>
        <translation>Zeilen des Logs jedes Laufs, die die Ansicht „Logs“ im Speicher hält; ältere Zeilen werden verworfen.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="135"/>
        <source>Log &amp;view keeps:</source>
        <translation>Log-Ansicht &amp;behält:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="137"/>
        <source>The end of each run&apos;s log kept in the history database.</source>
        <translation>Das Ende des Logs jedes Laufs, das in der Verlaufsdatenbank gespeichert wird.</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="138"/>
        <source>&amp;History keeps of each log:</source>
        <translation>Verlauf spei&amp;chert je Log:</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="139"/>
        <source>&amp;Notify me when a run that took longer than</source>
        <translation>Be&amp;nachrichtigen, wenn ein Lauf endet, der länger dauerte als</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="140"/>
        <source> s ends</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="149"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="152"/>
        <source>&amp;Language (after a restart):</source>
        <translation>&amp;Sprache (nach Neustart):</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="201"/>
        <source>Docker endpoint: %1</source>
        <translation>Docker-Endpunkt: %1</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="206"/>
        <source>History database: %1</source>
        <translation>Verlaufsdatenbank: %1</translation>
    </message>
    <message>
        <location filename="../ui/settingsdialog.cpp" line="209"/>
        <source>Default memory: a container needs at least 6 MiB</source>
        <translation>Standard-Speicher: Ein Container benötigt mindestens 6 MiB</translation>
    </message>
</context>
<context>
    <name>ff::ui::TerminalLauncher</name>
    <message>
        <location filename="../ui/runs/terminallauncher.cpp" line="48"/>
        <source>%1 could not be started: %2</source>
        <translation>%1 konnte nicht gestartet werden: %2</translation>
    </message>
</context>
<context>
    <name>ff::ui::WorkflowsModel</name>
    <message>
        <location filename="../ui/projects/workflowsmodel.cpp" line="105"/>
        <source>Applies to the current project</source>
        <translation>Anwendbar auf das aktuelle Projekt</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsmodel.cpp" line="107"/>
        <source>User workflow from %1</source>
        <translation>Benutzer-Workflow aus %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsmodel.cpp" line="140"/>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsmodel.cpp" line="142"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsmodel.cpp" line="144"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsmodel.cpp" line="146"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsmodel.cpp" line="148"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
</context>
<context>
    <name>ff::ui::WorkflowsView</name>
    <message numerus="yes">
        <location filename="../ui/projects/workflowsview.cpp" line="33"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/projects/workflowsview.cpp" line="35"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/projects/workflowsview.cpp" line="36"/>
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="52"/>
        <source>Regex</source>
        <translation>Regex</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="59"/>
        <location filename="../ui/projects/workflowsview.cpp" line="61"/>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="60"/>
        <location filename="../ui/projects/workflowsview.cpp" line="62"/>
        <source>Run All Applicable</source>
        <translation>Alle anwendbaren ausführen</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="68"/>
        <source>Search workflows…</source>
        <translation>Workflows durchsuchen …</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="70"/>
        <location filename="../ui/projects/workflowsview.cpp" line="225"/>
        <source>Filter by name, id, category or description</source>
        <translation>Nach Name, ID, Kategorie oder Beschreibung filtern</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="71"/>
        <source>Read the search text as a regular expression</source>
        <translation>Suchtext als regulären Ausdruck interpretieren</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="105"/>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="191"/>
        <source>Select a workflow to see what it does and its parameters.</source>
        <translation>Wählen Sie einen Workflow aus, um zu sehen, was er tut und welche Parameter er hat.</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="195"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="196"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="197"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="198"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="198"/>
        <source>built-in</source>
        <translation>integriert</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="200"/>
        <source>Runs</source>
        <translation>Führt aus</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="201"/>
        <source>every built-in workflow that applies to the project</source>
        <translation>jeden integrierten Workflow, der auf das Projekt anwendbar ist</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="205"/>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="207"/>
        <source>CPUs</source>
        <translation>CPUs</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="208"/>
        <source>Timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="209"/>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="209"/>
        <source>none (isolated)</source>
        <translation>keines (isoliert)</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="210"/>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="210"/>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="212"/>
        <source>Languages</source>
        <translation>Sprachen</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="216"/>
        <source>Applies to the current project.</source>
        <translation>Anwendbar auf das aktuelle Projekt.</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="226"/>
        <source>Not a valid regular expression: %1</source>
        <translation>Kein gültiger regulärer Ausdruck: %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="243"/>
        <source>FuzzForge is still starting</source>
        <translation>FuzzForge startet noch</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="245"/>
        <source>Open a project first: drop a folder on the Projects view or File &gt; Open Project</source>
        <translation>Öffnen Sie zuerst ein Projekt: Ziehen Sie einen Ordner auf die Ansicht „Projekte“ oder wählen Sie Datei &gt; Projekt öffnen</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="247"/>
        <source>Select a workflow first</source>
        <translation>Wählen Sie zuerst einen Workflow aus</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="249"/>
        <source>A parameter is not valid: correct the fields marked in red</source>
        <translation>Ein Parameter ist ungültig: Korrigieren Sie die rot markierten Felder</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="254"/>
        <source>Run %1 on the selected projects (Ctrl+Return)</source>
        <translation>%1 auf den ausgewählten Projekten ausführen (Ctrl+Return)</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="258"/>
        <source>Run every built-in workflow that applies to the selected projects, findings merged (Ctrl+Shift+Return)</source>
        <translation>Alle anwendbaren integrierten Workflows auf den ausgewählten Projekten ausführen, Befunde zusammengeführt (Ctrl+Shift+Return)</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="283"/>
        <source>Checking the projects and parameters…</source>
        <translation>Projekte und Parameter werden geprüft …</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="292"/>
        <source>Nothing was queued: %1</source>
        <translation>Nichts in die Warteschlange gestellt: %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="293"/>
        <source>The workflow could not be queued: %1</source>
        <translation>Der Workflow konnte nicht in die Warteschlange gestellt werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/projects/workflowsview.cpp" line="294"/>
        <source>Check the parameters and the selected projects, then run again.</source>
        <translation>Prüfen Sie die Parameter und die ausgewählten Projekte und starten Sie dann erneut.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/projects/workflowsview.cpp" line="299"/>
        <source>Queued %n run(s); follow them in the Runs view.</source>
        <translation>
            <numerusform>%n Lauf in die Warteschlange gestellt; verfolgen Sie ihn in der Ansicht „Läufe“.</numerusform>
            <numerusform>%n Läufe in die Warteschlange gestellt; verfolgen Sie sie in der Ansicht „Läufe“.</numerusform>
        </translation>
    </message>
</context>
</TS>
