import Foundation
import ReadinessCore

extension HTMLViewModel {
  /// A CSS class by band position (shade + printed value: colour never carries meaning alone).
  static func heatClass(_ score: Double?) -> String {
    guard let score else { return "h-na" }
    switch score {
    case ..<25: return "h0"
    case ..<50: return "h1"
    case ..<75: return "h2"
    default: return "h3"
    }
  }

  static func index(_ profiles: [CountryProfile], title: String, linkExtension: String? = "html") -> Dict {
    let first = profiles.first
    let sorted = profiles.sorted { lhs, rhs in
      switch (lhs.headline.rank, rhs.headline.rank) {
      case (let l?, let r?): return l != r ? l < r : lhs.header.iso3 < rhs.header.iso3
      case (.some, .none): return true
      case (.none, .some): return false
      case (.none, .none): return lhs.header.iso3 < rhs.header.iso3
      }
    }
    return [
      "title": title, "label": first?.header.label ?? "RAM-aligned, unofficial",
      "frameworkName": first?.header.framework.name ?? "", "frameworkVersion": first?.header.framework.version ?? "",
      "referenceYear": first.map { String($0.header.referenceYear) } ?? "",
      "windowStart": first.map { String($0.header.windowStart) } ?? "",
      "softwareVersion": first?.header.softwareVersion ?? "", "count": String(profiles.count),
      "dimensions": first?.scorecard.map { ["name": $0.name, "code": $0.code] as Dict } ?? [],
      "chart": indexChart(sorted),
      "rows": sorted.map { p -> Dict in
        dropEmpty([
          "iso3": p.header.iso3, "name": p.header.name, "href": linkExtension.map { p.header.iso3 + "." + $0 } ?? "",
          "rank": p.headline.rank.map { "\($0) of \(p.headline.rankedCount)" } ?? "not ranked",
          "interval": p.headline.rankInterval.map { Formatting.rankInterval($0.low, $0.high) } ?? "—",
          "score": F.score(p.headline.score), "band": p.headline.band ?? "insufficient data",
          "coverage": "\(p.headline.indicatorsWithData) of \(p.headline.indicatorsTotal)",
          "cells": p.scorecard.map { ["value": F.score($0.score), "class": heatClass($0.score)] as Dict },
        ])
      },
    ]
  }

  /// The ranking as a horizontal bar per country (score printed at the bar's end).
  static func indexChart(_ profiles: [CountryProfile]) -> Dict {
    let scored = profiles.filter { $0.headline.score != nil }
    let rows = scored.enumerated().map { i, p -> Dict in
      let y = 24 + Double(i) * 16
      let score = p.headline.score ?? 0
      return [
        "name": short("\(p.headline.rank.map(String.init) ?? "–"). \(p.header.name)"), "y": fmt(y),
        "textY": fmt(y + 11),
        "width": fmt((plotRight - plotLeft) * score / 100), "score": F.score(score),
        "labelX": fmt(plotLeft + (plotRight - plotLeft) * score / 100 + 4),
      ]
    }
    return [
      "rows": rows, "ticks": ticks, "height": fmt(34 + Double(rows.count) * 16),
      "axisY": fmt(30 + Double(rows.count) * 16),
      "desc": "Overall scores: "
        + scored.map { "\($0.header.name) \(F.score($0.headline.score))" }.joined(separator: "; "),
    ]
  }

  static func comparison(_ profiles: [CountryProfile]) -> Dict {
    let first = profiles.first
    let dimensions = first?.scorecard ?? []
    let shapes = ["●", "■", "▲", "◆", "★", "✚"]
    let countries = profiles.enumerated().map { i, p -> Dict in
      [
        "name": p.header.name, "iso3": p.header.iso3, "marker": shapes[i % shapes.count],
        "score": F.score(p.headline.score),
        "band": p.headline.band ?? "insufficient data",
        "rank": p.headline.rank.map { "\($0) of \(p.headline.rankedCount)" } ?? "not ranked",
        "interval": p.headline.rankInterval.map { Formatting.rankInterval($0.low, $0.high) } ?? "—",
        "coverage": "\(p.headline.indicatorsWithData) of \(p.headline.indicatorsTotal)",
        "region": p.header.region ?? "—", "income": p.header.incomeGroup ?? "not classified",
      ]
    }
    let rowHeight = 22.0 + 14 * Double(profiles.count)
    let chartRows = dimensions.enumerated().map { d, row -> Dict in
      let top = 30 + Double(d) * rowHeight
      return [
        "name": short(row.name), "textY": fmt(top + 14),
        "marks": profiles.enumerated().compactMap { i, p -> Dict? in
          guard let score = p.scorecard[safe: d]?.score else { return nil }
          return [
            "x": x(score), "y": fmt(top + 14 + Double(i) * 14), "label": "\(p.header.iso3) \(F.score(score))",
            "marker": shapes[i % shapes.count], "labelX": fmt(plotLeft + (plotRight - plotLeft) * score / 100 + 8),
          ]
        },
      ]
    }
    let indicators = first?.dimensions.flatMap(\.pillars).flatMap(\.indicators) ?? []
    return [
      "title": profiles.map(\.header.name).joined(separator: " · "),
      "label": first?.header.label ?? "RAM-aligned, unofficial",
      "frameworkName": first?.header.framework.name ?? "", "frameworkVersion": first?.header.framework.version ?? "",
      "referenceYear": first.map { String($0.header.referenceYear) } ?? "",
      "windowStart": first.map { String($0.header.windowStart) } ?? "",
      "softwareVersion": first?.header.softwareVersion ?? "",
      "countries": countries,
      "dimensions": dimensions.enumerated().map { d, row -> Dict in
        [
          "name": row.name,
          "cells": profiles.map { p in
            ["value": F.score(p.scorecard[safe: d]?.score), "class": heatClass(p.scorecard[safe: d]?.score)] as Dict
          },
        ]
      },
      "indicators": indicators.enumerated().map { k, indicator -> Dict in
        [
          "name": indicator.name, "code": indicator.code,
          "cells": profiles.map { p -> Dict in
            let other = p.dimensions.flatMap(\.pillars).flatMap(\.indicators)[safe: k]
            return [
              "score": F.score(other?.score),
              "value": other?.value.map { "\(F.value($0)) (\(other?.year.map(String.init) ?? "—"))" } ?? "no data",
            ]
          },
        ]
      },
      "chart": [
        "rows": chartRows, "ticks": ticks, "height": fmt(40 + Double(dimensions.count) * rowHeight),
        "axisY": fmt(40 + Double(dimensions.count) * rowHeight - 10),
        "desc": "Dimension scores: "
          + profiles.map { p in
            p.header.iso3 + " " + p.scorecard.map { "\($0.code) \(F.score($0.score))" }.joined(separator: ", ")
          }.joined(separator: "; "),
      ] as Dict,
    ]
  }
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
