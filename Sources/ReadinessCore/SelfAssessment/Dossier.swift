import Foundation

/// A national self-assessment dossier (`schema: readiness-dossier/1`, YAML): one country's answers to
/// the question bank for one assessment round, the way RAM runs it — answers with dated, typed
/// evidence, a reviewer and a status each; a written finding per sub-dimension; the national figures;
/// contributors and organisations; the consultation log and the validation workshop.
///
/// The model is plain data (Codable, Sendable) so that the command line, the workspace and a future web
/// server share it; ``Dossier/load(path:bank:reference:today:)`` reads and checks a file.
public struct Dossier: Sendable, Hashable, Codable {
  /// The life of an answer or a dossier: `suggested` (pre-filled from open data, never counted),
  /// `draft`, `reviewed`, `validated`.
  public enum Status: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case suggested, draft, reviewed, validated

    public static func < (a: Status, b: Status) -> Bool {
      allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
  }

  /// One item of evidence.
  public struct Evidence: Sendable, Hashable, Codable {
    /// The kinds of evidence a dossier accepts.
    public static let types = ["law", "policy", "report", "dataset", "statistic", "web-page"]
    /// One of ``types``.
    public var type: String
    public var citation: String
    public var url: String?
    /// The document's date (publication, adoption), YYYY-MM-DD.
    public var date: String?

    public init(type: String, citation: String, url: String? = nil, date: String? = nil) {
      self.type = type
      self.citation = citation
      self.url = url
      self.date = date
    }
  }

  /// An organisation that took part.
  public struct Organisation: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// The stakeholder group (government, academia, private-sector, civil-society, international, …).
    public var group: String?
  }

  /// A person who contributed (answered, reviewed).
  public struct Contributor: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var organisation: String?
    public var role: String?
  }

  /// One answer.
  public struct Answer: Sendable, Hashable, Codable {
    public var question: String
    /// The chosen option's id.
    public var answer: String
    public var level: Int
    /// level / the question's highest level.
    public var score: Double
    public var status: Status
    /// When the answer was established or last checked.
    public var date: String?
    public var answeredBy: String?
    public var reviewer: String?
    public var note: String?
    public var evidence: [Evidence]
    /// The line of the answer in the file.
    public var line: Int

    public init(
      question: String, answer: String, level: Int, score: Double, status: Status, date: String? = nil,
      answeredBy: String? = nil, reviewer: String? = nil, note: String? = nil, evidence: [Evidence] = [], line: Int = 0
    ) {
      self.question = question
      self.answer = answer
      self.level = level
      self.score = score
      self.status = status
      self.date = date
      self.answeredBy = answeredBy
      self.reviewer = reviewer
      self.note = note
      self.evidence = evidence
      self.line = line
    }

    /// Whether the answer counts (for scores and completeness): anything but a suggestion.
    public var counts: Bool { status != .suggested }
  }

  /// A value of a national figure.
  public struct FigureValue: Sendable, Hashable, Codable {
    public var figure: String
    public var value: Double
    public var year: Int
    public var status: Status
    public var note: String?
    public var evidence: [Evidence]
    public var line: Int
  }

  /// An event of the consultation.
  public struct ConsultationEvent: Sendable, Hashable, Codable {
    public var event: String
    /// workshop, interview, survey, meeting, written-consultation, steering-committee, …
    public var kind: String
    public var date: String
    public var groups: [String]
    public var participants: Int
    public var organisations: Int
    public var note: String?
  }

  /// The validation workshop.
  public struct Workshop: Sendable, Hashable, Codable {
    public var date: String
    public var participants: Int
    public var organisations: Int
    public var groups: [String]
    public var outcome: String?
  }

  public var country: String
  /// The assessment round (e.g. "2026" or "2026-2"); a later round supersedes an earlier one.
  public var round: String
  public var status: Status
  public var assessmentDate: String
  /// `true` for illustrations with invented content.
  public var example: Bool
  public var title: String?
  /// The lead organisation's id.
  public var lead: String?
  public var organisations: [Organisation]
  public var contributors: [Contributor]
  public var answers: [Answer]
  /// Sub-dimension code → the written finding.
  public var findings: [String: String]
  public var figures: [FigureValue]
  public var consultation: [ConsultationEvent]
  public var validationWorkshop: Workshop?
  /// The file it was read from.
  public var file: String

  /// An answer by question id.
  public func answer(_ question: String) -> Answer? { answers.first { $0.question == question } }

  /// The lead organisation's name (or the first organisation's).
  public var leadName: String? {
    (lead.flatMap { id in organisations.first { $0.id == id } } ?? organisations.first)?.name
  }

  /// The name of a contributor or organisation by id (the id itself when unknown).
  public func name(of id: String) -> String {
    if let person = contributors.first(where: { $0.id == id }) {
      let organisation = person.organisation.flatMap { id in organisations.first { $0.id == id }?.name }
      return organisation.map { "\(person.name) (\($0))" } ?? person.name
    }
    return organisations.first { $0.id == id }?.name ?? id
  }

  /// The answers whose date lies more than `months` months before `asOf` (YYYY-MM-DD): they need
  /// checking again. An answer without a date takes the dossier's assessment date.
  public func staleAnswers(asOf: String, months: Int) -> [Answer] {
    let limit = Dossier.date(asOf, minusMonths: months)
    return answers.filter { $0.counts && ($0.date ?? assessmentDate) < limit }
  }

  /// `date` moved back by `months` months (the day kept; compared as text with other dates).
  static func date(_ date: String, minusMonths months: Int) -> String {
    let parts = date.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return date }
    let total = parts[0] * 12 + (parts[1] - 1) - months
    let year = total / 12
    let month = total % 12 + 1
    return String(format: "%04d-%02d-%02d", year, month, parts[2])
  }

  /// Today's date, YYYY-MM-DD (UTC).
  public static func today() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
  }
}
