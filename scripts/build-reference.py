#!/usr/bin/env python3
"""Build the project's country reference tables in Indicators/reference/.

Build-time helper only: the toolkit never runs Python. The script reads the
third-party files under ../shared/data (or --data DIR), derives our own tables
with our own schema, writes them as UTF-8 / LF / RFC 4180 CSV, and then runs
the consistency checks described in Indicators/reference/README.md.

    python3 scripts/build-reference.py            # rebuild + check
    python3 scripts/build-reference.py --check    # check only, write nothing

Curated parts (non-ISO codes, code aliases, extra name variants, bloc
memberships, border additions) are the constants below; edit them here and
re-run.  Python 3.9+, standard library only.
"""

from __future__ import annotations

import argparse
import csv
import glob
import io
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "Indicators", "reference")
DEFAULT_DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))

# The World Bank country metadata used for wb_region / wb_income (newest vintage).
WB_CLASSIFICATION_FILE = (
    "indicators/worldbank_bulk/Metadata_Country_API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_13361.csv"
)
WB_CLASSIFICATION_VINTAGE = "2025-03-24"

# ---------------------------------------------------------------------------
# Curated data
# ---------------------------------------------------------------------------

# Rows of countries.csv that are not in the ISO 3166-1 table.
# kind "non-iso": live economy codes used by statistical offices.
# kind "former": codes of entities that no longer exist but still appear in
#                historical series (WGI, UIS).
# numeric: the UN M49 area code where M49 has one (it equals the ISO numeric
# for every ISO row); empty for Kosovo (no M49 code of its own).
EXTRA_COUNTRIES = [
    # iso3, iso2, numeric, name, kind, m49_region, m49_subregion, m49_intermediate
    ("XKX", "XK", "", "Kosovo", "non-iso", "Europe", "Southern Europe", ""),
    ("CHI", "", "830", "Channel Islands", "non-iso", "Europe", "Northern Europe", "Channel Islands"),
    ("ANT", "AN", "530", "Netherlands Antilles", "former",
     "Americas", "Latin America and the Caribbean", "Caribbean"),
    ("XDN", "", "736", "Sudan (pre-secession)", "former", "Africa", "Northern Africa", ""),
]

# Codes used by publishers for an entity that has another code in countries.csv.
# code -> (iso3, used_by, note)
CODE_ALIASES = {
    "ADO": ("AND", "wb", "old World Bank code for Andorra (WGI long panel)"),
    "KSV": ("XKX", "wb", "old World Bank code for Kosovo (WGI long panel)"),
    "ROM": ("ROU", "wb", "old World Bank / pre-2002 ISO code for Romania (WGI long panel)"),
    "TMP": ("TLS", "wb", "old World Bank / pre-2002 ISO code for Timor-Leste (WGI long panel)"),
    "WBG": ("PSE", "wb", "old World Bank code for West Bank and Gaza (WGI long panel)"),
    "ZAR": ("COD", "wb", "old World Bank / pre-1997 ISO code for Congo, Dem. Rep. (WGI long panel)"),
    "OWID_KOS": ("XKX", "owid", "Our World in Data code for Kosovo"),
    "ZZA": ("CHI", "uis", "UNESCO UIS code for the Channel Islands"),
}

# Name variants that are not (or not necessarily) in the shared files.
# Tagged "common" unless a source file also uses them.
COMMON_NAMES = {
    "AFG": ["Islamic Republic of Afghanistan"],
    "ALA": ["Aland Islands"],
    "ARE": ["UAE"],
    "BHS": ["Bahamas, The", "The Bahamas", "Bahamas"],
    "BLM": ["Saint Barthélemy", "Saint Barthelemy", "St. Barthelemy"],
    "BOL": ["Bolivia (Plurinational State of)", "Bolivia"],
    "BRN": ["Brunei", "Brunei Darussalam"],
    "CIV": ["Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast", "Côte d’Ivoire"],
    "COD": ["Congo, Dem. Rep.", "Democratic Republic of the Congo", "Democratic Republic of Congo",
            "DR Congo", "Congo-Kinshasa", "Congo (Kinshasa)", "Congo, Democratic Republic of the"],
    "COG": ["Congo, Rep.", "Republic of the Congo", "Republic of Congo", "Congo-Brazzaville",
            "Congo (Brazzaville)"],
    "CPV": ["Cabo Verde", "Cape Verde"],
    "CUW": ["Curacao", "Curaçao"],
    "CZE": ["Czechia", "Czech Republic"],
    "EGY": ["Egypt, Arab Rep.", "Egypt"],
    "FRO": ["Faroe Islands", "Faeroe Islands"],
    "FSM": ["Micronesia, Fed. Sts.", "Micronesia (Federated States of)", "Federated States of Micronesia"],
    "GBR": ["United Kingdom of Great Britain and Northern Ireland", "United Kingdom", "Great Britain"],
    "GMB": ["Gambia, The", "The Gambia", "Gambia"],
    "HKG": ["Hong Kong SAR, China", "Hong Kong", "Hong Kong, China", "China, Hong Kong SAR",
            "China, Hong Kong Special Administrative Region"],
    "IRN": ["Iran, Islamic Rep.", "Iran (Islamic Republic of)", "Iran"],
    "KGZ": ["Kyrgyz Republic", "Kyrgyzstan"],
    "KOR": ["Korea, Rep.", "Republic of Korea", "South Korea", "Korea (Rep. of)"],
    "PRK": ["Korea, Dem. People's Rep.", "Democratic People's Republic of Korea", "North Korea"],
    "LAO": ["Lao PDR", "Laos", "Lao People's Democratic Republic"],
    "LCA": ["St. Lucia", "Saint Lucia"],
    "KNA": ["St. Kitts and Nevis", "Saint Kitts and Nevis"],
    "VCT": ["St. Vincent and the Grenadines", "Saint Vincent and the Grenadines"],
    "MAC": ["Macao SAR, China", "Macao", "Macau", "China, Macao SAR",
            "China, Macao Special Administrative Region"],
    "MDA": ["Moldova", "Republic of Moldova"],
    "MKD": ["North Macedonia", "The former Yugoslav Republic of Macedonia", "Macedonia, FYR",
            "Republic of North Macedonia"],
    "MMR": ["Myanmar", "Burma"],
    "PSE": ["West Bank and Gaza", "Palestine", "State of Palestine", "Palestinian Territories"],
    "REU": ["Reunion", "Réunion"],
    "RUS": ["Russian Federation", "Russia"],
    "SVK": ["Slovak Republic", "Slovakia"],
    "STP": ["Sao Tome and Principe", "São Tomé and Príncipe", "São Tomé and Principe"],
    "SWZ": ["Eswatini", "Swaziland", "Kingdom of Eswatini"],
    "SYR": ["Syrian Arab Republic", "Syria"],
    "TLS": ["Timor-Leste", "East Timor"],
    "TUR": ["Türkiye", "Turkiye", "Turkey"],
    "TWN": ["Taiwan", "Taiwan, China", "Chinese Taipei"],
    "TZA": ["Tanzania", "United Republic of Tanzania"],
    "USA": ["United States of America", "United States"],
    "VAT": ["Holy See", "Vatican City", "Vatican"],
    "VEN": ["Venezuela, RB", "Venezuela", "Venezuela (Bolivarian Republic of)"],
    "VNM": ["Viet Nam", "Vietnam"],
    "YEM": ["Yemen, Rep.", "Yemen"],
    "XKX": ["Kosovo"],
    "CHI": ["Channel Islands"],
    "ANT": ["Netherlands Antilles"],
}

# Names in codeless files (UN EGOV 2022, AI Index) that no coded source spells.
MANUAL_NAME_MAP = {
    "Georgia (Country)": "GEO",   # UN EGOV 2022 spelling
}

# Aggregates published by OECD in the shared OECD files (code -> names).
OECD_AGGREGATES = {"OECD", "EU28", "WLD", "OME"}
# OECD sub-national units in the PART2 SDMX-JSON file: neither country nor aggregate.
OECD_SUBNATIONAL_RE = re.compile(r"^[A-Z]{3}-[A-Z]{2,3}$|^BAS$")

# Land borders missing from geodatasource that we add (documented in README).
BORDER_ADDITIONS = [("XKX", "ALB"), ("XKX", "MKD"), ("XKX", "MNE"), ("XKX", "SRB")]

BLOCS_AS_OF = "2025-11-01"

BLOCS = {
    "ASEAN": (
        ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"],
        {"TLS": "11th member; admitted 2025-10-26 (47th ASEAN Summit, Kuala Lumpur)",
         "MMR": "member; political-level representation at summits restricted since 2021"},
    ),
    "AU": (
        ["DZA", "AGO", "BEN", "BWA", "BFA", "BDI", "CMR", "CPV", "CAF", "TCD", "COM", "COG", "COD",
         "CIV", "DJI", "EGY", "GNQ", "ERI", "SWZ", "ETH", "GAB", "GMB", "GHA", "GIN", "GNB", "KEN",
         "LSO", "LBR", "LBY", "MDG", "MWI", "MLI", "MRT", "MUS", "MAR", "MOZ", "NAM", "NER", "NGA",
         "RWA", "ESH", "STP", "SEN", "SYC", "SLE", "SOM", "ZAF", "SSD", "SDN", "TZA", "TGO", "TUN",
         "UGA", "ZMB", "ZWE"],
        {"ESH": "member as the Sahrawi Arab Democratic Republic (SADR); ISO entry Western Sahara",
         "MAR": "rejoined 2017-01-30",
         "MLI": "suspended since 2021-06 (unconstitutional change of government)",
         "GIN": "suspended since 2021-09 (unconstitutional change of government)",
         "SDN": "suspended since 2021-10 (unconstitutional change of government)",
         "BFA": "suspended since 2022-01 (unconstitutional change of government)",
         "NER": "suspended since 2023-08 (unconstitutional change of government)",
         "MDG": "suspended since 2025-10 (unconstitutional change of government)",
         "GAB": "suspended 2023-08, reinstated 2025-04"},
    ),
    "EU": (
        ["AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
         "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
         "SWE"],
        {},
    ),
    "COMMONWEALTH": (
        [  # Africa (21)
         "BWA", "CMR", "GAB", "SWZ", "GMB", "GHA", "KEN", "LSO", "MWI", "MUS", "MOZ", "NAM", "NGA",
         "RWA", "SYC", "SLE", "ZAF", "TGO", "UGA", "TZA", "ZMB",
         # Asia (8)
         "BGD", "BRN", "IND", "MYS", "MDV", "PAK", "SGP", "LKA",
         # Caribbean and Americas (13)
         "ATG", "BHS", "BRB", "BLZ", "CAN", "DMA", "GRD", "GUY", "JAM", "KNA", "LCA", "VCT", "TTO",
         # Europe (3)
         "CYP", "MLT", "GBR",
         # Pacific (11)
         "AUS", "FJI", "KIR", "NRU", "NZL", "PNG", "WSM", "SLB", "TON", "TUV", "VUT"],
        {"GAB": "joined 2022-06 (CHOGM Kigali)", "TGO": "joined 2022-06 (CHOGM Kigali)",
         "GMB": "rejoined 2018-02-08", "MDV": "rejoined 2020-02-01",
         "RWA": "joined 2009-11", "MOZ": "joined 1995-11", "CMR": "joined 1995-11"},
    ),
    "OECD": (
        ["AUS", "AUT", "BEL", "CAN", "CHL", "COL", "CRI", "CZE", "DNK", "EST", "FIN", "FRA", "DEU",
         "GRC", "HUN", "ISL", "IRL", "ISR", "ITA", "JPN", "KOR", "LVA", "LTU", "LUX", "MEX", "NLD",
         "NZL", "NOR", "POL", "PRT", "SVK", "SVN", "ESP", "SWE", "CHE", "TUR", "GBR", "USA"],
        {"COL": "joined 2020-04-28", "CRI": "joined 2021-05-25"},
    ),
    "G20": (
        ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX",
         "RUS", "SAU", "ZAF", "TUR", "GBR", "USA"],
        {},
    ),
}
BLOC_EXPECTED_COUNTS = {"ASEAN": 11, "AU": 55, "EU": 27, "COMMONWEALTH": 56, "OECD": 38, "G20": 19}

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def normalise(name: str) -> str:
    """The matching key: trim, collapse whitespace, strip diacritics, case-fold."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"\s+", " ", s).strip()
    return s.casefold()


def clean(name: str) -> str:
    """The stored spelling: trimmed, internal whitespace collapsed, NFC."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip()


def read_dicts(path, encoding="utf-8-sig"):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def write_csv(name, header, rows):
    path = os.path.join(OUT_DIR, name)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    return path


def read_wb_bulk(path):
    """(code, name) pairs of a WB bulk API_*.csv, incl. the Excel-resaved ';' variant."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        raw = f.read()
    delim = ";" if raw.splitlines()[0].count(";") > raw.splitlines()[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(raw), delimiter=delim))
    start = next(i for i, r in enumerate(rows) if r and r[0].strip() == "Country Name")
    out = []
    for r in rows[start + 1:]:
        if delim == ";" and len(r) > 2 and not re.fullmatch(r"[A-Z0-9]{3}", r[1]):
            # Excel turned "Korea, Rep." into two fields "Korea" and " Rep.".
            j = next((j for j in range(2, len(r)) if re.fullmatch(r"[A-Z0-9]{3}", r[j])), None)
            if j is None:
                continue
            r = [", ".join(x.strip() for x in r[:j])] + r[j:]
        if len(r) >= 2 and r[1].strip() and r[0].strip():
            out.append((r[1].strip(), r[0]))
    return out


# ---------------------------------------------------------------------------
# Source loading
# ---------------------------------------------------------------------------


class Sources:
    def __init__(self, data):
        self.data = data
        p = lambda *a: os.path.join(data, *a)  # noqa: E731
        self.iso = read_dicts(p("reference", "iso3166-m49-regions.csv"), "utf-8")
        self.borders = read_dicts(p("reference", "GEODATASOURCE-COUNTRY-BORDERS.CSV"), "utf-8")
        self.wb_meta = {}
        for f in sorted(glob.glob(p("**", "Metadata_Country_*.csv"), recursive=True)):
            self.wb_meta[os.path.relpath(f, data)] = read_dicts(f)
        self.wb_class = {r["Country Code"]: r for r in read_dicts(p(WB_CLASSIFICATION_FILE))}

        # Named observations: (publisher, code-or-"", name, file)
        self.names = []
        self.wb_codes = []  # (code, name, file) of every WB file, for the checks
        for f in sorted(glob.glob(p("**", "API_*.csv"), recursive=True)
                        + glob.glob(p("**", "TRICKY*API_*.csv"), recursive=True)):
            if "/Metadata_" in f:
                continue
            for code, name in read_wb_bulk(f):
                self._add("wb", code, name, f, wb=True)
        for f, rows in self.wb_meta.items():
            for r in rows:
                self._add("wb", r["Country Code"], r["TableName"], p(f), wb=True)
        f = p("indicators", "wgi", "WGI_databank_2020__artt_crypto-mobility_governance.csv")
        for r in read_dicts(f):
            if r["Country Code"]:
                self._add("wb", r["Country Code"], r["Country Name"], f, wb=True)
        f = p("indicators", "wgi", "WGI_2020update_1996-2019_long__Chapter12_Governance.csv")
        for r in read_dicts(f, "cp1252"):
            self._add("wb", r["Code"], r["Country/Territory"], f, wb=True)
        f = p("indicators", "worldbank_api_long", "wb_wdi_2024.csv")
        for r in read_dicts(f):
            self._add("wb", r["cty_iso"], r["cty_nm"], f, wb=True)
        f = p("indicators", "un_egov", "EGOV_DATA_2022.csv")
        for r in read_dicts(f):
            self._add("un", "", r["Country Name"], f)
        for f in sorted(glob.glob(p("indicators", "un_egov", "egdi-*.csv"))):
            for r in read_dicts(f):
                self._add("un", r["country-code"], r["country-name"], f)
        for f in sorted(glob.glob(p("itu", "*.csv"))):
            for r in read_dicts(f):
                self._add("itu", r["entityIso"], r["entityName"], f)
        for f in sorted(glob.glob(p("oecd", "*.csv"))):
            for r in read_dicts(f):
                self._add("oecd", r["COU"], r["Country"], f)
        for f in sorted(glob.glob(p("oecd", "*.json"))):
            with open(f, encoding="utf-8") as fh:
                j = json.load(fh)
            for d in j.get("structure", {}).get("dimensions", {}).get("observation", []):
                if d["id"] in ("LOCATION", "COU", "REF_AREA"):
                    for v in d["values"]:
                        self._add("oecd", v["id"], v["name"], f)
        for f in sorted(glob.glob(p("indicators", "owid", "*.csv"))):
            for r in read_dicts(f):
                self._add("owid", r["Code"], r["Entity"], f)
        f = p("unesco_uis", "SDG_COUNTRY.csv")
        for r in read_dicts(f):
            self._add("uis", r["COUNTRY_ID"], r["COUNTRY_NAME_EN"], f)
        self.uis_regions = read_dicts(p("unesco_uis", "SDG_REGION.csv"))
        for r in self.uis_regions:
            self._add("uis", r["COUNTRY_ID"], r["COUNTRY_NAME_EN"], p("unesco_uis", "SDG_REGION.csv"))
        for f in sorted(glob.glob(p("indicators", "ai_strategy", "*.csv"))):
            for r in read_dicts(f):
                self._add("aiindex", "", r["Country"], f)
        for f in sorted(glob.glob(p("coinr-asem", "*.csv"))):
            rows = read_dicts(f)
            if rows and "uCode" in rows[0] and "uName" in rows[0]:
                for r in rows:
                    self._add("coinr", r["uCode"], r["uName"], f)
        for r in self.borders:
            self._add("geodatasource", r["country_code"], r["country_name"], "", iso2=True)

    def _add(self, pub, code, name, f, wb=False, iso2=False):
        code = (code or "").strip()
        rel = os.path.relpath(f, self.data) if f else ""
        self.names.append((pub, code, name, rel, iso2))
        if wb:
            self.wb_codes.append((code, name, rel))


# ---------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------


def build_countries(src):
    rows = []
    for r in src.iso:
        rows.append([r["alpha-3"], r["alpha-2"], r["country-code"].zfill(3), r["name"], "iso",
                     r["region"], r["sub-region"], r["intermediate-region"]])
    for e in EXTRA_COUNTRIES:
        rows.append(list(e))
    out = []
    for r in rows:
        wb = src.wb_class.get(r[0])
        if wb is not None and not wb["Region"]:
            raise SystemExit(f"{r[0]} is a WB aggregate")
        out.append(r + [wb["Region"] if wb else "", wb["IncomeGroup"] if wb else ""])
    out.sort(key=lambda r: r[0])
    return out


def build_aggregates(src, country_codes):
    agg = set()  # (code, name, publisher)
    wb_agg_codes = set()
    for rows in src.wb_meta.values():
        for r in rows:
            if not r["Region"]:
                wb_agg_codes.add(r["Country Code"])
                agg.add((r["Country Code"], clean(r["TableName"]), "wb"))
    wb_agg_codes.add("INX")  # "Not classified": in bulk files, absent from the metadata files
    wb_names_by_agg_code = {}
    for pub, code, name, f, _ in src.names:
        if pub == "wb" and code in wb_agg_codes:
            agg.add((code, clean(name), "wb"))
            wb_names_by_agg_code.setdefault(clean(name), code)
    # WB API long file: income groups carry no ISO3 code, only a 2-letter id.
    for pub, code, name, f, _ in src.names:
        if pub == "wb" and not code and clean(name) not in wb_names_by_agg_code:
            raise SystemExit(f"WB row without code and unknown aggregate name: {name!r} ({f})")
    for pub, code, name, f, _ in src.names:
        if pub == "owid" and (code.startswith("OWID_") and code not in CODE_ALIASES):
            agg.add((code, clean(name), "owid"))
        elif pub == "owid" and not code and normalise(name) not in COUNTRY_NAME_OVERRIDES:
            agg.add((clean(name), clean(name), "owid"))
        elif pub == "oecd" and code in OECD_AGGREGATES:
            agg.add((code, clean(name), "oecd"))
        elif pub == "aiindex" and clean(name) == "European Union":
            agg.add(("European Union", "European Union", "aiindex"))
    for r in src.uis_regions:
        rid = r["REGION_ID"].strip()
        label = rid.split(": ", 1)[1] if ": " in rid else rid
        agg.add((rid, clean(label), "uis"))
    for code, name, pub in agg:
        if pub in ("wb", "oecd") and code in country_codes:
            raise SystemExit(f"aggregate code {code} collides with a country code")
    return sorted(agg, key=lambda r: (r[2], r[0], r[1]))


# OWID rows with an empty Code that are countries, not aggregates.
COUNTRY_NAME_OVERRIDES = {normalise("Faeroe Islands"): "FRO"}


def resolve_code(code, countries_by_iso3, iso2_map):
    if code in countries_by_iso3:
        return code
    if code in CODE_ALIASES:
        return CODE_ALIASES[code][0]
    return None


def build_names(src, countries, aggregates):
    c3 = {r[0]: r for r in countries}
    iso2 = {r[1]: r[0] for r in countries if r[1]}
    entries = defaultdict(set)  # (iso3, stored name) -> tags
    skipped = []

    def put(iso3, name, tag):
        n = clean(name)
        if n:
            entries[(iso3, n)].add(tag)

    for r in countries:
        put(r[0], r[3], "iso" if r[4] == "iso" else "project")
    codeless = []
    for pub, code, name, f, is_iso2 in src.names:
        if is_iso2:
            iso3 = iso2.get(code)
        elif pub == "owid" and not code:
            iso3 = COUNTRY_NAME_OVERRIDES.get(normalise(name))
            if iso3 is None:
                continue  # aggregate
        elif not code:
            codeless.append((pub, name, f))
            continue
        else:
            iso3 = resolve_code(code, c3, iso2)
        if iso3 is None:
            skipped.append((pub, code, name, f))
            continue
        put(iso3, name, pub)

    # curated variants
    for iso3, variants in COMMON_NAMES.items():
        for v in variants:
            if (iso3, clean(v)) not in entries:
                entries[(iso3, clean(v))].add("common")

    # codeless sources: resolve through the index built so far
    index = defaultdict(set)
    for (iso3, n) in entries:
        index[normalise(n)].add(iso3)
    agg_keys = {normalise(a[1]) for a in aggregates} | {normalise(a[0]) for a in aggregates}
    for pub, name, f in codeless:
        k = normalise(name)
        if clean(name) in MANUAL_NAME_MAP:
            put(MANUAL_NAME_MAP[clean(name)], name, pub)
        elif len(index.get(k, ())) == 1:
            put(next(iter(index[k])), name, pub)
        elif k in agg_keys:
            continue
        else:
            raise SystemExit(f"cannot resolve name {name!r} from {f}")

    rows = [[iso3, n, "|".join(sorted(tags))] for (iso3, n), tags in entries.items()]
    rows.sort(key=lambda r: (r[0], normalise(r[1]), r[1]))
    return rows, skipped


def build_borders(src, countries):
    iso2 = {r[1]: r[0] for r in countries if r[1]}
    pairs = set()
    problems = []
    for r in src.borders:
        a, b = r["country_code"].strip(), r["country_border_code"].strip()
        if not b:
            continue
        if a not in iso2 or b not in iso2:
            problems.append(f"unknown alpha-2 in {a}-{b}")
            continue
        pairs.add((iso2[a], iso2[b]))
    asym = sorted((a, b) for a, b in pairs if (b, a) not in pairs)
    for a, b in BORDER_ADDITIONS:
        pairs.add((a, b))
        pairs.add((b, a))
    for a, b in asym:  # make symmetric (none expected, see README)
        pairs.add((b, a))
    return sorted(pairs), asym, problems


def build_blocs():
    rows = []
    for bloc, (members, notes) in BLOCS.items():
        if len(set(members)) != len(members):
            raise SystemExit(f"duplicate member in {bloc}")
        for m in members:
            rows.append([bloc, m, notes.get(m, "")])
        for k in notes:
            if k not in members:
                raise SystemExit(f"note for non-member {k} in {bloc}")
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


def build_aliases():
    return sorted([[c, i, u, n] for c, (i, u, n) in CODE_ALIASES.items()])


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def read_out(name):
    with open(os.path.join(OUT_DIR, name), encoding="utf-8", newline="") as f:
        raw = f.read()
    assert not raw.startswith("\ufeff"), f"{name}: BOM"
    assert "\r" not in raw, f"{name}: CR in file"
    return list(csv.reader(io.StringIO(raw)))


def run_checks(src):
    ok = True

    def report(label, bad):
        nonlocal ok
        status = "OK" if not bad else f"FAIL ({len(bad)})"
        print(f"  [{status}] {label}")
        for b in list(bad)[:15]:
            print(f"        {b}")
        if bad:
            ok = False

    countries = read_out("countries.csv")
    names = read_out("country-names.csv")
    aggs = read_out("aggregates.csv")
    borders = read_out("borders.csv")
    blocs = read_out("blocs.csv")
    aliases = read_out("code-aliases.csv")
    hdr = {
        "countries.csv": "iso3,iso2,numeric,name,kind,m49_region,m49_subregion,m49_intermediate,wb_region,wb_income",
        "country-names.csv": "iso3,name,used_by",
        "aggregates.csv": "code,name,publisher",
        "borders.csv": "iso3,neighbour_iso3",
        "blocs.csv": "bloc,iso3,note",
        "code-aliases.csv": "code,iso3,used_by,note",
    }
    tables = {"countries.csv": countries, "country-names.csv": names, "aggregates.csv": aggs,
              "borders.csv": borders, "blocs.csv": blocs, "code-aliases.csv": aliases}
    print("Row counts (excluding header):")
    for n, t in tables.items():
        print(f"  {n}: {len(t) - 1}")
    print("Checks:")
    report("headers exactly as specified",
           [n for n, t in tables.items() if ",".join(t[0]) != hdr[n]])
    countries, names, aggs, borders, blocs, aliases = (t[1:] for t in tables.values())
    c3 = {r[0] for r in countries}
    report("countries: unique iso3 / iso2 / numeric",
           [k for k in ("iso3", "iso2", "numeric")
            for col in [{"iso3": 0, "iso2": 1, "numeric": 2}[k]]
            if len([r[col] for r in countries if r[col]]) != len({r[col] for r in countries if r[col]})])
    report("countries: 249 ISO rows, numeric 3 digits",
           ([f"iso rows = {sum(r[4] == 'iso' for r in countries)}"] if sum(r[4] == 'iso' for r in countries) != 249 else [])
           + [r[0] for r in countries if r[2] and not re.fullmatch(r"\d{3}", r[2])])
    iso_src = {r["alpha-3"]: r for r in src.iso}
    report("countries: ISO rows agree with lukes (codes, name, M49)",
           [r[0] for r in countries if r[4] == "iso" and (
               r[1] != iso_src[r[0]]["alpha-2"] or r[2] != iso_src[r[0]]["country-code"]
               or r[3] != iso_src[r[0]]["name"] or r[5] != iso_src[r[0]]["region"]
               or r[6] != iso_src[r[0]]["sub-region"] or r[7] != iso_src[r[0]]["intermediate-region"])])
    report(f"countries: wb_region/wb_income equal the {WB_CLASSIFICATION_VINTAGE} WB file for all its economies",
           [k for k, v in src.wb_class.items() if v["Region"] and (
               k not in c3 or next(r for r in countries if r[0] == k)[8:10] != [v["Region"], v["IncomeGroup"]])]
           + [r[0] for r in countries if r[8] and r[0] not in src.wb_class])
    report("every iso3 in borders/blocs/country-names/code-aliases exists in countries.csv",
           sorted({x for r in borders for x in r[:2] if x not in c3}
                  | {r[1] for r in blocs if r[1] not in c3}
                  | {r[0] for r in names if r[0] not in c3}
                  | {r[1] for r in aliases if r[1] not in c3}))
    bset = {(a, b) for a, b in borders}
    report("borders: symmetric, no self-pairs, sorted, no duplicates",
           [p for p in bset if (p[1], p[0]) not in bset or p[0] == p[1]]
           + (["not sorted"] if borders != sorted(borders) else [])
           + (["duplicates"] if len(bset) != len(borders) else []))
    key2iso = defaultdict(set)
    for iso3, n, _ in names:
        key2iso[normalise(n)].add(iso3)
    report("country-names: no normalised name maps to two iso3",
           [f"{k!r}: {sorted(v)}" for k, v in key2iso.items() if len(v) > 1])
    agg_keys = {normalise(a[1]) for a in aggs} | {normalise(a[0]) for a in aggs}
    report("country-names: no name is also an aggregate name",
           sorted(k for k in key2iso if k in agg_keys))
    odd = sorted({n for _, n, _ in names} | {a[1] for a in aggs})
    report("matching keys need no full case folding or compatibility mapping "
           "(key is ASCII except U+2019; casefold == lower)",
           [n for n in odd if any(ord(ch) > 127 and ch != "\u2019" for ch in normalise(n))
            or normalise(n) != normalise(n).lower()
            or unicodedata.normalize("NFKD", n) != unicodedata.normalize("NFD", n)])
    report("country-names: every countries.csv row has its own name listed",
           [r[0] for r in countries if normalise(r[3]) not in key2iso])
    agg_codes = {a[0] for a in aggs}
    alias_codes = {a[0] for a in aliases}
    bad = sorted({(code, name, f) for code, name, f in src.wb_codes
                  if code and code not in c3 and code not in agg_codes and code not in alias_codes})
    report("every Country Code in every WB file (bulk API_*, Metadata_Country_*, WGI x2, API long cty_iso) "
           "is in countries.csv, aggregates.csv or code-aliases.csv", bad)
    aliased = sorted({code for code, _, _ in src.wb_codes if code in alias_codes})
    print(f"        (resolved through code-aliases.csv: {', '.join(aliased)})")

    def resolves(n):
        k = normalise(n)
        return len(key2iso.get(k, ())) == 1 or k in agg_keys

    wb_names = {(name, f) for code, name, f in src.wb_codes}
    report(f"every WB Country Name / TableName resolves ({len({n for n, _ in wb_names})} distinct)",
           sorted({(n, f) for n, f in wb_names if not resolves(n)}))
    for pub, label in (("owid", "OWID Entity"), ("un", "UN EGOV/EGDI Country Name"),
                       ("itu", "ITU entityName"), ("uis", "UIS COUNTRY_NAME_EN"),
                       ("aiindex", "AI-strategy Country"), ("coinr", "COINr uName")):
        ns = {n for p, c, n, f, _ in src.names if p == pub}
        report(f"every {label} resolves ({len(ns)} distinct)", sorted(n for n in ns if not resolves(n)))
    ns = {(c, n) for p, c, n, f, _ in src.names if p == "oecd"}
    unresolved = sorted((c, n) for c, n in ns if not resolves(n))
    report(f"every OECD country/aggregate label resolves ({len(ns)} distinct; sub-national units excluded)",
           [x for x in unresolved if not OECD_SUBNATIONAL_RE.match(x[0])])
    # name -> iso3 must agree with the code the publisher gave next to the name
    disagree = set()
    for p, c, n, f, is_iso2 in src.names:
        if not c or is_iso2:
            continue
        target = c if c in c3 else CODE_ALIASES.get(c, (None,))[0]
        if target is None:
            continue
        got = key2iso.get(normalise(n), set())
        if got and got != {target}:
            disagree.add((p, c, n, tuple(sorted(got))))
    report("names resolve to the same iso3 as the code published next to them", sorted(disagree))
    counts = defaultdict(int)
    for b, _, _ in blocs:
        counts[b] += 1
    print("  Rows per bloc: " + ", ".join(f"{b} {counts[b]}" for b in BLOCS))
    report("bloc counts as expected",
           [f"{b}: {counts[b]} != {n}" for b, n in BLOC_EXPECTED_COUNTS.items() if counts[b] != n])
    return ok


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("READINESS_SHARED_DATA", DEFAULT_DATA),
                    help="the shared data folder (default: ../shared/data)")
    ap.add_argument("--check", action="store_true", help="only run the checks")
    args = ap.parse_args()
    src = Sources(args.data)
    if not args.check:
        os.makedirs(OUT_DIR, exist_ok=True)
        countries = build_countries(src)
        aggregates = build_aggregates(src, {r[0] for r in countries})
        names, skipped = build_names(src, countries, aggregates)
        borders, asym, problems = build_borders(src, countries)
        if problems:
            raise SystemExit("\n".join(problems))
        write_csv("countries.csv", ["iso3", "iso2", "numeric", "name", "kind", "m49_region",
                                    "m49_subregion", "m49_intermediate", "wb_region", "wb_income"],
                  countries)
        write_csv("country-names.csv", ["iso3", "name", "used_by"], names)
        write_csv("aggregates.csv", ["code", "name", "publisher"], aggregates)
        write_csv("borders.csv", ["iso3", "neighbour_iso3"], borders)
        write_csv("blocs.csv", ["bloc", "iso3", "note"], build_blocs())
        write_csv("code-aliases.csv", ["code", "iso3", "used_by", "note"], build_aliases())
        print(f"Wrote {OUT_DIR}")
        if asym:
            print(f"  asymmetric pairs in geodatasource (made symmetric): {asym}")
        agg_codes = {a[0] for a in aggregates}
        kinds = sorted({(p, c, n) for p, c, n, f in skipped if c not in agg_codes})
        print(f"  codes that are neither country, alias nor aggregate (left out): {len(kinds)}")
        for k in kinds:
            print(f"    {k}")
    sys.exit(0 if run_checks(src) else 1)


if __name__ == "__main__":
    main()
