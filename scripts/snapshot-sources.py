#!/usr/bin/env python3
"""Summarises the bundled snapshot's provenance as Markdown (used by scripts/build-snapshot).

Reads Indicators/snapshot/observations.csv and sources.csv (written by `readiness observations
--sources-out`) and prints one
row per indicator and source: publisher, dataset, licence, vintage, file, years and countries.
"""
import csv
import hashlib
import sys
from collections import defaultdict

path, sources_path = sys.argv[1], sys.argv[2]
with open(sources_path, newline="", encoding="utf-8") as handle:
    sources = {row["source"]: row for row in csv.DictReader(handle)}
groups = defaultdict(lambda: {"countries": set(), "years": set(), "rows": 0})
with open(path, newline="", encoding="utf-8") as handle:
    for row in csv.DictReader(handle):
        row.update({k: v for k, v in sources[row["source"]].items() if k != "source"})
        key = (row["indicator"], row["publisher"], row["dataset"], row["licence"], row["vintage"], row["source_file"])
        group = groups[key]
        group["countries"].add(row["country"])
        group["years"].add(row["period"])
        group["rows"] += 1
with open(path, "rb") as handle:
    digest = hashlib.sha256(handle.read()).hexdigest()

print("# Bundled data snapshot: sources")
print()
print("Written by `scripts/build-snapshot` with the project's own importers from the official files in")
print("`../shared/data` (each folder there has a PROVENANCE.md). `observations.csv` holds only the values the")
print("default framework needs (countries, years 2015 on, newest vintage per value); each row names its")
print("source (an id into `sources.csv`: publisher, dataset, licence, vintage, file) and its line in that file.")
print("No raw file is copied.")
print()
print(f"- `observations.csv` SHA-256: `{digest}`")
print(f"- values: {sum(g['rows'] for g in groups.values())}")
print()
print("Licences: World Bank WDI and WGI data are CC BY 4.0; Our World in Data is CC BY 4.0 (underlying data ITU")
print("via the World Bank); UN E-Government Survey data are published by UN DESA for free use with attribution;")
print("the ITU Global Cybersecurity Index is under ITU's terms, which permit re-use for educational and")
print("non-commercial purposes only.")
print()
print("| indicator | publisher | dataset | licence | vintage | file | years | countries | values |")
print("|---|---|---|---|---|---|---|---|---|")
for key in sorted(groups):
    indicator, publisher, dataset, licence, vintage, source_file = key
    group = groups[key]
    years = sorted(group["years"])
    span = f"{years[0]}–{years[-1]}" if years else ""
    cells = [f"`{indicator}`", publisher, dataset, licence, vintage, f"`{source_file}`", span,
             str(len(group["countries"])), str(group["rows"])]
    print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
