import Foundation

/// A blank dossier for a country (`readiness assess template`): every question of the bank with its
/// options in a comment, and, where open data already speaks (a question's `suggest` rule), the
/// answer pre-filled with `status: suggested` and the value as evidence. Suggested answers never
/// count: a person must confirm them (status draft or higher) before they are scored or reviewed.
public enum DossierTemplate {
  /// An open-data value that may suggest an answer.
  public struct Value: Sendable, Hashable {
    public var value: Double
    public var year: Int
    /// Publisher and dataset, for the citation.
    public var source: String

    public init(value: Double, year: Int, source: String) {
      self.value = value
      self.year = year
      self.source = source
    }
  }

  /// The template's text.
  ///
  /// - Parameters:
  ///   - latest: the latest value of an indicator for the country, if any.
  ///   - today: the assessment date written in the template.
  public static func render(
    bank: QuestionBank, country: String, today: String, latest: (String) -> Value?
  ) -> String {
    var out = """
      # National self-assessment dossier (schema \(Dossier.schema)), RAM-aligned and unofficial.
      # Fill it in, then: readiness import FILE. Questions and what evidence counts: Indicators/self-assessment/
      # questions.yaml (bank \(bank.version)). Leave an answer "" when it is not known: nothing is assumed.
      # Answers marked `status: suggested` were pre-filled from open data; they do not count until a person
      # checks them and sets status draft, reviewed (with a reviewer) or validated.
      # Evidence types: \(Dossier.Evidence.types.joined(separator: ", ")). Dates are YYYY-MM-DD.
      schema: \(Dossier.schema)
      country: \(country)
      round: "\(today.prefix(4))"
      status: draft              # draft | reviewed | validated (validated: every question answered and reviewed)
      assessment_date: \(today)
      example: false
      title: ""
      lead: ""                   # the id of the lead organisation below
      organisations:
        # - {id: office, name: "", group: government}
      contributors:
        # - {id: person1, name: "", organisation: office, role: ""}
      answers:

      """
    var section = ""
    for question in bank.questions {
      if question.ram != section {
        section = question.ram
        let name = bank.subdimensions.first { $0.code == section }?.name ?? section
        out += "  # ---- \(section): \(name)\n"
      }
      out += "  - question: \(question.id)\n"
      out += "    # \(question.text)\n"
      out += "    # \(question.levels.map { "\($0.id) (\($0.level))" }.joined(separator: " | "))\n"
      out += "    # evidence: \(question.evidence)\n"
      if let rule = question.suggest, let value = latest(rule.indicator), value.value >= rule.min {
        let figure = Formatting.plain(value.value)
        out += "    answer: \(rule.option)\n"
        out +=
          "    status: suggested   # open data: \(rule.indicator) = \(figure) (\(value.year)) ≥ \(Formatting.plain(rule.min)); check it\n"
        out += "    evidence:\n"
        out += "      - type: statistic\n"
        out += "        citation: \(quote("\(value.source): \(rule.indicator) = \(figure) (\(value.year))"))\n"
      } else {
        out += "    answer: \"\"\n"
        out += "    date: \"\"\n"
        out += "    answered_by: \"\"\n"
        out += "    reviewer: \"\"\n"
        out += "    evidence: []\n"
      }
    }
    out += "findings:                  # one written finding per sub-dimension code\n"
    for sub in bank.subdimensions { out += "  \(sub.code): \"\"\n" }
    out += "figures:                   # national figures; value and year required\n"
    for figure in bank.figures {
      out += "  # - {figure: \(figure.id), value: 0, year: \(today.prefix(4))}   # \(figure.text) (\(figure.unit))\n"
    }
    out += """
      consultation:              # the events of the consultation
        # - {event: "", kind: workshop, date: YYYY-MM-DD, groups: [government], participants: 0, organisations: 0}
      # validation_workshop: {date: YYYY-MM-DD, participants: 0, organisations: 0, groups: [], outcome: ""}

      """
    return out
  }

  /// A YAML double-quoted string.
  static func quote(_ text: String) -> String {
    "\""
      + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: " ") + "\""
  }

  enum Formatting {
    /// A number without a needless fraction (18.2, 15, 0.5).
    static func plain(_ value: Double) -> String {
      value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%g", value)
    }
  }
}
