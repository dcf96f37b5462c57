<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ff::ui::MainWindow</name>
    <message>
        <source>FuzzForge</source>
        <translation>FuzzForge</translation>
    </message>
    <message>
        <source>&lt;h2&gt;FuzzForge&lt;/h2&gt;&lt;p&gt;Drop a project folder here to scan it.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;FuzzForge&lt;/h2&gt;&lt;p&gt;Ziehen Sie einen Projektordner hierher, um ihn zu prüfen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>engine: checking…</source>
        <translation>Engine: wird geprüft …</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Check &amp;Engine</source>
        <translation>&amp;Engine prüfen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About FuzzForge</source>
        <translation>Über &amp;FuzzForge</translation>
    </message>
    <message>
        <source>About FuzzForge</source>
        <translation>Über FuzzForge</translation>
    </message>
    <message>
        <source>&lt;b&gt;FuzzForge %1&lt;/b&gt;&lt;p&gt;Security-analysis workflows, each in its own hardened container.&lt;/p&gt;</source>
        <translation>&lt;b&gt;FuzzForge %1&lt;/b&gt;&lt;p&gt;Sicherheitsanalysen, jede in ihrem eigenen gehärteten Container.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>engine: connected (Docker %1, API %2)</source>
        <translation>Engine: verbunden (Docker %1, API %2)</translation>
    </message>
    <message>
        <source>engine: unreachable</source>
        <translation>Engine: nicht erreichbar</translation>
    </message>
</context>
</TS>
