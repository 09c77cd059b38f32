import Foundation
import Yams

/// The self-assessment question bank (`Indicators/self-assessment/questions.yaml`, schema
/// `readiness-questions/2`): questions organised by RAM's general block and 22 sub-dimensions, most in
/// pairs (does it exist? how well does it work?), each with ordinal options carrying a numeric level,
/// plus the national figures an office knows and open data lacks. An answer's score is its level over
/// the question's highest level (0 … 1), stored under the question's `SA.…` indicator. Importers score
/// answers with it; profiles list the questions marked `checklist` as the governance checklist.
/// Schema `readiness-questions/1` (the first nine questions) still loads.
public struct QuestionBank: Sendable, Hashable {
  /// One answer option.
  public struct Option: Sendable, Hashable, Codable {
    public var id: String
    /// The ordinal level (0 = nothing in place).
    public var level: Int
    public var label: String

    public init(id: String, level: Int, label: String) {
      self.id = id
      self.level = level
      self.label = label
    }
  }

  /// Pre-filling from open data: the latest value of `indicator` at least `min` suggests `option`.
  public struct Suggestion: Sendable, Hashable, Codable {
    public var indicator: String
    public var min: Double
    public var option: String
  }

  /// One question.
  public struct Question: Sendable, Hashable, Codable {
    public var id: String
    /// The `SA.…` indicator code answers are stored under.
    public var indicator: String
    /// The profile's dimension code (LEG, SOC, ECO, SCI, TEC), when given.
    public var dimension: String?
    public var text: String
    /// Answer → ordinal score (level / highest level, 0 … 1).
    public var options: [String: Double]
    /// RAM's sub-dimension code (`G`, `L1` … `T4`).
    public var ram: String
    /// `exists`, `works` or `general`.
    public var aspect: String
    /// The options in order, with their levels.
    public var levels: [Option]
    /// What evidence counts.
    public var evidence: String
    /// Position in the profiles' governance checklist, if listed there.
    public var checklist: Int?
    /// The `readiness-self-assessment/1` question this one replaces, and old answer → new option.
    public var legacyID: String?
    public var legacyOptions: [String: String]
    public var suggest: Suggestion?

    /// A question of the first schema (options with scores 0 … 1).
    public init(id: String, indicator: String, dimension: String? = nil, text: String, options: [String: Double]) {
      self.id = id
      self.indicator = indicator
      self.dimension = dimension
      self.text = text
      self.options = options
      self.ram = dimension.map { QuestionBank.ramLetter(ofDimension: $0) } ?? "G"
      self.aspect = "exists"
      self.levels = options.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.enumerated().map {
        Option(id: $0.element.key, level: $0.offset, label: $0.element.key.replacingOccurrences(of: "_", with: " "))
      }
      self.evidence = ""
      self.legacyOptions = [:]
    }

    /// A question of schema 2.
    public init(
      id: String, indicator: String, ram: String, aspect: String, text: String, levels: [Option], evidence: String,
      dimension: String? = nil, checklist: Int? = nil, legacyID: String? = nil, legacyOptions: [String: String] = [:],
      suggest: Suggestion? = nil
    ) {
      self.id = id
      self.indicator = indicator
      self.ram = ram
      self.aspect = aspect
      self.text = text
      self.levels = levels
      self.evidence = evidence
      self.dimension = dimension ?? QuestionBank.dimension(ofRAM: ram)
      self.checklist = checklist
      self.legacyID = legacyID
      self.legacyOptions = legacyOptions
      self.suggest = suggest
      let top = Double(max(levels.map(\.level).max() ?? 1, 1))
      self.options = Dictionary(levels.map { ($0.id, Double($0.level) / top) }, uniquingKeysWith: { a, _ in a })
    }

    /// The highest level of the options.
    public var maxLevel: Int { levels.map(\.level).max() ?? 0 }

    /// An option by id.
    public func option(_ id: String) -> Option? { levels.first { $0.id == id } }
  }

  /// A national figure: a quantity the office knows and open data lacks.
  public struct Figure: Sendable, Hashable, Codable {
    public var id: String
    public var ram: String
    public var indicator: String
    public var text: String
    public var unit: String
    public var evidence: String
  }

  /// A RAM sub-dimension with the default framework's indicators that speak to it.
  public struct SubDimension: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var openData: [String]
    /// `L`, `S`, `E`, `C`, `T` or `G`.
    public var letter: String { String(code.prefix(1)) }
  }

  /// The questions in file order.
  public var questions: [Question]
  public var figures: [Figure]
  public var subdimensions: [SubDimension]
  /// The bank's content version.
  public var version: String

  public init(questions: [Question], figures: [Figure] = [], subdimensions: [SubDimension] = [], version: String = "") {
    self.questions = questions
    self.figures = figures
    self.subdimensions = subdimensions
    self.version = version
  }

  /// A question by id.
  public subscript(id: String) -> Question? { questions.first { $0.id == id } }

  /// A figure by id.
  public func figure(_ id: String) -> Figure? { figures.first { $0.id == id } }

  /// The new question that replaces a `readiness-self-assessment/1` question id.
  public func replacing(legacy id: String) -> Question? { questions.first { $0.legacyID == id } }

  /// The governance checklist of the profiles: questions with a `checklist` position, in that order
  /// (all questions when none has one).
  public var checklist: [Question] {
    let listed = questions.filter { $0.checklist != nil }
    if listed.isEmpty { return questions }
    return listed.sorted { $0.checklist! < $1.checklist! }
  }

  /// The five RAM dimensions, in report order: code letter and name.
  public static let dimensions: [(letter: String, name: String)] = [
    ("L", "Legal and regulatory"), ("S", "Social and cultural"), ("E", "Scientific and educational"),
    ("C", "Economic"), ("T", "Technological and infrastructural"),
  ]

  /// The profile's dimension code for a RAM sub-dimension code (nil for the general block).
  public static func dimension(ofRAM ram: String) -> String? {
    ["L": "LEG", "S": "SOC", "E": "SCI", "C": "ECO", "T": "TEC"][String(ram.prefix(1))]
  }

  static func ramLetter(ofDimension dimension: String) -> String {
    ["LEG": "L", "SOC": "S", "SCI": "E", "ECO": "C", "TEC": "T"][dimension] ?? "G"
  }

  /// Loads a question bank.
  ///
  /// - Throws: ``ReadinessError`` `io` when unreadable, `invalidConfiguration` at the line of an unknown
  ///   key, a missing or mistyped field, an unknown scale, a duplicate id or a `ram` code the bank's
  ///   `subdimensions` do not define.
  public static func load(path: String) throws(ReadinessError) -> QuestionBank {
    let text: String
    do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
      throw ReadinessError.cannotOpen(path, what: "question bank")
    }
    let yaml = StrictYAML(path: path, code: .invalidConfiguration)
    let root = try yaml.root(text)
    switch root["schema"]?.string {
    case "readiness-questions/1": return try loadVersion1(root, yaml)
    case "readiness-questions/2": return try loadVersion2(root, yaml)
    default: throw yaml.fail("expected schema: readiness-questions/2", root["schema"] ?? root)
    }
  }

  private static func loadVersion1(_ root: Node, _ yaml: StrictYAML) throws(ReadinessError) -> QuestionBank {
    guard let nodes = root["questions"]?.sequence else { throw yaml.fail("expected a questions list", root) }
    var questions: [Question] = []
    for node in nodes {
      guard let id = node["id"]?.string, let indicator = node["indicator"]?.string,
        let options = node["options"]?.mapping
      else {
        throw yaml.fail("a question needs id, indicator and options", node)
      }
      var scores: [String: Double] = [:]
      for (key, value) in options {
        if let name = key.string, let score = value.float { scores[name] = score }
      }
      questions.append(
        Question(
          id: id, indicator: indicator, dimension: node["dimension"]?.string, text: node["text"]?.string ?? id,
          options: scores))
    }
    return QuestionBank(questions: questions, version: root["version"]?.string ?? "")
  }

  private static func loadVersion2(_ root: Node, _ yaml: StrictYAML) throws(ReadinessError) -> QuestionBank {
    try yaml.mapping(
      root, allowed: ["schema", "version", "scales", "subdimensions", "questions", "figures"],
      required: ["schema", "version", "subdimensions", "questions"], what: "the question bank")
    func options(_ node: Node, what: String) throws(ReadinessError) -> [Option] {
      guard let items = node.sequence, !items.isEmpty else {
        throw yaml.fail("\(what) must be a list of options", node)
      }
      var out: [Option] = []
      for item in items {
        try yaml.mapping(
          item, allowed: ["id", "level", "label"], required: ["id", "level", "label"], what: "an option")
        let option = Option(
          id: try yaml.requiredText(item, "id", what: "an option"),
          level: try yaml.integer(item, "level", what: "an option")!,
          label: try yaml.requiredText(item, "label", what: "an option"))
        guard option.level >= 0, !out.contains(where: { $0.id == option.id || $0.level >= option.level }) else {
          throw yaml.fail("options need distinct ids and rising levels from 0", item)
        }
        out.append(option)
      }
      return out
    }
    var scales: [String: [Option]] = [:]
    for (key, value) in root["scales"]?.mapping ?? [:] {
      scales[key.string ?? ""] = try options(value, what: "scale \(key.string ?? "")")
    }
    var subdimensions: [SubDimension] = []
    for node in try yaml.list(root, "subdimensions", what: "the question bank") {
      try yaml.mapping(
        node, allowed: ["code", "name", "open_data"], required: ["code", "name"], what: "a sub-dimension")
      subdimensions.append(
        SubDimension(
          code: try yaml.requiredText(node, "code", what: "a sub-dimension"),
          name: try yaml.requiredText(node, "name", what: "a sub-dimension"),
          openData: try yaml.list(node, "open_data", what: "a sub-dimension").compactMap(\.string)))
    }
    let codes = Set(subdimensions.map(\.code))
    var questions: [Question] = []
    var ids = Set<String>()
    for node in try yaml.list(root, "questions", what: "the question bank") {
      let what = "a question"
      try yaml.mapping(
        node,
        allowed: [
          "id", "ram", "aspect", "indicator", "dimension", "checklist", "text", "scale", "options", "evidence",
          "legacy",
          "suggest",
        ], required: ["id", "ram", "aspect", "text", "evidence"], what: what)
      let id = try yaml.requiredText(node, "id", what: what)
      guard ids.insert(id).inserted else { throw yaml.fail("question id \(id) appears twice", node["id"]) }
      let ram = try yaml.requiredText(node, "ram", what: what)
      guard codes.contains(ram) else { throw yaml.fail("ram \(ram) is not one of the sub-dimensions", node["ram"]) }
      let aspect = try yaml.requiredText(node, "aspect", what: what)
      guard ["exists", "works", "general"].contains(aspect) else {
        throw yaml.fail("aspect must be exists, works or general", node["aspect"])
      }
      let levels: [Option]
      if let scale = try yaml.text(node, "scale", what: what) {
        guard let found = scales[scale], node["options"] == nil else {
          throw yaml.fail("scale \(scale) is not defined (or options are given too)", node["scale"])
        }
        levels = found
      } else if let list = node["options"] {
        levels = try options(list, what: "options")
      } else {
        throw yaml.fail("a question needs a scale or options", node)
      }
      var legacyID: String?
      var legacyOptions: [String: String] = [:]
      if let legacy = node["legacy"] {
        try yaml.mapping(legacy, allowed: ["id", "options"], required: ["id"], what: "legacy")
        legacyID = try yaml.requiredText(legacy, "id", what: "legacy")
        for (key, value) in legacy["options"]?.mapping ?? [:] {
          guard let old = key.string, let new = value.string, levels.contains(where: { $0.id == new }) else {
            throw yaml.fail("legacy options map old answers to this question's options", value)
          }
          legacyOptions[old] = new
        }
      }
      var suggest: Suggestion?
      if let rule = node["suggest"] {
        try yaml.mapping(
          rule, allowed: ["indicator", "min", "option"], required: ["indicator", "min", "option"], what: "suggest")
        let option = try yaml.requiredText(rule, "option", what: "suggest")
        guard levels.contains(where: { $0.id == option }) else {
          throw yaml.fail("suggest names an unknown option", rule["option"])
        }
        suggest = Suggestion(
          indicator: try yaml.requiredText(rule, "indicator", what: "suggest"),
          min: try yaml.number(rule, "min", what: "suggest")!,
          option: option)
      }
      questions.append(
        Question(
          id: id, indicator: try yaml.text(node, "indicator", what: what) ?? defaultIndicator(id), ram: ram,
          aspect: aspect,
          text: try yaml.requiredText(node, "text", what: what), levels: levels,
          evidence: try yaml.requiredText(node, "evidence", what: what),
          dimension: try yaml.text(node, "dimension", what: what),
          checklist: try yaml.integer(node, "checklist", what: what), legacyID: legacyID, legacyOptions: legacyOptions,
          suggest: suggest))
    }
    var figures: [Figure] = []
    for node in try yaml.list(root, "figures", what: "the question bank") {
      let what = "a figure"
      try yaml.mapping(
        node, allowed: ["id", "ram", "indicator", "unit", "text", "evidence"],
        required: ["id", "ram", "unit", "text", "evidence"],
        what: what)
      let id = try yaml.requiredText(node, "id", what: what)
      guard ids.insert(id).inserted else { throw yaml.fail("id \(id) appears twice", node["id"]) }
      let ram = try yaml.requiredText(node, "ram", what: what)
      guard codes.contains(ram) else { throw yaml.fail("ram \(ram) is not one of the sub-dimensions", node["ram"]) }
      figures.append(
        Figure(
          id: id, ram: ram,
          indicator: try yaml.text(node, "indicator", what: what) ?? "SA.FIG." + defaultIndicator(id).dropFirst(3),
          text: try yaml.requiredText(node, "text", what: what), unit: try yaml.requiredText(node, "unit", what: what),
          evidence: try yaml.requiredText(node, "evidence", what: what)))
    }
    return QuestionBank(
      questions: questions, figures: figures, subdimensions: subdimensions,
      version: try yaml.text(root, "version", what: "the question bank") ?? "")
  }

  /// `SA.` and the id in capitals, dashes as underscores (`L2.law_works` → `SA.L2.LAW_WORKS`).
  static func defaultIndicator(_ id: String) -> String {
    "SA." + id.uppercased().replacingOccurrences(of: "-", with: "_")
  }

  /// The bundled bank.
  public static func bundled() throws(ReadinessError) -> QuestionBank {
    try load(path: try ProjectPaths.indicators() + "/self-assessment/questions.yaml")
  }
}
