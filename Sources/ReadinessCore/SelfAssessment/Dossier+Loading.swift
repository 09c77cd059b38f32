import Foundation
import Yams

extension Dossier {
  /// The schema line a dossier starts with.
  public static let schema = "readiness-dossier/1"

  /// Reads and checks a dossier file.
  ///
  /// Strict: an unknown (or misspelt) key anywhere, a value of the wrong type, an unknown question,
  /// option or figure, a duplicate answer, evidence without a citation, a date after `today`, a
  /// reviewer or contributor that is not listed, and a `validated` dossier with unanswered (or only
  /// suggested or draft) questions are each an error naming the file and line. Answers left blank
  /// (`answer: ""`) are unanswered.
  ///
  /// - Parameters:
  ///   - bank: the question bank answers are checked and scored against.
  ///   - reference: resolves the country code (alpha-3, or another code the reference tables know).
  ///   - today: YYYY-MM-DD; dates after it are refused.
  /// - Throws: ``ReadinessError`` `unexpectedContent` (`malformedInput` for YAML that does not parse,
  ///   `io` when unreadable), located at the line at fault.
  public static func load(
    path: String, bank: QuestionBank, reference: ReferenceData?, today: String = Dossier.today()
  ) throws(ReadinessError) -> Dossier {
    let text: String
    do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
      throw ReadinessError(.io, "cannot read the dossier (not a UTF-8 text file?)", at: SourceLocation(file: path))
    }
    return try parse(text: text, path: path, bank: bank, reference: reference, today: today)
  }

  /// Checks a dossier given as text (see ``load(path:bank:reference:today:)``).
  public static func parse(
    text: String, path: String, bank: QuestionBank, reference: ReferenceData?, today: String
  ) throws(ReadinessError) -> Dossier {
    let yaml = StrictYAML(path: path, code: .unexpectedContent)
    let root = try yaml.root(text)
    let what = "the dossier"
    try yaml.mapping(
      root,
      allowed: [
        "schema", "country", "round", "status", "assessment_date", "example", "title", "lead", "organisations",
        "contributors", "answers", "findings", "figures", "consultation", "validation_workshop",
      ], required: ["schema", "country", "round", "status", "assessment_date"], what: what)
    guard try yaml.text(root, "schema", what: what) == schema else {
      throw yaml.fail("expected schema: \(schema)", root["schema"])
    }
    func notFuture(_ date: String?, _ node: Node?, _ label: String) throws(ReadinessError) {
      if let date, date > today { throw yaml.fail("\(label) \(date) is in the future (today is \(today))", node) }
    }
    func status(_ node: Node, allowed: [Status], default fallback: Status?) throws(ReadinessError) -> Status {
      guard let text = try yaml.text(node, "status", what: "status") else {
        if let fallback { return fallback }
        throw yaml.fail("status is required", node)
      }
      guard let value = Status(rawValue: text), allowed.contains(value) else {
        throw yaml.fail(
          "status \"\(text)\" is not one of \(allowed.map(\.rawValue).joined(separator: ", "))", node["status"])
      }
      return value
    }

    let code = try yaml.requiredText(root, "country", what: what)
    let country: String
    if let reference {
      guard case .country(let iso3) = reference.resolve(code: code) else {
        throw yaml.fail("country must be an ISO 3166-1 alpha-3 code (e.g. MYS), not \"\(code)\"", root["country"])
      }
      country = iso3
    } else {
      guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
        throw yaml.fail("country must be an ISO 3166-1 alpha-3 code (e.g. MYS)", root["country"])
      }
      country = code
    }
    let dossierStatus = try status(root, allowed: [.draft, .reviewed, .validated], default: nil)
    guard let assessmentDate = try yaml.date(root, "assessment_date", what: what) else {
      throw yaml.fail("assessment_date is required", root)
    }
    try notFuture(assessmentDate, root["assessment_date"], "assessment_date")

    var organisations: [Organisation] = []
    for node in try yaml.list(root, "organisations", what: what) {
      let what = "an organisation"
      try yaml.mapping(node, allowed: ["id", "name", "group"], required: ["id", "name"], what: what)
      let organisation = Organisation(
        id: try yaml.requiredText(node, "id", what: what), name: try yaml.requiredText(node, "name", what: what),
        group: try yaml.text(node, "group", what: what))
      guard !organisations.contains(where: { $0.id == organisation.id }) else {
        throw yaml.fail("organisation \(organisation.id) is listed twice", node["id"])
      }
      organisations.append(organisation)
    }
    let organisationIDs = Set(organisations.map(\.id))
    var contributors: [Contributor] = []
    for node in try yaml.list(root, "contributors", what: what) {
      let what = "a contributor"
      try yaml.mapping(node, allowed: ["id", "name", "organisation", "role"], required: ["id", "name"], what: what)
      let contributor = Contributor(
        id: try yaml.requiredText(node, "id", what: what), name: try yaml.requiredText(node, "name", what: what),
        organisation: try yaml.text(node, "organisation", what: what), role: try yaml.text(node, "role", what: what))
      if let organisation = contributor.organisation, !organisationIDs.contains(organisation) {
        throw yaml.fail("organisation \(organisation) is not in organisations", node["organisation"])
      }
      guard !contributors.contains(where: { $0.id == contributor.id }) else {
        throw yaml.fail("contributor \(contributor.id) is listed twice", node["id"])
      }
      contributors.append(contributor)
    }
    let contributorIDs = Set(contributors.map(\.id))
    let lead = try yaml.text(root, "lead", what: what).flatMap { $0.isEmpty ? nil : $0 }
    if let lead, !organisationIDs.contains(lead) {
      throw yaml.fail("lead \(lead) is not in organisations", root["lead"])
    }
    func person(_ node: Node, _ key: String) throws(ReadinessError) -> String? {
      guard let id = try yaml.text(node, key, what: key), !id.isEmpty else { return nil }
      guard contributorIDs.contains(id) else { throw yaml.fail("\(key) \(id) is not in contributors", node[key]) }
      return id
    }
    func evidence(_ node: Node) throws(ReadinessError) -> [Evidence] {
      var items: [Evidence] = []
      for item in try yaml.list(node, "evidence", what: "evidence") {
        let what = "an evidence item"
        try yaml.mapping(item, allowed: ["type", "citation", "url", "date"], required: ["type"], what: what)
        let type = try yaml.requiredText(item, "type", what: what)
        guard Evidence.types.contains(type) else {
          throw yaml.fail(
            "evidence type \"\(type)\" is not one of \(Evidence.types.joined(separator: ", "))", item["type"])
        }
        guard let citation = try yaml.text(item, "citation", what: what),
          !citation.trimmingCharacters(in: .whitespaces).isEmpty
        else { throw yaml.fail("evidence without a citation", item["citation"] ?? item) }
        let date = try yaml.date(item, "date", what: what)
        try notFuture(date, item["date"], "evidence date")
        items.append(Evidence(type: type, citation: citation, url: try yaml.text(item, "url", what: what), date: date))
      }
      return items
    }

    var answers: [Answer] = []
    for node in try yaml.list(root, "answers", what: what) {
      let what = "an answer"
      try yaml.mapping(
        node, allowed: ["question", "answer", "status", "date", "answered_by", "reviewer", "note", "evidence"],
        required: ["question"], what: what)
      let id = try yaml.requiredText(node, "question", what: what)
      guard let question = bank[id] else {
        let hint = bank.replacing(legacy: id).map { " (the first form's \(id) is now \($0.id))" } ?? ""
        throw yaml.fail("unknown question \"\(id)\"\(hint)", node["question"])
      }
      guard !answers.contains(where: { $0.question == id }) else {
        throw yaml.fail("question \(id) is answered twice", node["question"])
      }
      let choice = try yaml.text(node, "answer", what: what) ?? ""
      let items = try evidence(node)
      if choice.isEmpty {
        guard items.isEmpty else { throw yaml.fail("evidence given but no answer to \(id)", node) }
        continue
      }
      guard let option = question.option(choice) else {
        throw yaml.fail(
          "answer \"\(choice)\" to \(id) is not an option (expected one of: \(question.levels.map(\.id).joined(separator: ", ")))",
          node["answer"])
      }
      let answerStatus = try status(node, allowed: Status.allCases, default: .draft)
      let reviewer = try person(node, "reviewer")
      if answerStatus >= .reviewed && reviewer == nil {
        throw yaml.fail("a \(answerStatus.rawValue) answer needs a reviewer", node)
      }
      let date = try yaml.date(node, "date", what: what)
      try notFuture(date, node["date"], "date")
      answers.append(
        Answer(
          question: id, answer: choice, level: option.level,
          score: Double(option.level) / Double(max(question.maxLevel, 1)), status: answerStatus, date: date,
          answeredBy: try person(node, "answered_by"), reviewer: reviewer,
          note: try yaml.text(node, "note", what: what),
          evidence: items, line: node.mark?.line ?? 0))
    }

    var findings: [String: String] = [:]
    if let node = root["findings"] {
      let codes = bank.subdimensions.map(\.code)
      try yaml.mapping(node, allowed: codes, what: "findings (keyed by sub-dimension code)")
      for (key, value) in node.mapping ?? [:] {
        guard case .scalar(let scalar) = value else { throw yaml.fail("a finding must be text", value) }
        if !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty { findings[key.string ?? ""] = scalar.string }
      }
    }

    var figures: [FigureValue] = []
    for node in try yaml.list(root, "figures", what: what) {
      let what = "a figure"
      try yaml.mapping(
        node, allowed: ["figure", "value", "year", "status", "note", "evidence"],
        required: ["figure", "value", "year"],
        what: what)
      let id = try yaml.requiredText(node, "figure", what: what)
      guard bank.figure(id) != nil else {
        throw yaml.fail(
          "unknown figure \"\(id)\" (expected one of: \(bank.figures.map(\.id).joined(separator: ", ")))",
          node["figure"])
      }
      guard !figures.contains(where: { $0.figure == id }) else {
        throw yaml.fail("figure \(id) is given twice", node["figure"])
      }
      let year = try yaml.integer(node, "year", what: what)!
      if String(format: "%04d", year) > String(today.prefix(4)) {
        throw yaml.fail("year \(year) is in the future (today is \(today))", node["year"])
      }
      figures.append(
        FigureValue(
          figure: id, value: try yaml.number(node, "value", what: what)!, year: year,
          status: try status(node, allowed: Status.allCases, default: .draft),
          note: try yaml.text(node, "note", what: what),
          evidence: try evidence(node), line: node.mark?.line ?? 0))
    }

    func groups(_ node: Node, what: String) throws(ReadinessError) -> [String] {
      try yaml.list(node, "groups", what: what).map { (item: Node) throws(ReadinessError) -> String in
        guard case .scalar(let scalar) = item else { throw yaml.fail("groups must be a list of names", item) }
        return scalar.string
      }
    }
    func count(_ node: Node, _ key: String, what: String) throws(ReadinessError) -> Int {
      let number = try yaml.integer(node, key, what: what) ?? 0
      guard number >= 0 else { throw yaml.fail("\(key) cannot be negative", node[key]) }
      return number
    }
    var consultation: [ConsultationEvent] = []
    for node in try yaml.list(root, "consultation", what: what) {
      let what = "a consultation event"
      try yaml.mapping(
        node, allowed: ["event", "kind", "date", "groups", "participants", "organisations", "note"],
        required: ["event", "kind", "date"], what: what)
      let date = try yaml.date(node, "date", what: what)!
      try notFuture(date, node["date"], "date")
      consultation.append(
        ConsultationEvent(
          event: try yaml.requiredText(node, "event", what: what),
          kind: try yaml.requiredText(node, "kind", what: what),
          date: date, groups: try groups(node, what: what), participants: try count(node, "participants", what: what),
          organisations: try count(node, "organisations", what: what), note: try yaml.text(node, "note", what: what)))
    }
    var workshop: Workshop?
    if let node = root["validation_workshop"] {
      let what = "the validation workshop"
      try yaml.mapping(
        node, allowed: ["date", "participants", "organisations", "groups", "outcome"], required: ["date"], what: what)
      let date = try yaml.date(node, "date", what: what)!
      try notFuture(date, node["date"], "date")
      workshop = Workshop(
        date: date, participants: try count(node, "participants", what: what),
        organisations: try count(node, "organisations", what: what), groups: try groups(node, what: what),
        outcome: try yaml.text(node, "outcome", what: what))
    }

    if dossierStatus == .validated {
      let settled = Set(answers.filter { $0.status >= .reviewed }.map(\.question))
      let open = bank.questions.map(\.id).filter { !settled.contains($0) }
      if !open.isEmpty {
        throw yaml.fail(
          "status validated but \(open.count) question(s) are unanswered or not reviewed (first: \(open.prefix(3).joined(separator: ", ")))",
          root["status"])
      }
      if workshop == nil { throw yaml.fail("status validated needs a validation_workshop", root["status"]) }
    }
    return Dossier(
      country: country, round: try yaml.requiredText(root, "round", what: what), status: dossierStatus,
      assessmentDate: assessmentDate, example: try yaml.bool(root, "example", what: what) ?? false,
      title: try yaml.text(root, "title", what: what).flatMap { $0.isEmpty ? nil : $0 }, lead: lead,
      organisations: organisations,
      contributors: contributors, answers: answers, findings: findings, figures: figures, consultation: consultation,
      validationWorkshop: workshop, file: path)
  }
}
