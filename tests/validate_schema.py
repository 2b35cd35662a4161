#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks a JSON Schema (draft 2020-12) and validates documents against it.

Usage: validate_schema.py SCHEMA DOCUMENT...
"""
import json
import sys

import jsonschema


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = False
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path)):
            pointer = "".join(f"/{p}" for p in error.path)
            print(f"{path}: {pointer}: {error.message}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
