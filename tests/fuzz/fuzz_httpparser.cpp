// libFuzzer target: HttpResponseParser over arbitrary responses, whole and split.
#include "docker/httpresponseparser.h"
#include "fuzzcheck.h"

using ff::docker::HttpHeaders;
using ff::docker::HttpResponseParser;
using ff::fuzz::check;

namespace {

struct Parsed
{
    bool fed = true;
    bool finished = false;
    bool headersComplete = false;
    bool complete = false;
    bool upgraded = false;
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
    QString error;
};

Parsed parse(const QList<QByteArray> &pieces, bool head)
{
    HttpResponseParser parser(head);
    Parsed r;
    for (const QByteArray &piece : pieces) {
        if (!parser.feed(piece)) {
            r.fed = false;
            break;
        }
        r.body += parser.takeBody();
        check(parser.pendingBodySize() == 0);
    }
    r.headersComplete = parser.headersComplete();
    r.complete = parser.messageComplete();
    r.upgraded = parser.upgraded();
    r.finished = r.fed && parser.finish();
    r.body += parser.takeBody();
    r.status = parser.status();
    r.headers = parser.headers();
    r.error = parser.errorString();
    check(parser.failed() == !r.error.isEmpty());
    // Asking again changes nothing.
    check(parser.finish() == r.finished);
    return r;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ff::fuzz::Input input;
    if (!ff::fuzz::readInput(data, size, input))
        return 0;
    const bool head = input.flags & 1;

    const Parsed whole = parse(input.whole(), head);
    QList<Parsed> others{parse(input.halves(), head)};
    if (input.bytes.size() <= ff::fuzz::kSingleByteLimit)
        others.append(parse(input.singleBytes(), head));

    for (const Parsed &r : std::as_const(others)) {
        check(r.fed == whole.fed);
        check(r.finished == whole.finished);
        check(r.error == whole.error);
        // After a failure what was parsed so far is unspecified; before, it must not depend
        // on how the bytes arrived.
        if (!whole.fed)
            continue;
        check(r.headersComplete == whole.headersComplete);
        check(r.complete == whole.complete);
        check(r.upgraded == whole.upgraded);
        check(r.status == whole.status);
        check(r.headers == whole.headers);
        check(r.body == whole.body);
    }

    if (whole.finished) {
        check(whole.headersComplete);
        check(whole.status >= 0 && whole.status <= 999);
        check(!whole.upgraded || whole.status == 101);
        // After an upgrade the bytes belong to the new protocol, even in answer to HEAD.
        if (head && !whole.upgraded)
            check(whole.body.isEmpty());
    }
    return 0;
}
