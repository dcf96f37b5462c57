#pragma once

#include <QCoreApplication>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ff::ui {

// The lines of a project file around a finding, read off the UI thread (read() touches the disk).
struct CodeSnippet
{
    Q_DECLARE_TR_FUNCTIONS(CodeSnippet)

public:
    QString file;      // the absolute path that was read
    QString error;     // why there are no lines: missing, unreadable, binary, outside the project
    int firstLine = 0; // the number of lines.first()
    int line = 0;      // the finding's line (highlighted); 0: the tool gave none
    QStringList lines;

    bool ok() const { return error.isEmpty(); }
    // `relativePath` must stay inside `projectPath` (no "..", no symbolic link out of it).
    static CodeSnippet read(const QString &projectPath, const QString &relativePath, int line,
                            int context = 5);
    // Numbered lines in a <pre>, the finding's line highlighted; or the error.
    QString toHtml() const;
    // Hides the secret values in the lines (a finding about a leaked secret shows where it
    // is, never the secret itself).
    void redactSecrets();
};

} // namespace ff::ui

Q_DECLARE_METATYPE(ff::ui::CodeSnippet)
