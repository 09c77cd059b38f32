import Foundation
import ReadinessCore

/// Renders an ``AssessmentReport`` as Markdown (every data string escaped), JSON, or HTML through
/// `assessment.html.mustache` (Mustache escapes every value; the page loads nothing from outside).
public enum AssessmentRenderer {
  /// The report as Markdown.
  public static func markdown(_ report: AssessmentReport) -> String {
    typealias F = Formatting
    let h = report.header
    var out: [String] = []
    out.append("# \(F.cell(h.title))")
    out.append("")
    if let watermark = h.watermark { out += ["**\(F.cell(watermark))**", ""] }
    if h.example {
      out += [
        "> **EXAMPLE — invented content.** This dossier illustrates the format; it says nothing about \(F.cell(h.name)).",
        "",
      ]
    }
    out.append(
      "> **\(F.cell(h.label)).** Organised by the dimensions of UNESCO's Readiness Assessment Methodology (RAM). "
        + "UNESCO publishes no RAM score: the scores here are the toolkit's own, not UNESCO's.")
    out.append("")
    out.append(
      "- Country: \(F.cell(h.name)) (\(F.cell(h.iso3))); round \(F.cell(h.round)); status \(F.cell(h.status)); "
        + "assessment date \(F.cell(h.assessmentDate)); report date \(F.cell(h.asOf))")
    out.append("- Question bank \(F.cell(h.questionBankVersion)); readiness \(F.cell(h.softwareVersion))")
    out += ["", "## Summary", ""]
    out += report.summary.map { "- \(F.cell($0))" }
    out += ["", "## Context", ""]
    out += report.context.map { "- \(F.cell($0))" }
    if let general = report.general {
      out += ["", "## General questions", ""]
      out += subsection(general, level: "###")
    }
    for dimension in report.dimensions {
      out += ["", "## \(F.cell(dimension.code)) — \(F.cell(dimension.name))", ""]
      out.append(
        "| policy and institutional readiness (\(F.cell(h.label))) | answered | open-data score (\(F.cell(h.label))) |")
      out.append("|---|---|---|")
      out.append(
        "| \(F.score(dimension.policy.score))\(dimension.policy.complete ? "" : " (incomplete)") | \(dimension.policy.answered) of \(dimension.policy.questions) | "
          + "\(F.score(dimension.openDataScore))\(dimension.openDataIndicators.map { " (\(F.cell($0)))" } ?? "") |")
      for sub in dimension.subsections {
        out.append("")
        out += subsection(sub, level: "###")
      }
    }
    out += ["", "## Data gaps", ""]
    out.append("| sub-dimension | open data | unanswered questions |")
    out.append("|---|---|---|")
    for gap in report.gaps {
      out.append(
        "| \(F.cell(gap.code)) \(F.cell(gap.name)) | \(gap.noOpenData ? "not measured by open data" : "some") | \(gap.unanswered) of \(gap.questions) |"
      )
    }
    out += ["", "## Roadmap", "", "> \(F.cell(report.roadmapNote))", ""]
    if report.roadmap.isEmpty { out.append("No sub-dimension scores below 50.") }
    out.append("| priority | timeframe | sub-dimension | action | lead | why | frameworks |")
    out.append("|---|---|---|---|---|---|---|")
    for item in report.roadmap {
      out.append(
        "| \(F.cell(item.priority)) | \(F.cell(item.timeframe)) term | \(F.cell(item.subdimension)) | \(F.cell(item.action)) | "
          + "\(F.cell(item.lead)) | \(F.cell(item.why)) | \(item.frameworks.map(F.cell).joined(separator: "; ")) |")
    }
    out += ["", "## Annex A: consultation", ""]
    out.append("| date | event | kind | stakeholder groups | participants | organisations |")
    out.append("|---|---|---|---|---|---|")
    for event in report.annexes.consultation {
      out.append(
        "| \(F.cell(event.date)) | \(F.cell(event.event)) | \(F.cell(event.kind)) | \(event.groups.map(F.cell).joined(separator: ", ")) | "
          + "\(event.participants) | \(event.organisations) |")
    }
    out.append("")
    out.append("Participants over all events: \(report.annexes.participantsTotal).")
    if let workshop = report.annexes.workshop {
      out.append(
        "Validation workshop: \(F.cell(workshop.date)), \(workshop.participants) participants from \(workshop.organisations) organisations"
          + (workshop.groups.isEmpty ? "" : " (\(workshop.groups.map(F.cell).joined(separator: ", ")))")
          + (workshop.outcome.map { ". \(F.cell($0))" } ?? "") + ".")
    } else {
      out.append("Validation workshop: not yet held.")
    }
    out += ["", "Organisations: " + report.annexes.organisations.map { F.cell($0.name) }.joined(separator: "; ") + "."]
    out += ["", "Contributors: " + report.annexes.contributors.map(F.cell).joined(separator: "; ") + "."]
    out += ["", "## Annex B: evidence", ""]
    out.append("| supports | type | citation | date | address |")
    out.append("|---|---|---|---|---|")
    for row in report.annexes.evidence {
      out.append(
        "| \(F.cell(row.supports)) | \(F.cell(row.evidence.type)) | \(F.cell(row.evidence.citation)) | "
          + "\(F.cell(row.evidence.date ?? "—")) | \(F.cell(row.evidence.url ?? "—")) |")
    }
    out += ["", "## Method", ""]
    out += report.method.map { "- \(F.cell($0))" }
    out.append("")
    return out.joined(separator: "\n")
  }

  private static func subsection(_ sub: AssessmentReport.SubSection, level: String) -> [String] {
    typealias F = Formatting
    var out: [String] = []
    out.append("\(level) \(F.cell(sub.code)) \(F.cell(sub.name))")
    out.append("")
    out.append(
      "Policy and institutional readiness: \(F.score(sub.policy.score)) (\(sub.policy.answered) of \(sub.policy.questions) questions answered"
        + "\(sub.policy.complete ? "" : ", incomplete")).")
    out.append("")
    out.append("**Finding.** " + (sub.finding.map(F.cell) ?? "No finding written yet."))
    if !sub.answers.isEmpty {
      out.append("")
      out.append("| question | answer | level | status | date | reviewer | evidence |")
      out.append("|---|---|---|---|---|---|---|")
      for answer in sub.answers {
        let evidence = answer.evidence.map { "\(F.cell($0.type)): \(F.cell($0.citation))" }.joined(separator: "; ")
        out.append(
          "| \(F.cell(answer.questionText)) | \(F.cell(answer.answer)) | \(answer.level)/\(answer.maxLevel) | "
            + "\(F.cell(answer.status))\(answer.stale ? " (stale)" : "") | \(F.cell(answer.date ?? "—")) | "
            + "\(F.cell(answer.reviewer ?? "—")) | \(evidence.isEmpty ? "—" : evidence) |")
      }
    }
    if !sub.figures.isEmpty {
      out.append("")
      for figure in sub.figures {
        out.append(
          "- National figure: \(F.cell(figure.text)): \(F.value(figure.value)) \(F.cell(figure.unit)) (\(figure.year), \(F.cell(figure.status)))"
        )
      }
    }
    out.append("")
    if sub.openData.isEmpty {
      out.append("Open data: not measured by open data in the default framework.")
    } else {
      out.append(
        "Open data: "
          + sub.openData.map {
            "\(F.cell($0.name)) \(F.value($0.value)) \(F.cell($0.unit))\($0.year.map { " (\($0))" } ?? "") — score \(F.score($0.score))"
          }.joined(separator: "; ") + ".")
    }
    if !sub.unanswered.isEmpty {
      out.append("")
      out.append("Unanswered: " + sub.unanswered.map(F.cell).joined(separator: "; ") + ".")
    }
    return out
  }

  /// The report as JSON (sorted keys, pretty-printed).
  public static func json(_ report: AssessmentReport) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return (try? String(decoding: encoder.encode(report), as: UTF8.self)).map { $0 + "\n" } ?? "{}\n"
  }

  /// The values the HTML template reads: every string pre-formatted, escaped by Mustache.
  static func view(_ report: AssessmentReport) -> [String: Any] {
    typealias F = Formatting
    let h = report.header
    func evidence(_ items: [Dossier.Evidence]) -> [[String: Any]] {
      items.map { ["type": $0.type, "citation": $0.citation, "date": $0.date ?? "", "url": $0.url ?? ""] }
    }
    func sub(_ sub: AssessmentReport.SubSection) -> [String: Any] {
      [
        "code": sub.code, "name": sub.name, "score": F.score(sub.policy.score),
        "answered": "\(sub.policy.answered) of \(sub.policy.questions)", "incomplete": !sub.policy.complete,
        "finding": sub.finding ?? "No finding written yet.",
        "answers": sub.answers.map { answer -> [String: Any] in
          [
            "question": answer.questionText, "answer": answer.answer, "level": "\(answer.level)/\(answer.maxLevel)",
            "status": answer.status, "stale": answer.stale, "date": answer.date ?? "—",
            "reviewer": answer.reviewer ?? "—",
            "evidence": evidence(answer.evidence),
          ]
        },
        "hasAnswers": !sub.answers.isEmpty,
        "figures": sub.figures.map {
          ["text": $0.text, "value": F.value($0.value), "unit": $0.unit, "year": String($0.year), "status": $0.status]
        },
        "openData": sub.openData.map {
          [
            "name": $0.name, "value": F.value($0.value), "unit": $0.unit, "year": $0.year.map(String.init) ?? "—",
            "score": F.score($0.score),
          ]
        },
        "noOpenData": sub.openData.isEmpty,
        "unanswered": sub.unanswered, "hasUnanswered": !sub.unanswered.isEmpty,
      ]
    }
    var view: [String: Any] = [
      "title": h.title, "name": h.name, "iso3": h.iso3, "round": h.round, "status": h.status,
      "assessmentDate": h.assessmentDate, "asOf": h.asOf, "label": h.label, "bank": h.questionBankVersion,
      "software": h.softwareVersion, "example": h.example, "summary": report.summary, "context": report.context,
      "dimensions": report.dimensions.map { dimension -> [String: Any] in
        [
          "code": dimension.code, "name": dimension.name, "policy": F.score(dimension.policy.score),
          "answered": "\(dimension.policy.answered) of \(dimension.policy.questions)",
          "incomplete": !dimension.policy.complete,
          "openData": F.score(dimension.openDataScore),
          "openDataIndicators": dimension.openDataIndicators ?? "not scored",
          "subsections": dimension.subsections.map(sub),
        ]
      },
      "gaps": report.gaps.map {
        [
          "code": $0.code, "name": $0.name, "open": $0.noOpenData ? "not measured by open data" : "some",
          "unanswered": "\($0.unanswered) of \($0.questions)",
        ]
      },
      "roadmap": report.roadmap.map {
        [
          "priority": $0.priority, "timeframe": $0.timeframe, "subdimension": $0.subdimension, "action": $0.action,
          "lead": $0.lead, "why": $0.why, "frameworks": $0.frameworks,
        ] as [String: Any]
      },
      "hasRoadmap": !report.roadmap.isEmpty, "roadmapNote": report.roadmapNote,
      "consultation": report.annexes.consultation.map {
        [
          "date": $0.date, "event": $0.event, "kind": $0.kind, "groups": $0.groups.joined(separator: ", "),
          "participants": String($0.participants), "organisations": String($0.organisations),
        ]
      },
      "participantsTotal": String(report.annexes.participantsTotal),
      "organisations": report.annexes.organisations.map(\.name).joined(separator: "; "),
      "contributors": report.annexes.contributors.joined(separator: "; "),
      "evidence": report.annexes.evidence.map {
        [
          "supports": $0.supports, "type": $0.evidence.type, "citation": $0.evidence.citation,
          "date": $0.evidence.date ?? "—", "url": $0.evidence.url ?? "—",
        ]
      },
      "method": report.method,
    ]
    if let watermark = h.watermark { view["watermark"] = watermark }
    if let general = report.general { view["general"] = sub(general) }
    if let workshop = report.annexes.workshop {
      view["workshop"] = [
        "date": workshop.date, "participants": String(workshop.participants),
        "organisations": String(workshop.organisations),
        "groups": workshop.groups.joined(separator: ", "), "outcome": workshop.outcome ?? "",
      ]
    }
    return view
  }
}

extension HTMLRenderer {
  /// Whether the templates include the report's (`assessment.html.mustache`; a copy of an older
  /// templates folder may not).
  public var rendersAssessments: Bool { library.getTemplate(named: "assessment.html") != nil }

  /// The RAM-style report as one self-contained HTML page (`assessment.html.mustache`).
  public func render(_ report: AssessmentReport) -> String {
    library.render(AssessmentRenderer.view(report), withTemplate: "assessment.html") ?? ""
  }
}
