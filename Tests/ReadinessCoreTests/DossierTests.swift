import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

/// Question bank 2, the dossier and the policy score, checked against hand-worked values.
@Suite("Self-assessment dossier")
struct DossierTests {
  static let folder = TestPaths.indicators + "/self-assessment"
  static let today = "2026-11-30"

  static func bank() throws -> QuestionBank {
    try QuestionBank.load(path: TestPaths.indicators + "/self-assessment/questions.yaml")
  }

  static func example() throws -> Dossier {
    try Dossier.load(
      path: folder + "/example-dossier.yaml", bank: bank(), reference: TestPaths.reference(), today: today)
  }

  /// The bank covers the general block and RAM's 22 sub-dimensions with the codes of ram-structure.md.
  @Test func bankCoversEverySubDimension() throws {
    let bank = try Self.bank()
    let codes = [
      "G", "L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "S1", "S2", "S3", "S4", "S5", "E1", "E2", "C1", "C2", "C3",
      "T1", "T2", "T3", "T4",
    ]
    #expect(bank.subdimensions.map(\.code) == codes)
    #expect(bank.questions.count >= 80)
    for code in codes {
      let questions = bank.questions.filter { $0.ram == code }
      #expect(questions.count >= 3, "\(code) has \(questions.count) questions")
      // Existence and effectiveness in pairs: every sub-dimension asks how well something works.
      #expect(questions.contains { $0.aspect == "exists" } && questions.contains { $0.aspect == "works" }, "\(code)")
    }
    for question in bank.questions {
      #expect(
        !question.evidence.isEmpty && question.levels.first?.level == 0 && question.maxLevel >= 2, "\(question.id)")
    }
    #expect(Set(bank.questions.map(\.indicator)).count == bank.questions.count)
    #expect(
      bank.figures.count >= 5 && bank.figures.allSatisfy { !$0.unit.isEmpty && $0.indicator.hasPrefix("SA.FIG.") })
    // ram-structure.md, where the shared design folder is present, uses the same codes.
    let design = URL(fileURLWithPath: TestPaths.sharedData).deletingLastPathComponent().appendingPathComponent(
      "design/ram-structure.md"
    ).path
    if let text = try? String(contentsOfFile: design, encoding: .utf8) {
      for code in codes {
        #expect(text.contains("| \(code) ") || text.contains("| \(code) ("), "\(code) not in ram-structure.md")
      }
    }
  }

  /// The nine questions of the first bank: mapped, and the checklist keeps their order and wording.
  @Test func firstBankMapsOntoTheSecond() throws {
    let bank = try Self.bank()
    let old = [
      ("data_protection_law", "Is there a data-protection and privacy law?"),
      ("national_ai_strategy", "Does the country have a national AI strategy?"),
      ("ai_ethics_body", "Is there a body responsible for AI ethics or oversight (commission, council, regulator)?"),
      ("cybersecurity_strategy", "Is there a national cybersecurity strategy?"),
      ("access_to_information_law", "Is there a freedom-of-information (access to information) law?"),
      ("open_data_policy", "Is there an open government data policy or portal?"),
      ("algorithmic_impact_assessment", "Must public bodies assess the impact of AI systems before using them?"),
      (
        "digital_skills_programme",
        "Is there a national programme for digital and AI skills (schools, adults, public servants)?"
      ),
      ("gender_digital_divide_policy", "Is there a policy to close the gender gap in digital access and skills?"),
    ]
    #expect(bank.checklist.map(\.text) == old.map(\.1))
    for (id, text) in old { #expect(bank.replacing(legacy: id)?.text == text, "\(id)") }
    // Old answers and their scores on the new levels: none 0, draft 2/4, in_force 4/4; adopted 3/4.
    let protection = try #require(bank.replacing(legacy: "data_protection_law"))
    #expect(
      protection.options["draft"] == 0.5 && protection.options["in_force"] == 1
        && protection.indicator == "SA.LEG.DATA_PROTECTION")
    #expect(bank.replacing(legacy: "cybersecurity_strategy")?.options["adopted"] == 0.75)
  }

  /// The example's answers, scores and staleness, worked by hand.
  @Test func exampleDossierLoadsAndScores() throws {
    let dossier = try Self.example()
    let bank = try Self.bank()
    #expect(dossier.country == "KEN" && dossier.status == .reviewed && dossier.example)
    #expect(dossier.answers.count == 25 && dossier.answers.filter(\.counts).count == 24)
    #expect(dossier.answer("L2.law_works")?.score == 0.5)
    #expect(dossier.answer("L2.law")?.evidence.map(\.type) == ["law", "report"])
    #expect(dossier.answer("G.ethics_body")?.score == 0 && dossier.answer("G.ethics_body")?.reviewer == "r1")
    #expect(dossier.figures.map(\.figure) == ["ai_researchers", "public_ai_compute", "schools_ai_curriculum"])
    let participants = dossier.consultation.map(\.participants).reduce(0, +)
    #expect(participants == 123)  // 12 + 38 + 9 + 64
    #expect(dossier.validationWorkshop?.organisations == 30)
    #expect(dossier.findings.count == 6 && dossier.leadName == "Example National AI Office (invented)")
    // 24 months before 2026-11-30 is 2024-11-30: only L2.law (2023-06-01) is older.
    #expect(dossier.staleAnswers(asOf: Self.today, months: 24).map(\.question) == ["L2.law"])
    #expect(dossier.staleAnswers(asOf: Self.today, months: 48).isEmpty)

    let score = PolicyScore(dossier: dossier, bank: bank)
    // L2: (4/4 + 2/4 + 4/4 + 1/4) / 4 = 0.6875.
    #expect(score.subdimension("L2")?.score == 68.75 && score.subdimension("L2")?.answered == 4)
    #expect(score.subdimension("L2")?.complete == true)
    // L7: the suggested cybercrime answer does not count; 3/4 alone.
    #expect(score.subdimension("L7")?.score == 75 && score.subdimension("L7")?.answered == 1)
    #expect(score.subdimension("L4")?.score == nil)
    // L: mean of L1 37.5, L2 68.75, L3 100, L5 100, L7 75, L8 100 = 481.25 / 6.
    let legal = try #require(score.dimensions.first { $0.code == "L" })
    #expect(abs(legal.score! - 481.25 / 6) < 1e-12)
    #expect(legal.answered == 10 && legal.questions == 37 && !legal.complete)
    // C: only C1.impact_study, answered none.
    #expect(score.dimensions.first { $0.code == "C" }?.score == 0)
  }

  static func edited(_ original: String, _ replacement: String) throws -> (path: String, line: Int) {
    let text = try String(contentsOfFile: folder + "/example-dossier.yaml", encoding: .utf8)
    let range = try #require(text.range(of: original), "\(original) not in the example")
    let changed = text.replacingCharacters(in: range, with: replacement)
    let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
    let path = TestPaths.temporaryDirectory() + "/dossier.yaml"
    try changed.write(toFile: path, atomically: true, encoding: .utf8)
    return (path, line)
  }

  /// Each bad input is one error naming the file and the line at fault.
  @Test(
    arguments: [
      ("participants: 55", "participants: many", "must be a whole number", 0),
      ("question: T4.statistics_law", "question: T4.flying_cars", "unknown question", 0),
      ("question: L2.law_works", "question: L2.law", "answered twice", 0),
      (
        "{type: law, citation: \"Invented Statistics Act (example)\", date: 2006-01-01}",
        "{type: law, date: 2006-01-01}", "evidence without a citation", 0
      ),
      ("status: reviewed\nassessment_date", "status: validated\nassessment_date", "unanswered", 0),
      ("date: 2026-10-20", "date: 2027-01-01", "in the future", 0),
      ("consultation:", "consultaton:", "unknown key \"consultaton\"", 0),
      ("participants: 64", "participant: 64", "unknown key \"participant\"", 0),
      (
        "    answered_by: a1\n    reviewer: r1\n    evidence:\n      - {type: law, citation: \"Invented Statistics",
        "    answered_by: a1\n    evidence:\n      - {type: law, citation: \"Invented Statistics", "needs a reviewer",
        -4
      ),
      (
        "{type: dataset, citation: \"Invented open-data", "{type: rumour, citation: \"Invented open-data",
        "evidence type", 0
      ),
      (
        "reviewer: r2\n    evidence:\n      - {type: report, citation: \"Invented report of the example consultation\"",
        "reviewer: r9\n    evidence:\n      - {type: report, citation: \"Invented report of the example consultation\"",
        "not in contributors", 0
      ),
      ("answer: in_development", "answer: maybe", "not an option", 0),
      ("country: KEN", "country: XKX1", "alpha-3", 0),
      ("year: 2025\n    status: reviewed\n    note", "year: 2027\n    status: reviewed\n    note", "in the future", 0),
      ("example: true", "example: yes please", "true or false", 0),
    ] as [(String, String, String, Int)])
  func badInputIsOneErrorAtItsLine(original: String, replacement: String, message: String, offset: Int) throws {
    let (path, line) = try Self.edited(original, replacement)
    let error = #expect(throws: ReadinessError.self) {
      try Dossier.load(path: path, bank: Self.bank(), reference: TestPaths.reference(), today: Self.today)
    }
    #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    #expect(error?.location?.file == path)
    #expect(!(error?.description.contains("\n") ?? true))
    if message == "unanswered" {
      #expect(error?.location?.line == 9)  // the status line
    } else {
      #expect(error?.location?.line == line + offset, "\(String(describing: error))")
    }
  }

  /// A validated dossier needs every question answered and reviewed, and the workshop.
  @Test func validatedDossierNeedsEveryQuestionReviewed() throws {
    let bank = try Self.bank()
    var text = """
      schema: readiness-dossier/1
      country: KEN
      round: "2026"
      status: validated
      assessment_date: 2026-10-01
      contributors:
        - {id: r, name: "Reviewer"}
      answers:

      """
    for question in bank.questions {
      text += "  - {question: \(question.id), answer: \(question.levels.last!.id), status: validated, reviewer: r}\n"
    }
    let path = TestPaths.temporaryDirectory() + "/validated.yaml"
    try (text + "validation_workshop: {date: 2026-10-20, participants: 40, organisations: 20}\n")
      .write(toFile: path, atomically: true, encoding: .utf8)
    let dossier = try Dossier.load(path: path, bank: bank, reference: nil, today: Self.today)
    let score = PolicyScore(dossier: dossier, bank: bank)
    #expect(score.dimensions.allSatisfy { $0.score == 100 && $0.complete })
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let error = #expect(throws: ReadinessError.self) {
      try Dossier.load(path: path, bank: bank, reference: nil, today: Self.today)
    }
    #expect(error?.message.contains("validation_workshop") == true)
    // A suggested answer never counts as reviewed: one is enough to refuse validation.
    let first = bank.questions[0]
    let suggested = text.replacingOccurrences(
      of: "{question: \(first.id), answer: \(first.levels.last!.id), status: validated, reviewer: r}",
      with: "{question: \(first.id), answer: \(first.levels.last!.id), status: suggested}")
    #expect(suggested != text)
    try (suggested + "validation_workshop: {date: 2026-10-20}\n").write(toFile: path, atomically: true, encoding: .utf8)
    let refused = #expect(throws: ReadinessError.self) {
      try Dossier.load(path: path, bank: bank, reference: nil, today: Self.today)
    }
    #expect(
      refused?.message.contains("1 question(s) are unanswered or not reviewed (first: \(first.id))") == true,
      "\(String(describing: refused))")
  }

  /// The template: every question, suggestions only where a rule's threshold is met, and it loads with
  /// nothing counted.
  @Test func templateSuggestsFromOpenDataAndCountsNothing() throws {
    let bank = try Self.bank()
    let values: [String: DossierTemplate.Value] = [
      "ITU_GCI_GCI_OVRL_SCRE": .init(value: 80, year: 2024, source: "ITU"),  // ≥ 75: two questions suggested
      "EGOV.OSI": .init(value: 0.3, year: 2022, source: "UN DESA"),  // < 0.5: not suggested
    ]
    let text = DossierTemplate.render(bank: bank, country: "KEN", today: Self.today) { values[$0] }
    #expect(text.components(separatedBy: "  - question: ").count - 1 == bank.questions.count)
    #expect(text.components(separatedBy: "    status: suggested").count - 1 == 2)
    #expect(text.contains("ITU: ITU_GCI_GCI_OVRL_SCRE = 80 (2024)"))
    let dossier = try Dossier.parse(text: text, path: "t.yaml", bank: bank, reference: nil, today: Self.today)
    #expect(dossier.answers.map(\.question) == ["L7.cyber_strategy", "L7.cybercrime_law"])
    #expect(dossier.answers.allSatisfy { $0.status == .suggested })
    #expect(PolicyScore(dossier: dossier, bank: bank).subdimension("L7")?.answered == 0)
  }

  /// The bank itself is read strictly: a misspelt key or an undefined scale is an error at its line.
  @Test(
    arguments: [
      (
        "    aspect: exists\n    scale: existence\n    text: \"Is one institution",
        "    aspect: exists\n    scael: existence\n    text: \"Is one institution", "unknown key \"scael\"", 0
      ),
      (
        "    aspect: exists\n    scale: existence\n    text: \"Is one institution",
        "    aspect: exists\n    scale: existance\n    text: \"Is one institution", "scale existance", 1
      ),
      ("    ram: L4\n    aspect: exists", "    ram: L9\n    aspect: exists", "ram L9", 0),
    ] as [(String, String, String, Int)])
  func bankErrorsNameTheLine(original: String, replacement: String, message: String, offset: Int) throws {
    let text = try String(contentsOfFile: Self.folder + "/questions.yaml", encoding: .utf8)
    let range = try #require(text.range(of: original))
    let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1 + offset
    let path = TestPaths.temporaryDirectory() + "/questions.yaml"
    try text.replacingCharacters(in: range, with: replacement).write(toFile: path, atomically: true, encoding: .utf8)
    let error = #expect(throws: ReadinessError.self) { try QuestionBank.load(path: path) }
    #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    #expect(error?.location?.line == line + (message.hasPrefix("unknown") ? 1 : 0), "\(String(describing: error))")
  }

  @Test func datesAreCheckedAsCalendarDays() {
    #expect(Dossier.today().count == 10)
    let bank = QuestionBank(questions: [])
    for bad in ["2026-02-30", "2026-13-01", "26-01-01", "2026-1-01"] {
      let text = "schema: readiness-dossier/1\ncountry: KEN\nround: \"1\"\nstatus: draft\nassessment_date: \(bad)\n"
      #expect(throws: ReadinessError.self) {
        try Dossier.parse(text: text, path: "d", bank: bank, reference: nil, today: "2026-11-30")
      }
    }
    let leap = "schema: readiness-dossier/1\ncountry: KEN\nround: \"1\"\nstatus: draft\nassessment_date: 2024-02-29\n"
    #expect((try? Dossier.parse(text: leap, path: "d", bank: bank, reference: nil, today: "2026-11-30")) != nil)
  }
}
