// libFuzzer target: JsonStreamSplitter over arbitrary event/progress streams.
#include "docker/jsonstreamsplitter.h"
#include "fuzzcheck.h"

using ff::docker::JsonStreamSplitter;
using ff::fuzz::check;

namespace {

struct Split
{
    QList<QByteArray> documents;
    bool failed = false;
    bool partial = false;
};

Split split(const QList<QByteArray> &pieces)
{
    JsonStreamSplitter splitter;
    Split s;
    for (const QByteArray &piece : pieces) {
        splitter.feed(piece);
        QByteArray doc;
        while (splitter.next(doc))
            s.documents.append(doc);
    }
    s.failed = splitter.failed();
    check(!s.failed || splitter.errorString().startsWith(QLatin1String("malformed JSON stream")));
    s.partial = splitter.hasPartial();
    return s;
}

bool isBlank(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ff::fuzz::Input input;
    if (!ff::fuzz::readInput(data, size, input))
        return 0;

    const Split whole = split(input.whole());
    const Split halves = split(input.halves());
    check(whole.documents == halves.documents);
    check(whole.failed == halves.failed);
    if (!whole.failed)
        check(whole.partial == halves.partial);
    if (input.bytes.size() <= ff::fuzz::kSingleByteLimit) {
        const Split bytes = split(input.singleBytes());
        check(whole.documents == bytes.documents);
        check(whole.failed == bytes.failed);
    }

    // The documents are the input's own bytes, in order, with only blanks between them.
    qsizetype pos = 0;
    for (const QByteArray &doc : whole.documents) {
        check(doc.size() >= 2);
        check(doc.front() == '{' || doc.front() == '[');
        check(doc.back() == '}' || doc.back() == ']');
        while (pos < input.bytes.size() && isBlank(input.bytes.at(pos)))
            ++pos;
        check(input.bytes.mid(pos, doc.size()) == doc);
        pos += doc.size();
    }
    // Without an error, what is left is blanks or the start of a document.
    if (!whole.failed) {
        qsizetype rest = pos;
        while (rest < input.bytes.size() && isBlank(input.bytes.at(rest)))
            ++rest;
        check(whole.partial == (rest < input.bytes.size()));
        if (whole.partial)
            check(input.bytes.at(rest) == '{' || input.bytes.at(rest) == '[');
    }
    return 0;
}
