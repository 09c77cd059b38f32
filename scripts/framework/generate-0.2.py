import yaml, sys
WB = lambda code, ds: {"organisation": "World Bank, World Development Indicators", "dataset": ds, "licence": "CC BY 4.0", "url": f"https://data.worldbank.org/indicator/{code}"}
WGI = {"organisation": "World Bank, Worldwide Governance Indicators", "dataset": "WGI 2024 revision via the WDI bulk API (data to 2023; rule of law to 2024)", "licence": "CC BY 4.0", "url": "https://www.worldbank.org/en/publication/worldwide-governance-indicators"}
WGI20 = {"organisation": "World Bank, Worldwide Governance Indicators", "dataset": "WGI 2021 update, data year 2020 (DataBank export; the newest voice-and-accountability series in the bundled data)", "licence": "CC BY 4.0", "url": "https://www.worldbank.org/en/publication/worldwide-governance-indicators"}
EGOV = {"organisation": "United Nations, Department of Economic and Social Affairs (UN DESA)", "dataset": "E-Government Survey 2024, Data Center download (EGOV_DATA_2024.csv)", "licence": "UN DESA terms of use (no open licence verified)", "url": "https://publicadministration.un.org/egovkb/en-us/Data-Center"}
GIRAI = {"organisation": "Global Center on AI Governance", "dataset": "Global Index on Responsible AI, 1st edition (2024), sheet Rankings and Scores", "licence": "CC BY 4.0", "url": "https://www.global-index.ai"}
GH = {"organisation": "GitHub", "dataset": "GitHub Innovation Graph (data to 2025 Q3), quarters made annual by the github-ig importer", "licence": "CC0 1.0", "url": "https://innovationgraph.github.com"}
LI = {"organisation": "World Bank Group and LinkedIn Corporation", "dataset": "Digital Data for Development: talent migration by skill, 2015-2019", "licence": "CC BY 3.0 IGO", "url": "https://datacatalog.worldbank.org/search/dataset/0038027"}
UIS = {"organisation": "UNESCO Institute for Statistics (UIS)", "dataset": "UIS SDG data, September 2024 release (Open Numbers DDF package)", "licence": "CC BY 4.0 (as the package states; UIS terms not verified)", "url": "https://uis.unesco.org"}
ITUDH = {"organisation": "International Telecommunication Union (ITU), via World Bank Data360", "dataset": "ITU ICT Indicators Database (ITU_DH), Data360 export", "licence": "ITU terms of use (not an open licence)", "url": "https://datahub.itu.int"}
OA = {"organisation": "OpenAlex (OurResearch)", "dataset": "OpenAlex works of 2024 grouped by author country (group_by answer, retrieved 2026-05-06)", "licence": "CC0 1.0", "url": "https://openalex.org"}
EPOCH_M = {"organisation": "Epoch AI", "dataset": "Notable AI Models (snapshot 2025-02-24), aggregated by Indicators/recipes/epoch-notable-models.yaml", "licence": "CC BY 4.0", "url": "https://epoch.ai/data/notable-ai-models"}
EPOCH_G = {"organisation": "Epoch AI", "dataset": "GPU Clusters (AI Supercomputers), aggregated by Indicators/recipes/epoch-gpu-clusters.yaml", "licence": "CC BY 4.0", "url": "https://epoch.ai/data/gpu-clusters"}
CLOUD = {"organisation": "AWS, Microsoft Azure and Google Cloud region lists (tal66/cloud-regions)", "dataset": "Cloud regions, lists of 2025-01-15, through Indicators/reference/cloud-regions.csv", "licence": "MIT", "url": "https://github.com/tal66/cloud-regions"}
GCI = {"organisation": "International Telecommunication Union (ITU), via World Bank Data360", "dataset": "Global Cybersecurity Index 2024 (5th edition), overall score (ITU_GCI)", "licence": "ITU terms of use (not an open licence)", "url": "https://www.itu.int/en/ITU-D/Cybersecurity/Pages/global-cybersecurity-index.aspx"}
POP = {"denominator": "SP.POP.TOTL"}

def ind(code, name, unit, gp, theme, ram, lever, source, rationale, transform=None, per=None, direction="higher", missing=None, reason=None, weight=None, sum_of=None):
    d = {"code": code, "name": name, "unit": unit, "direction": direction, "goalposts": gp}
    if transform: d["transform"] = transform
    if per: d["per_capita"] = per
    if sum_of: d["sum_of"] = sum_of
    d["theme"] = theme; d["ram"] = ram; d["lever"] = lever
    if missing: d["missing"] = missing; d["missing_reason"] = reason
    if weight: d["weight"] = weight
    d["source"] = source; d["rationale"] = rationale
    return d

dims = [
 {"code": "LEG", "name": "Legal and regulatory", "pillars": [
  {"code": "LEG.GOV", "name": "Governance, regulation and rule of law", "indicators": [
   ind("GE.EST", "Government effectiveness", "estimate (-2.5 to 2.5)", [-2.5, 2.5], "governance", ["L8"], "policy", WGI, "The state's capacity to carry out AI policy and deliver public services (RAM L8 public-sector capacity); goalposts are the bounds of the WGI scale (nobody reaches them)."),
   ind("RQ.EST", "Regulatory quality", "estimate (-2.5 to 2.5)", [-2.5, 2.5], "governance", ["L1"], "policy", WGI, "Ability to formulate and enforce sound regulation, the ground of AI and data regulation (RAM L1); bounds of the WGI scale."),
   ind("RL.EST", "Rule of law", "estimate (-2.5 to 2.5)", [-2.5, 2.5], "governance", ["L6"], "structural", WGI, "Courts, contract enforcement and rights on which redress for harm by AI systems depends (RAM L6 due process and accountability); bounds of the WGI scale."),
   ind("CC.EST", "Control of corruption", "estimate (-2.5 to 2.5)", [-2.5, 2.5], "governance", ["L4"], "structural", WGI, "Limits on the capture of public power, a condition for fair public procurement of AI systems (RAM L4); bounds of the WGI scale."),
  ]},
  {"code": "LEG.RAI", "name": "Responsible-AI governance", "indicators": [
   ind("GIRAI.FRAMEWORKS", "Government frameworks for responsible AI (GIRAI pillar)", "score (0 to 100)", [0, 100], "ai-capacity", ["L1", "L2", "G"], "policy", GIRAI, "Laws, policies and guidelines on responsible AI and their enforceability, assessed by country researchers (RAM L1 AI policy and regulation, L2 data protection, G strategy); the index's own 0-100 scale (the top country scores 82)."),
   ind("GIRAI.ACTIONS", "Government actions on responsible AI (GIRAI pillar)", "score (0 to 100)", [0, 100], "ai-capacity", ["L1", "L8", "G"], "policy", GIRAI, "What governments do to implement responsible AI: programmes, agencies, impact assessments (RAM L1, L8 public-sector capacity); the index's 0-100 scale."),
   ind("GIRAI.NONSTATE", "Non-state actors' responsible-AI activity (GIRAI pillar)", "score (0 to 100)", [0, 100], "ai-capacity", ["S2", "L5"], "structural", GIRAI, "Universities', civil society's and firms' work on responsible AI, the public's capacity to scrutinise AI (RAM S2 public engagement, L5 information); the index's 0-100 scale."),
  ]},
  {"code": "LEG.DIG", "name": "Digital government and cybersecurity", "indicators": [
   ind("EGOV.OSI", "Online Service Index (UN E-Government Survey)", "index (0 to 1)", [0, 1], "governance", ["L8", "L3"], "policy", EGOV, "Scope and quality of national online services and open government data (RAM L8 public-sector capacity, L3 data accessibility); the index's bounds (UN DESA rescales each survey, so a few countries sit at 1)."),
   ind("ITU_GCI_GCI_OVRL_SCRE", "Global Cybersecurity Index, overall score", "score (0 to 100)", [0, 100], "governance", ["L7"], "policy", GCI, "Cybersecurity laws, CIRTs, organisation, capacity and cooperation (RAM L7 online safety and cybersecurity); the 2024 edition's 0-100 scale. In 2024 ITU scores 46 countries at the top tier of 95-100: fewer than 10 % reach exactly 100."),
  ]},
 ]},
 {"code": "SOC", "name": "Social and cultural", "pillars": [
  {"code": "SOC.INC", "name": "Inclusion and gender", "indicators": [
   ind("SL.TLF.CACT.FE.ZS", "Labour force participation rate, female", "% of female population ages 15+ (modelled ILO estimate)", [0, 85], "inclusion", ["S1", "C1"], "structural", WB("SL.TLF.CACT.FE.ZS", "WDI bulk CSV API_SL.TLF.CACT.FE.ZS (last updated 2025-04-15)"), "Women's economic inclusion (RAM S1 diversity, inclusion and gender); upper goalpost 85 %, above the highest national rate (83 %)."),
   ind("GER.5T8.F", "Gender parity in tertiary enrolment (female/male gross enrolment ratio)", "ratio (female/male)", [0.3, 1], "inclusion", ["S1", "E2"], "structural", UIS, "Whether women reach higher education as men do, the pipeline of AI talent (RAM S1, E2); computed as GER.5T8.F over GER.5T8.M; parity (1) is the goal, so countries where women out-enrol men sit at the top goalpost by design (about half the countries: a documented saturation).", per={"denominator": "GER.5T8.M", "scale": 1}, sum_of=None),
   ind("EA.6T8.AG25T99.F", "Women aged 25+ with a bachelor's degree or higher", "% of women aged 25+", [0, 50], "inclusion", ["S1", "E2"], "structural", UIS, "Women's advanced education, the base of an inclusive digital workforce (RAM S1, E2); upper goalpost 50 %, above the highest value (58 % in one country, fewer than 2 % of countries above)."),
  ]},
  {"code": "SOC.ENG", "name": "Public engagement and trust", "indicators": [
   ind("EGOV.EPI", "E-Participation Index (UN E-Government Survey)", "index (0 to 1)", [0, 1], "governance", ["S2"], "policy", EGOV, "Online information, consultation and decision-making with the public (RAM S2 public engagement and trust); the index's bounds."),
   ind("VA.EST", "Voice and accountability", "estimate (-2.5 to 2.5)", [-2.5, 2.5], "governance", ["S2", "L5"], "policy", WGI20, "Freedom of expression, association and media, the conditions for public scrutiny of AI (RAM S2, L5 freedom of information); bounds of the WGI scale. The bundled data hold this series to 2020 only."),
  ]},
 ]},
 {"code": "ECO", "name": "Economic", "pillars": [
  {"code": "ECO.INV", "name": "Investment, output and innovation", "indicators": [
   ind("IP.PAT.RESD", "Patent applications by residents", "applications per million people", [0.1, 3000], "economy", ["C3"], "structural", WB("IP.PAT.RESD", "WDI bulk CSV API_IP.PAT.RESD (last updated 2026-02-24)"), "Domestic inventive activity (RAM C3 innovation); log scale over five orders of magnitude; goalposts 0.1-3,000 per million (only the Republic of Korea exceeds the top).", transform="log10", per={"denominator": "SP.POP.TOTL", "scale": 1000000}),
   ind("TX.VAL.TECH.MF.ZS", "High-technology exports", "% of manufactured exports", [0, 60], "economy", ["C3"], "structural", WB("TX.VAL.TECH.MF.ZS", "WDI Science & Technology topic bulk CSV API_14 (last updated 2021-09-15; the newest in the bundled data)"), "Technology-intensive products in exports (RAM C3); upper goalpost 60 %, above the 95th percentile (31 %)."),
   ind("BX.GSR.ROYL.CD", "Charges for the use of intellectual property, receipts", "current US$ per person", [0.01, 3000], "economy", ["C3"], "structural", WB("BX.GSR.ROYL.CD", "WDI Science & Technology topic bulk CSV API_14 (last updated 2021-09-15; the newest in the bundled data)"), "Income earned abroad from licensing technology (RAM C3); log scale, goalposts 0.01-3,000 US$ per person (above the highest value, 2,677).", transform="log10", per={"denominator": "SP.POP.TOTL", "scale": 1}),
  ]},
  {"code": "ECO.DEV", "name": "Software developers and open source", "indicators": [
   ind("GH.DEVELOPERS", "Developers active on GitHub", "developers per 1,000 people (mean of quarters)", [0.1, 300], "ai-capacity", ["C3", "E2"], "structural", GH, "The people who build and adapt software and AI systems (RAM C3, E2 skills); log scale over four orders of magnitude, goalposts 0.1-300 per 1,000 (one territory exceeds the top). Economies under GitHub's 100-developer threshold are missing, not zero.", transform="log10", per={"denominator": "SP.POP.TOTL", "scale": 1000}),
   ind("GH.ORGANIZATIONS", "Organisations active on GitHub", "organisations per million people (mean of quarters)", [5, 20000], "ai-capacity", ["C2", "C3"], "structural", GH, "Firms, agencies and projects developing software in the open, a sign of business and public adoption (RAM C2 intermediate consumption, C3); log scale, goalposts 5-20,000 per million.", transform="log10", per={"denominator": "SP.POP.TOTL", "scale": 1000000}),
   ind("GH.REPOSITORIES", "Repositories active on GitHub", "repositories per 1,000 people (mean of quarters)", [0.1, 1500], "ai-capacity", ["C3"], "structural", GH, "The stock of code being worked on, including AI models and tools (RAM C3); log scale, goalposts 0.1-1,500 per 1,000 (above the highest value).", transform="log10", per={"denominator": "SP.POP.TOTL", "scale": 1000}),
   ind("GH.GIT_PUSHES", "Git pushes to GitHub", "pushes per person per year", [0.0005, 2], "ai-capacity", ["C3"], "structural", GH, "Development activity, not only accounts (RAM C3); the sum of four quarters; log scale, goalposts 0.0005-2 per person (above the highest value, 1.55).", transform="log10", per={"denominator": "SP.POP.TOTL", "scale": 1}),
  ]},
  {"code": "ECO.TAL", "name": "AI talent", "indicators": [
   ind("LI.SKILL.AI.NETMIG", "Net migration of LinkedIn members with AI skills", "net arrivals per 10,000 members with the skill", [-1000, 1000], "ai-capacity", ["C1", "E2"], "structural", LI, "Whether a country attracts or loses AI talent (RAM C1 labour market: talent flows); symmetric goalposts -1,000 to 1,000 (fewer than 5 % of the 61 countries beyond either). Only countries with 100,000+ LinkedIn members; the data end in 2019, so the series is old but the only open one on AI talent."),
   ind("LI.SKILL.DS.NETMIG", "Net migration of LinkedIn members with data-science skills", "net arrivals per 10,000 members with the skill", [-1000, 1000], "ai-capacity", ["C1", "E2"], "structural", LI, "Talent flows of data scientists, who build and run AI systems (RAM C1); symmetric goalposts -1,000 to 1,000; 139 countries; data to 2019."),
  ]},
 ]},
 {"code": "SCI", "name": "Scientific and educational", "pillars": [
  {"code": "SCI.RES", "name": "Research and development", "indicators": [
   ind("IP.JRN.ARTC.SC", "Scientific and technical journal articles", "articles per million people", [1, 4000], "skills", ["E1"], "structural", WB("IP.JRN.ARTC.SC", "WDI journal articles (last updated 2026-04-08)"), "Research output per head (RAM E1 research and innovation); log scale, goalposts 1-4,000 per million (above the highest value, 2,763).", transform="log10", per={"denominator": "SP.POP.TOTL", "scale": 1000000}),
   ind("GB.XPD.RSDV.GD.ZS", "Research and development expenditure", "% of GDP", [0, 5], "economy", ["E1"], "policy", WB("GB.XPD.RSDV.GD.ZS", "WDI bulk CSV API_GB.XPD.RSDV.GD.ZS (last updated 2026-07-13)"), "Gross domestic expenditure on R&D (RAM E1); upper goalpost 5 % (only Israel and Korea exceed it)."),
   ind("SP.POP.SCIE.RD.P6", "Researchers in R&D", "per million people", [10, 10000], "skills", ["E1"], "structural", WB("SP.POP.SCIE.RD.P6", "WDI bulk CSV API_SP.POP.SCIE.RD.P6 (last updated 2026-07-13)"), "The research workforce (RAM E1: researchers); log scale, goalposts 10-10,000 per million (above the 95th percentile, 8,100).", transform="log10"),
  ]},
  {"code": "SCI.AI", "name": "AI research and models", "indicators": [
   ind("OA.WORKS.C154945302", "Research works on artificial intelligence", "works of 2024 per million people (author-country full counting)", [0.5, 4000], "ai-capacity", ["E1"], "structural", OA, "AI research output (RAM E1 research and innovation: AI research output); log scale, goalposts 0.5-4,000 per million (above the highest value). The answer lists the 200 largest producers: smaller countries are missing, not zero.", transform="log10", per={"denominator": "SP.POP.TOTL", "scale": 1000000}),
   ind("OA.WORKS.C119857082", "Research works on machine learning", "works of 2024 per million people (author-country full counting)", [0.2, 1000], "ai-capacity", ["E1"], "structural", OA, "Machine-learning research, the core of current AI (RAM E1); log scale, goalposts 0.2-1,000 per million (above the highest value, 968).", transform="log10", per={"denominator": "SP.POP.TOTL", "scale": 1000000}),
   ind("EPOCH.NOTABLE_MODELS", "Notable AI models developed (cumulative)", "models (count, full counting)", [0.5, 300], "ai-capacity", ["E1", "C3"], "structural", EPOCH_M, "Frontier and widely cited AI models developed by the country's organisations (RAM E1, C3); absolute, not per head, because a model's reach does not scale with population; log scale, goalposts 0.5-300 (one model scores 12; only the United States exceeds the top).", transform="log10", missing="zero", reason="Epoch AI's list is a census of notable models: a country with none listed has none"),
  ]},
  {"code": "SCI.EDU", "name": "Education and skills", "indicators": [
   ind("GER.5T8", "Gross enrolment ratio, tertiary education", "% gross", [0, 110], "skills", ["E2"], "structural", UIS, "The tertiary-educated talent pipeline (RAM E2 education); the gross ratio can exceed 100, so the upper goalpost is 110 (about 5 % of countries above)."),
   ind("EA.6T8.AG25T99", "Adults aged 25+ with a bachelor's degree or higher", "% of population aged 25+", [0, 50], "skills", ["E2"], "structural", UIS, "The stock of graduates who can build and use AI (RAM E2); upper goalpost 50 % (above the highest value but one)."),
   ind("EGOV.HCI", "Human Capital Index (UN E-Government Survey)", "index (0 to 1)", [0, 1], "skills", ["E2"], "structural", EGOV, "Literacy, enrolment and years of schooling, the population's ability to use digital services (RAM E2); the index's bounds."),
   ind("SE.ADT.LITR.ZS", "Adult literacy rate", "% of people ages 15+", [30, 100], "skills", ["E2", "S1"], "structural", WB("SE.ADT.LITR.ZS", "WDI bulk CSV API_SE.ADT.LITR.ZS (last updated 2026-02-24)"), "Literacy, the precondition of any digital skill (RAM E2, S1); goalposts 30-100 % (the lowest national rate is 31 %; fewer than 5 % report exactly 100)."),
   ind("ICTSKILLPROGLANG", "Youth and adults who have written a computer program", "% of population (SDG 4.4.1)", [0, 30], "skills", ["E2"], "structural", UIS, "Programming, the skill closest to building AI systems (RAM E2 digital skills); upper goalpost 30 %, above the highest value (28 %)."),
  ]},
 ]},
 {"code": "TEC", "name": "Technological and infrastructural", "pillars": [
  {"code": "TEC.CON", "name": "Meaningful connectivity", "indicators": [
   ind("IT.NET.USER.ZS", "Individuals using the Internet", "% of population", [0, 100], "connectivity", ["T1"], "structural", WB("IT.NET.USER.ZS", "WDI bulk CSV API_IT.NET.USER.ZS (last updated 2026-07-13)"), "Use, the core digital-divide measure (RAM T1 infrastructure and connectivity); goalposts 0-100 % (fewer than 5 % of countries report 100)."),
   ind("IT.NET.BBND.P2", "Fixed broadband subscriptions", "per 100 people", [0, 60], "connectivity", ["T1"], "structural", WB("IT.NET.BBND.P2", "WDI bulk CSV API_IT.NET.BBND.P2 (last updated 2025-04-15)"), "High-capacity fixed access that data-heavy AI use needs (RAM T1); upper goalpost 60 per 100 (one country above)."),
   ind("ITU_DH_ACT_MOB_PER_100", "Active mobile-broadband subscriptions", "per 100 inhabitants", [0, 150], "connectivity", ["T1"], "structural", ITUDH, "Mobile broadband actually used, the way most people in low-income countries go online (RAM T1); replaces mobile cellular subscriptions, which saturate; upper goalpost 150 (about 5 % above)."),
   ind("ITU_DH_POP_COV_4G", "Population covered by at least a 4G mobile network", "% of population", [0, 100], "connectivity", ["T1"], "structural", ITUDH, "Coverage good enough for meaningful use (RAM T1: quality and coverage); universal coverage is the target, so countries with full coverage sit at the top goalpost by design (about a fifth of countries: a documented saturation)."),
   ind("EG.ELC.ACCS.ZS", "Access to electricity", "% of population", [0, 100], "connectivity", ["T1"], "structural", WB("EG.ELC.ACCS.ZS", "WDI bulk CSV API_EG.ELC.ACCS.ZS (last updated 2026-07-13)"), "Electricity is the precondition for every digital service (RAM T1); universal access is SDG 7.1, so the more than half of countries with universal access sit at the top goalpost by design (a documented saturation), and the indicator separates only those without it.", weight=0.5),
  ]},
  {"code": "TEC.CMP", "name": "Computing capabilities", "coverage": 0.3, "indicators": [
   ind("CLOUD.REGIONS", "Hyperscale public cloud regions (AWS, Azure, Google Cloud)", "regions", [0, 10], "compute", ["T3"], "structural", CLOUD, "Local cloud infrastructure: data residency, latency and access to AI services (RAM T3 computing capabilities); the sum of the three providers' regions; goalposts 0-10 (only the United States exceeds the top). Presence, not capacity.", missing="zero", reason="the three providers' region lists are complete: a country not listed has no region of theirs", sum_of=["CLOUD.REGIONS.AWS", "CLOUD.REGIONS.AZURE", "CLOUD.REGIONS.GCP"]),
   ind("EPOCH.GPU_H100E", "Compute of AI supercomputers in operation", "H100 equivalents per million people", [1, 10000], "compute", ["T3"], "structural", EPOCH_G, "AI training and inference capacity (RAM T3: AI supercomputers); log scale, goalposts 1-10,000 per million (one country above). The list covers a minority of world capacity, so a country not listed is missing, not zero.", transform="log10", per={"denominator": "SP.POP.TOTL", "scale": 1000000}),
   ind("EPOCH.GPU_CLUSTERS", "AI supercomputers in operation", "clusters (count)", [0.5, 100], "compute", ["T3"], "structural", EPOCH_G, "How many AI supercomputers a country hosts (RAM T3); log scale, goalposts 0.5-100 (only the United States and China exceed the top); missing, not zero, as above.", transform="log10"),
  ]},
 ]},
]
fw = {
 "schema": "readiness-framework/1",
 "id": "ram-digital-divide",
 "name": "RAM-aligned AI readiness and digital divide (unofficial)",
 "version": "0.2.0",
 "label": "RAM-aligned, unofficial",
 "description": "An AI-readiness profile organised by the five dimensions of UNESCO's Readiness Assessment Methodology (RAM) for the Recommendation on the Ethics of Artificial Intelligence. Version 0.2 measures what the mission names: responsible-AI governance (GIRAI), AI research and notable models (OpenAlex, Epoch AI), developers and open source (GitHub Innovation Graph), AI talent flows (World Bank-LinkedIn), compute (cloud regions, AI supercomputers) and meaningful connectivity (ITU 4G coverage and mobile broadband), beside governance, economy, skills and inclusion, each from the newest vintage in the bundled data. Indicators are scored 0-100 against fixed goalposts and averaged with the weights below (equal unless stated); nothing is imputed, and a missing value means unknown except where an indicator says it is a census. RAM itself is a qualitative assessment with no official score: these are toolkit scores, RAM-aligned and unofficial, never UNESCO's.",
 "scoring": {"reference_year": 2024, "window_years": 6, "coverage": {"pillar": 0.5, "dimension": 0.5, "index": 0.8}, "bands": [[0, 50, "Limited"], [50, 75, "Satisfactory"], [75, 95, "Advanced"], [95, 100, "Target met"]]},
 "context_series": ["NY.GDP.PCAP.PP.KD"],
 "dimensions": dims,
}
header = """# Default framework of the readiness toolkit, version 0.2.0 (0.1.0 is kept in ram-digital-divide-0.1.0.yaml).
# RAM-aligned and unofficial: the dimensions follow the five dimensions of UNESCO's Readiness Assessment
# Methodology (RAM), but UNESCO publishes no RAM score. The schema is documented in README.md next to this file.
# Every indicator names its RAM sub-dimensions (ram:, codes of ../shared/design/ram-structure.md), its theme
# and, where a missing value means zero (a census), why. weight: on any node changes equal weights (default 1).
# The reference year is stated (2024: the last year most series cover; --year overrides it) so that new data
# cannot move it unnoticed. GDP per capita is context, not readiness: kept (context_series) for the audit's
# wealth correlation and never scored; the window is six years (2019-2024) because the only open AI-talent series ends in 2019.
"""
class D(yaml.SafeDumper):
    def ignore_aliases(self, data): return True
def flow_list(dumper, data):
    if all(isinstance(x, (int, float, str)) for x in data) and len(data) <= 4 and not any(isinstance(x, str) and len(x) > 40 for x in data):
        return dumper.represent_sequence('tag:yaml.org,2002:seq', data, flow_style=True)
    return dumper.represent_sequence('tag:yaml.org,2002:seq', data, flow_style=False)
D.add_representer(list, flow_list)
out = header + yaml.dump(fw, Dumper=D, sort_keys=False, width=120, allow_unicode=True)
open(sys.argv[1], "w").write(out)
n = sum(len(p["indicators"]) for d in dims for p in d["pillars"])
themes = {}
for d in dims:
    for p in d["pillars"]:
        for i in p["indicators"]: themes[i["theme"]] = themes.get(i["theme"], 0) + 1
print(n, themes)
