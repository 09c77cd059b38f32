#!/usr/bin/env python3
"""Validates JSON profiles against Reports/schema/profile.schema.json (needs `pip install jsonschema`).

Usage: scripts/validate-profiles.py DIR   (e.g. Reports/demo)
"""
import glob
import json
import os
import sys

import jsonschema

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
schema = json.load(open(os.path.join(root, "Reports/schema/profile.schema.json")))
files = sorted(glob.glob(os.path.join(sys.argv[1], "*.json")))
for path in files:
    jsonschema.validate(json.load(open(path)), schema)
print(f"{len(files)} profiles valid")
