#pragma once

#include "util/error.h"

namespace ff::docker {
// The client's errors are the core's general error values.
using ff::Error;
using ff::Result;
using ff::Status;
} // namespace ff::docker
