import Foundation
import Hummingbird
import ReadinessCore
import ReadinessReport

extension ReadinessSite {
  /// The country's dossier: the imported current one with the live answers overlaid (a live
  /// answer replaces the imported answer to its question). With live answers, the dossier's status
  /// is the lowest of its counted answers'. Nil when there is neither.
  func dossier(_ code: String, live: [LiveAnswer]) -> Dossier? {
    let imported = data.builder.options.dossiers[code]
    guard !live.isEmpty else { return imported }
    guard var dossier = imported ?? ReadinessSite.emptyDossier(code) else { return nil }
    for answer in live {
      let converted = Dossier.Answer(
        question: answer.question, answer: answer.answer, level: answer.level, score: answer.score,
        status: answer.status, date: String(answer.updatedAt.prefix(10)), answeredBy: answer.answeredBy,
        reviewer: answer.reviewer, note: answer.note, evidence: answer.evidence)
      if let index = dossier.answers.firstIndex(where: { $0.question == answer.question }) {
        dossier.answers[index] = converted
      } else {
        dossier.answers.append(converted)
      }
    }
    dossier.status = dossier.answers.filter(\.counts).map(\.status).min() ?? .draft
    dossier.assessmentDate = max(dossier.assessmentDate, live.map { String($0.updatedAt.prefix(10)) }.max() ?? "")
    return dossier
  }

  /// A dossier with no answers, for a country answered only in the browser.
  static func emptyDossier(_ code: String) -> Dossier? {
    let today = Dossier.today()
    let document: [String: Any] = [
      "country": code, "round": String(today.prefix(4)), "status": "draft", "assessmentDate": today,
      "example": false, "organisations": [], "contributors": [], "answers": [], "findings": [:], "figures": [],
      "consultation": [], "file": "readiness serve (live answers)",
    ]
    guard let json = try? JSONSerialization.data(withJSONObject: document) else { return nil }
    return try? JSONDecoder().decode(Dossier.self, from: json)
  }

  /// What the dossier page shows of one question.
  struct QuestionState {
    var question: QuestionBank.Question
    var answer: Dossier.Answer?
    var version: Int
    var live: LiveAnswer?
  }

  func states(_ code: String) async throws -> (live: [LiveAnswer], dossier: Dossier?, [String: QuestionState]) {
    let live = try await store.answers(country: code)
    let dossier = dossier(code, live: live)
    var states: [String: QuestionState] = [:]
    for question in data.bank.questions {
      let current = live.first { $0.question == question.id }
      states[question.id] = QuestionState(
        question: question, answer: dossier?.answer(question.id), version: current?.version ?? 0, live: current)
    }
    return (live, dossier, states)
  }

  /// A country code of the reference tables (a dossier may exist for a country without a score).
  func dossierCountry(_ text: String) throws -> String {
    let code = text.uppercased()
    guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }), data.reference.country(code) != nil else {
      throw PageError(status: .notFound, message: "No country has the code “\(text)”.")
    }
    return code
  }

  func dossierPage(_ request: Request, code raw: String) async throws -> Response {
    guard case .allowed(let visitor) = try await readAccess(request) else { return try await signIn(request) }
    let code = try dossierCountry(raw)
    let (_, dossier, states) = try await states(code)
    var context = frame(
      visitor: visitor, title: "Self-assessment dossier — \(data.reference.country(code)?.name ?? code)")
    context["country"] = ["iso3": code, "name": data.reference.country(code)?.name ?? code]
    context["canEdit"] = (visitor?.account.role ?? .viewer) >= .contributor
    context["canReview"] = (visitor?.account.role ?? .viewer) >= .reviewer
    context["signedOut"] = visitor == nil
    if let dossier {
      context["dossier"] = [
        "round": dossier.round, "status": dossier.status.rawValue, "date": dossier.assessmentDate,
        "example": dossier.example,
      ]
    }
    var groups: [[String: Any]] = []
    let general: (letter: String, name: String) = ("G", "General")
    for dimension in [general] + QuestionBank.dimensions {
      let questions = data.bank.questions.filter { String($0.ram.prefix(1)) == dimension.letter }
      guard !questions.isEmpty else { continue }
      var items: [[String: Any]] = []
      for question in questions {
        guard let state = states[question.id] else { continue }
        items.append(try await questionView(code, state, visitor: visitor))
      }
      groups.append(["letter": dimension.letter, "name": dimension.name, "questions": items])
    }
    context["dimensions"] = groups
    return html(render("serve-dossier.html", context))
  }

  func questionView(_ code: String, _ state: QuestionState, visitor: Visitor?) async throws -> [String: Any] {
    let question = state.question
    var item: [String: Any] = [
      "id": question.id, "ram": question.ram, "text": question.text, "evidenceHint": question.evidence,
      "version": state.version, "country": code,
      "editPath": "/dossier/\(code)/questions/\(question.id)",
    ]
    if let answer = state.answer {
      var view: [String: Any] = [
        "option": answer.answer, "label": question.option(answer.answer)?.label ?? answer.answer,
        "level": answer.level, "maxLevel": question.maxLevel, "status": answer.status.rawValue,
        "live": state.live != nil, "evidence": answer.evidence.map(evidenceView),
      ]
      for (key, value) in [
        ("note", answer.note), ("answeredBy", answer.answeredBy), ("reviewer", answer.reviewer), ("date", answer.date),
      ] {
        if let value, !value.isEmpty { view[key] = value }
      }
      item["answer"] = view
    }
    if state.live != nil {
      let trail = try await store.audit(country: code, question: question.id)
      item["hasAudit"] = !trail.isEmpty
      item["audit"] = trail.map { entry -> [String: Any] in
        [
          "version": entry.version, "who": entry.who, "when": entry.when,
          "old": entry.old.map(describe) ?? "(no live answer)", "new": describe(entry.new),
        ]
      }
    }
    item["options"] = question.levels.map { option -> [String: Any] in
      ["id": option.id, "label": option.label, "level": option.level, "selected": option.id == state.answer?.answer]
    }
    item["statuses"] = [Dossier.Status.reviewed, .validated].map { status -> [String: Any] in
      ["value": status.rawValue, "selected": status == state.answer?.status]
    }
    return item
  }

  func evidenceView(_ evidence: Dossier.Evidence) -> [String: Any] {
    // Keys of their own: a missing one must not fall back to the answer's (Mustache looks up the stack).
    var view: [String: Any] = ["evType": evidence.type, "evCitation": evidence.citation]
    if let url = evidence.url, !url.isEmpty {
      view["evURL"] = url
      if let safe = ReadinessSite.safeLink(url) { view["evSafeURL"] = safe }
    }
    if let date = evidence.date, !date.isEmpty { view["evDate"] = date }
    return view
  }

  /// A link only for http(s) addresses (never `javascript:` or `data:`).
  static func safeLink(_ url: String) -> String? {
    let lower = url.lowercased()
    guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), URL(string: url) != nil else { return nil }
    return url
  }

  /// One version of an answer in a line of the audit trail.
  func describe(_ answer: LiveAnswer) -> String {
    var text = "\(answer.answer) (level \(answer.level)), \(answer.status.rawValue)"
    if let reviewer = answer.reviewer { text += ", reviewer \(reviewer)" }
    if let note = answer.note, !note.isEmpty { text += "; note: \(note)" }
    if !answer.evidence.isEmpty { text += "; evidence: " + answer.evidence.map(\.citation).joined(separator: " | ") }
    return text
  }

  // MARK: - Editing

  func editPage(_ request: Request, code raw: String, question id: String) async throws -> Response {
    guard let visitor = try await visitor(request) else { return try await signIn(request) }
    guard visitor.account.role >= .contributor else {
      throw PageError(status: .forbidden, message: "Your role (viewer) may read the dossier but not answer it.")
    }
    let code = try dossierCountry(raw)
    let (_, _, states) = try await states(code)
    guard let state = states[id] else { throw PageError(status: .notFound, message: "No question “\(id)”.") }
    return try await editResponse(code, state, visitor: visitor, errors: [], fields: [:], status: .ok)
  }

  func editResponse(
    _ code: String, _ state: QuestionState, visitor: Visitor, errors: [String], fields: [String: String],
    status: HTTPResponse.Status, conflict: (mine: LiveAnswer, theirs: LiveAnswer)? = nil
  ) async throws -> Response {
    var context = frame(visitor: visitor, title: "Answer \(state.question.id) — \(code)")
    var item = try await questionView(code, state, visitor: visitor)
    if !fields.isEmpty {
      item["options"] = state.question.levels.map { option -> [String: Any] in
        ["id": option.id, "label": option.label, "level": option.level, "selected": option.id == fields["answer"]]
      }
    }
    context["q"] = item
    context["country"] = ["iso3": code, "name": data.reference.country(code)?.name ?? code]
    context["errors"] = errors.map { ["message": $0] }
    context["canReview"] = visitor.account.role >= .reviewer
    context["form"] = [
      "note": fields["note"] ?? state.answer?.note ?? "", "evidenceType": fields["evidence_type"] ?? "",
      "citation": fields["evidence_citation"] ?? "", "url": fields["evidence_url"] ?? "",
      "date": fields["evidence_date"] ?? "",
    ]
    context["evidenceTypes"] = Dossier.Evidence.types.map { type -> [String: Any] in
      ["value": type, "selected": type == fields["evidence_type"]]
    }
    if let conflict {
      context["conflict"] = [
        "mine": describe(conflict.mine), "theirs": describe(conflict.theirs), "who": conflict.theirs.updatedBy,
        "when": conflict.theirs.updatedAt, "version": conflict.theirs.version,
      ]
    }
    return html(render("serve-answer.html", context), status: status)
  }

  /// Saves an answer (contributors) or a review (reviewers: status reviewed or validated).
  func saveAnswer(_ request: Request, code raw: String, question id: String, review: Bool) async throws -> Response {
    let fields = try await form(request)
    let visitor = try await authorizeWrite(request, fields: fields, role: review ? .reviewer : .contributor)
    let code = try dossierCountry(raw)
    let (_, _, states) = try await states(code)
    guard let state = states[id] else { throw PageError(status: .notFound, message: "No question “\(id)”.") }
    let question = state.question
    var errors: [String] = []
    guard let version = Int(fields["version"] ?? ""), version >= 0 else {
      throw PageError(status: .badRequest, message: "The form carries no valid version; reload the page.")
    }
    var answer: LiveAnswer
    if review {
      guard let current = state.answer else {
        return try await editResponse(
          code, state, visitor: visitor, errors: ["There is no answer to review yet."], fields: fields,
          status: .unprocessableContent)
      }
      guard let status = Dossier.Status(rawValue: fields["status"] ?? ""), status >= .reviewed else {
        return try await editResponse(
          code, state, visitor: visitor, errors: ["Choose “reviewed” or “validated”."], fields: fields,
          status: .unprocessableContent)
      }
      answer =
        state.live
        ?? LiveAnswer(
          country: code, question: id, answer: current.answer, level: current.level, score: current.score,
          status: current.status, note: current.note, evidence: current.evidence, answeredBy: current.answeredBy,
          reviewer: current.reviewer, version: 0, updatedBy: visitor.account.name, updatedAt: Timestamps.now())
      answer.status = status
      answer.reviewer = visitor.account.name
    } else {
      let chosen = fields["answer"] ?? ""
      guard let option = question.option(chosen) else {
        errors.append("Choose one of the answers.")
        return try await editResponse(
          code, state, visitor: visitor, errors: errors, fields: fields, status: .unprocessableContent)
      }
      let note = (fields["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      if note.count > 4000 { errors.append("The note is longer than 4,000 characters.") }
      var evidence = state.answer?.evidence ?? []
      let type = fields["evidence_type"] ?? ""
      let citation = (fields["evidence_citation"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      let url = (fields["evidence_url"] ?? "").trimmingCharacters(in: .whitespaces)
      let date = (fields["evidence_date"] ?? "").trimmingCharacters(in: .whitespaces)
      if !citation.isEmpty || !url.isEmpty || !date.isEmpty {
        if !Dossier.Evidence.types.contains(type) {
          errors.append("Choose the kind of evidence (\(Dossier.Evidence.types.joined(separator: ", "))).")
        }
        if citation.isEmpty { errors.append("Evidence needs a citation (title, author or body, date).") }
        if citation.count > 1000 { errors.append("The citation is longer than 1,000 characters.") }
        if !url.isEmpty && ReadinessSite.safeLink(url) == nil {
          errors.append("The evidence address must start with https:// or http://.")
        }
        if !date.isEmpty && !ReadinessSite.isDate(date) {
          errors.append("The evidence date must be YYYY-MM-DD and not in the future.")
        }
        evidence.append(
          Dossier.Evidence(
            type: type, citation: citation, url: url.isEmpty ? nil : url, date: date.isEmpty ? nil : date))
      }
      if evidence.isEmpty && option.level > 0 {
        errors.append("Add at least one piece of evidence for this answer.")
      }
      if !errors.isEmpty {
        return try await editResponse(
          code, state, visitor: visitor, errors: errors, fields: fields, status: .unprocessableContent)
      }
      answer = LiveAnswer(
        country: code, question: id, answer: option.id, level: option.level,
        score: question.maxLevel > 0 ? Double(option.level) / Double(question.maxLevel) : 0, status: .draft,
        note: note.isEmpty ? nil : note, evidence: evidence, answeredBy: visitor.account.name, reviewer: nil,
        version: version, updatedBy: visitor.account.name, updatedAt: Timestamps.now())
    }
    var stored: AnswerConflict?
    do {
      _ = try await store.saveAnswer(answer, expectedVersion: version, by: visitor.account.name, at: Timestamps.now())
    } catch {
      guard error.code == .conflict, let conflict = error.cause as? AnswerConflict else { throw error }
      stored = conflict
    }
    if let conflict = stored {
      var fresh = state
      fresh.live = conflict.current
      fresh.version = conflict.current.version
      return try await editResponse(
        code, fresh, visitor: visitor,
        errors: [
          "Someone else saved this answer while you were editing it; nothing of yours was saved. "
            + "Compare both versions below and send the form again if yours should replace theirs."
        ], fields: fields, status: .conflict, conflict: (answer, conflict.current))
    }
    invalidate(country: code)
    return redirect("/dossier/\(code)#q-\(id)")
  }

  static func isDate(_ text: String) -> Bool {
    guard text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil else { return false }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    guard let date = formatter.date(from: text), formatter.string(from: date) == text else { return false }
    return text <= Dossier.today()
  }

  // MARK: - Report

  /// The RAM-style report of the country's dossier (live answers overlaid), as `readiness report
  /// --format html` renders it.
  func report(_ request: Request, code raw: String) async throws -> Response {
    guard case .allowed = try await readAccess(request) else { return try await signIn(request) }
    let code = try dossierCountry(raw)
    let key = "report:" + code
    if let cached = cache.get(key) { return html(cached) }
    let live = try await store.answers(country: code)
    guard let dossier = dossier(code, live: live) else {
      throw PageError(status: .notFound, message: "\(code) has no dossier yet: answer a question on its dossier page.")
    }
    let profile: CountryProfile? =
      data.result.country(code) == nil ? nil : try data.builder(withDossier: dossier, for: code).profile(code)
    let report = AssessmentReportBuilder(
      bank: data.bank, library: data.library, profile: profile,
      countryName: data.reference.country(code)?.name ?? code, blocs: data.reference.blocs(of: code),
      asOf: Dossier.today(), staleAfterMonths: 24, softwareVersion: data.softwareVersion
    ).build(dossier)
    guard renderer.rendersAssessments else {
      throw PageError(status: .internalServerError, message: "The templates folder has no assessment.html.mustache.")
    }
    let body = renderer.render(report)
    cache.put(key, country: code, body)
    return html(body)
  }
}
