// SPDX-License-Identifier: MIT
// The JSON layer, for a per-type mapping to include whole: the tree (json_value.hpp), the parse
// core (json_parse.hpp), the strict reader (json_read.hpp), the canonical writer
// (json_write.hpp) and the model's objects (model_json.hpp). Every JSON document of the library
// (data set, grid, engine snapshot, events, simulation) goes through these and nothing else.
#pragma once

#include "io/json_parse.hpp"
#include "io/json_read.hpp"
#include "io/json_value.hpp"
#include "io/json_write.hpp"
#include "io/model_json.hpp"
