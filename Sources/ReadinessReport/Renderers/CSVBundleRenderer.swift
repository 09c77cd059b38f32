import Foundation
import ReadinessCore

/// A profile as a bundle of CSV files: `indicators.csv` (long form, one row per indicator with
/// its provenance), `scores.csv` (index, dimensions, sub-pillars with bands, ranks and the
/// index's interval), `peers.csv`, `levers.csv` and `partners.csv`.
public enum CSVBundleRenderer {
  public static func files(_ profile: CountryProfile) -> [(name: String, text: String)] {
    let iso3 = profile.header.iso3
    func number(_ value: Double?) -> String { value.map(formatFixed6) ?? "" }
    func int(_ value: Int?) -> String { value.map(String.init) ?? "" }

    var indicators = CSVWriter.row([
      "iso3", "dimension", "pillar", "indicator", "name", "unit", "year", "raw_value", "value", "score", "rank", "band",
      "imputed", "publisher", "dataset", "licence", "vintage", "retrieved", "file", "location", "url",
      "denominator", "denominator_publisher", "denominator_location",
    ])
    for dimension in profile.dimensions {
      for pillar in dimension.pillars {
        for i in pillar.indicators {
          let s = i.source
          indicators += CSVWriter.row([
            iso3, i.dimension, i.pillar, i.code, i.name, i.unit, int(i.year), number(i.raw), number(i.value),
            number(i.score),
            int(i.rank), i.band ?? "", "no", s?.publisher ?? "", s?.dataset ?? "",
            s.map { $0.licence ?? SourceInfo.licenceNotStated } ?? "", s?.vintage ?? "",
            s?.retrieved ?? "", s?.file ?? "", i.location ?? "", s?.url ?? "", number(i.denominator),
            i.denominatorSource?.publisher ?? "", i.denominatorLocation ?? "",
          ])
        }
      }
    }

    var scores = CSVWriter.row([
      "iso3", "level", "code", "name", "score", "band", "rank", "available", "total", "p5", "p95", "rank_p5",
      "rank_p95",
    ])
    let l = profile.headline
    scores += CSVWriter.row([
      iso3, "index", "INDEX", profile.header.framework.name, number(l.score), l.band ?? "", int(l.rank),
      String(l.dimensionsScored), String(l.dimensionsTotal), number(l.scoreInterval?.low),
      number(l.scoreInterval?.high),
      number(l.rankInterval?.low), number(l.rankInterval?.high),
    ])
    for dimension in profile.dimensions {
      let d = dimension.score
      scores += CSVWriter.row([
        iso3, "dimension", d.code, d.name, number(d.score), d.band ?? "", int(d.rank), String(d.available),
        String(d.total), "", "", "", "",
      ])
      for pillar in dimension.pillars {
        let p = pillar.score
        scores += CSVWriter.row([
          iso3, "pillar", p.code, p.name, number(p.score), p.band ?? "", int(p.rank), String(p.available),
          String(p.total), "", "", "", "",
        ])
      }
    }

    var peers = CSVWriter.row(["iso3", "group", "label", "member", "member_name", "score", "rank"])
    for group in profile.peerGroups {
      for member in group.members {
        peers += CSVWriter.row([
          iso3, group.id, group.label, member.iso3, member.name, number(member.score), int(member.rank),
        ])
      }
    }

    var levers = CSVWriter.row([
      "iso3", "indicator", "name", "dimension", "type", "score", "target", "target_score", "set_by", "gain",
      "new_score", "new_rank",
    ])
    for lever in profile.levers {
      for target in lever.targets {
        levers += CSVWriter.row([
          iso3, lever.code, lever.name, lever.dimension, lever.type, number(lever.score), target.kind,
          number(target.targetScore), target.setBy ?? "", number(target.gain), number(target.newScore),
          String(target.newRank),
        ])
      }
    }

    var partners = CSVWriter.row([
      "iso3", "partner", "name", "forum", "relation", "complementarity", "mutuality", "they_lead", "we_lead",
    ])
    for partner in profile.partners {
      partners += CSVWriter.row([
        iso3, partner.iso3, partner.name, partner.forum, partner.relation, number(partner.complementarity),
        number(partner.mutuality), partner.theyLead.map(\.code).joined(separator: ";"),
        partner.weLead.map(\.code).joined(separator: ";"),
      ])
    }
    return [
      ("indicators.csv", indicators), ("scores.csv", scores), ("peers.csv", peers), ("levers.csv", levers),
      ("partners.csv", partners),
    ]
  }
}
