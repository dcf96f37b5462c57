#pragma once

#include <hs/hs.h>

namespace ffsecrets {

// One Hyperscan block-mode database holding every rule's anchor (pattern id = anchor index),
// and a scratch prototype that each Scanner clones for its thread.
class Database
{
public:
    Database();
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    hs_database_t *db = nullptr;
    hs_scratch_t *scratch = nullptr;
};

} // namespace ffsecrets
