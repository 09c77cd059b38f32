import ReadinessCore
import ReadinessScoring

/// Several countries side by side as one long CSV: per country the index, each dimension and each
/// indicator (score, rank, band) and, for indicators, the value scored with its unit, year and source.
public enum ComparisonCSVRenderer {
  public static let header = [
    "iso3", "country", "level", "code", "name", "score", "rank", "band", "value", "unit", "year", "publisher",
    "dataset",
    "licence", "vintage", "source_file", "source_location", "reference_year",
  ]

  public static func render(_ profiles: [CountryProfile]) -> String {
    func score(_ value: Double?) -> String { value.map(CSVWriter.fixed6) ?? "" }
    var out = CSVWriter.row(header)
    for profile in profiles {
      let h = profile.header
      let year = String(h.referenceYear)
      out += CSVWriter.row([
        h.iso3, h.name, "index", "INDEX", h.framework.name, score(profile.headline.score),
        profile.headline.rank.map(String.init) ?? "", profile.headline.band ?? "", "", "", "", "", "", "", "", "", "",
        year,
      ])
      for row in profile.scorecard {
        out += CSVWriter.row([
          h.iso3, h.name, "dimension", row.code, row.name, score(row.score), row.rank.map(String.init) ?? "",
          row.band ?? "",
          "", "", "", "", "", "", "", "", "", year,
        ])
      }
      for indicator in profile.dimensions.flatMap(\.pillars).flatMap(\.indicators) {
        let s = indicator.source
        out += CSVWriter.row([
          h.iso3, h.name, "indicator", indicator.code, indicator.name, score(indicator.score),
          indicator.rank.map(String.init) ?? "", indicator.band ?? "", indicator.value.map(CSVWriter.number) ?? "",
          indicator.unit, indicator.year.map(String.init) ?? "", s?.publisher ?? "", s?.dataset ?? "",
          s.map { $0.licence ?? "not stated" } ?? "",
          s?.vintage ?? "", s?.file ?? "", indicator.location ?? "", year,
        ])
      }
    }
    return out
  }
}
