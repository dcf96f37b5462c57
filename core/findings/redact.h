#pragma once

#include "finding.h"

#include <QString>

namespace ff::findings {

struct Redacted
{
    QString text;
    bool changed = false;
};

// A finding about a leaked credential (its workflow, tool, rule or CWE says so): its values are
// hidden in every report, whatever the options.
bool isSecretFinding(const Finding &finding);

// Hides secret values in text: well-known token formats (cloud, source-hosting, payment and
// messaging keys, JWTs, private key blocks), passwords in URLs and values assigned to names
// like password, secret, token or api_key. With `aggressive` (a finding about a secret), every
// quoted string and every long random-looking token is hidden as well.
Redacted redactSecrets(const QString &text, bool aggressive = false);

// Hides the secret values of a finding in place, in everything it carries that a tool wrote: the
// message, the snippet and a crash's stack. Findings about secrets always and aggressively;
// others only with `all`. The one function every output (reports, JSON, clipboard) goes
// through. Returns whether anything was hidden.
bool redactFinding(Finding &finding, bool all = true);

// What stands in for a hidden value: a short prefix and the length, never enough to use it.
QString maskValue(QStringView value);

} // namespace ff::findings
