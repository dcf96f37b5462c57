#pragma once

#include "findings/parsers.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace ff::fuzz {

// One frame of a sanitizer stack trace ("#0 0x55.. in read_field /target/src/parser.c:12:13").
struct StackFrame
{
    QString function; // empty when the trace names none
    QString file;     // as printed (absolute in the container), or the module "(/lib/x.so+0x3c04f)"
    int line = 0;
    int column = 0;
    QString path; // relative to the project when the file lies under the target, else empty
    bool inProject() const { return !path.isEmpty(); }
};

// What one reproducer run said: the first error of its output.
struct CrashReport
{
    QString type;             // the contract's crash types: heap-buffer-overflow, use-after-free, SEGV, ...
    QString access;           // "READ", "WRITE" or ""
    QString check;            // UBSan's check ("signed-integer-overflow"), for undefined-behavior
    QString summary;          // the SUMMARY line, else the error line
    QList<StackFrame> frames; // of the crashing stack (the first one after the error)
    bool recognised() const { return type != QLatin1String("fuzzer-crash"); }
};

CrashReport parseSanitizerReport(const QString &text,
                                 const QString &targetPrefix = QStringLiteral("/target"));
// sha256 hex of the type and the top three in-project frames ("function path", no lines).
QString crashSignature(const CrashReport &report);

// Reads /results/crashes.log (see the fuzzing workflows): one finding per crash signature,
// with Finding::properties["crash"] (signature, type, access, frames, occurrences, engine, stack,
// reproducer {name, size, base64} of the smallest input, check for UBSan, kind of the record).
Result<QList<findings::Finding>> parseCrashLog(const QByteArray &output,
                                               const findings::ParseContext &context);

} // namespace ff::fuzz
