#!/usr/bin/env python3
"""Writes Indicators/reference/ram-status.csv from ../shared/data/reference/ram-status.csv.

The shared table (a fact table written for the project: which countries have done UNESCO's Readiness
Assessment Methodology, as UNESCO's observatory listed them in October 2025) is kept with its date and
source so that profiles can say where the status comes from; the wording of each status is the
project's. Usage: python3 scripts/build-ram-status.py [SHARED_DATA_DIR]
"""
import csv, os, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
source = os.path.join(data, "reference", "ram-status.csv")
out = os.path.join(root, "Indicators", "reference", "ram-status.csv")
words = {"completed": "completed", "in_process": "in process", "in_preparation": "in preparation"}
rows = []
with open(source, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        status = row["status_2025_10"].strip()
        if status not in words:
            sys.exit(f"{source}: unknown status {status!r} for {row['iso3']}")
        rows.append([row["iso3"].strip(), words[status], row["report_year"].strip(), row["note"].strip(), "2025-10",
                     "UNESCO Global AI Ethics and Governance Observatory, list of RAM countries (read via a 2026-02-23 scrape)"])
rows.sort()
tmp = out + ".tmp"
with open(tmp, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["iso3", "status", "report_year", "note", "as_of", "source"])
    w.writerows(rows)
os.replace(tmp, out)
print(f"wrote {out} ({len(rows)} countries)")
