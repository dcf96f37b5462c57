#pragma once

// Confirm steps of the structured rules: each reads the token around its Hyperscan anchor,
// checks boundaries, lengths and any checksum, and grades it.

#include "rules.h"

namespace ffsecrets {

bool confirmGithubClassic(const Window &w, Candidate &c);
bool confirmGithubFineGrained(const Window &w, Candidate &c);
bool confirmGitlab(const Window &w, Candidate &c);
bool confirmNpm(const Window &w, Candidate &c);
bool confirmPypi(const Window &w, Candidate &c);
bool confirmAwsKeyId(const Window &w, Candidate &c);
bool confirmAwsSecret(const Window &w, Candidate &c);
bool confirmServiceAccount(const Window &w, Candidate &c);
bool confirmGoogleApiKey(const Window &w, Candidate &c);
bool confirmAzureConnection(const Window &w, Candidate &c);
bool confirmAzureKeyAssignment(const Window &w, Candidate &c);
bool confirmStripe(const Window &w, Candidate &c);
bool confirmSlackToken(const Window &w, Candidate &c);
bool confirmSlackWebhook(const Window &w, Candidate &c);
bool confirmTwilioApiKey(const Window &w, Candidate &c);
bool confirmTwilioAuthToken(const Window &w, Candidate &c);
bool confirmSendgrid(const Window &w, Candidate &c);
bool confirmPrivateKey(const Window &w, Candidate &c);
bool confirmJwt(const Window &w, Candidate &c);
bool confirmDatabaseUrl(const Window &w, Candidate &c);
bool confirmBasicAuthUrl(const Window &w, Candidate &c);
bool confirmSqlPassword(const Window &w, Candidate &c);

// True when a GitHub or npm token (prefix_ + 30 random + 6 checksum characters) has a valid CRC32.
bool githubChecksumValid(std::string_view token);

} // namespace ffsecrets
