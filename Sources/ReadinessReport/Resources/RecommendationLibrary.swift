import ReadinessCore

/// The editable library of recommendation prompts (`Indicators/recommendations.yaml`, schema
/// `readiness-recommendations/1`), keyed by indicator or sub-pillar code (or a self-assessment indicator)
/// and sorted into the toolkit's own groups (institutions, laws and policies, human capital: RAM country
/// reports group recommendations differently from report to report). Entries may name a RAM sub-dimension,
/// a timeframe, a priority and a lead for the report's roadmap.
public struct RecommendationLibrary: Sendable, Hashable {
  /// One prompt.
  public struct Entry: Sendable, Hashable {
    public var key: String
    /// `institutions`, `laws-and-policies` or `human-capital`.
    public var group: String
    public var action: String
    public var question: String?
    public var legislation: String?
    public var budget: String?
    public var frameworks: [String]
    /// RAM's sub-dimension (`L1` … `T4`, or `G`), for the report's roadmap.
    public var subdimension: String?
    /// `short`, `medium` or `long` (term).
    public var timeframe: String?
    /// `high`, `medium` or `low`.
    public var priority: String?
    /// The institution that would usually lead.
    public var lead: String?

    public init(
      key: String, group: String, action: String, question: String? = nil, legislation: String? = nil,
      budget: String? = nil, frameworks: [String] = [], subdimension: String? = nil, timeframe: String? = nil,
      priority: String? = nil, lead: String? = nil
    ) {
      self.subdimension = subdimension
      self.timeframe = timeframe
      self.priority = priority
      self.lead = lead
      self.key = key
      self.group = group
      self.action = action
      self.question = question
      self.legislation = legislation
      self.budget = budget
      self.frameworks = frameworks
    }
  }

  /// Timeframes and priorities of the roadmap, in order.
  public static let timeframes = ["short", "medium", "long"]
  public static let priorities = ["high", "medium", "low"]

  /// The three groups, in report order.
  public static let groups = ["institutions", "laws-and-policies", "human-capital"]

  public var disclaimer: String
  public var entries: [Entry]

  public init(disclaimer: String, entries: [Entry]) {
    self.disclaimer = disclaimer
    self.entries = entries
  }

  /// Entries keyed by `code`.
  public func entries(for code: String) -> [Entry] { entries.filter { $0.key == code } }

  /// Loads and checks a library file.
  ///
  /// - Throws: ``ReadinessError`` `invalidConfiguration` at the line of an unknown key, a missing
  ///   `key`/`group`/`action`, or a group other than the three.
  public static func load(path: String) throws(ReadinessError) -> RecommendationLibrary {
    let yaml = YAMLStrict(path: path)
    let root = try yaml.root()
    try yaml.check(
      root, allowed: ["schema", "version", "disclaimer", "entries"], required: ["schema", "disclaimer", "entries"],
      what: "the library")
    guard root["schema"]?.string == "readiness-recommendations/1" else {
      throw ReadinessError(
        .invalidConfiguration, "expected schema: readiness-recommendations/1", at: yaml.location(root["schema"]))
    }
    guard let nodes = root["entries"]?.sequence else {
      throw ReadinessError(.invalidConfiguration, "entries must be a list", at: yaml.location(root["entries"]))
    }
    var entries: [Entry] = []
    for node in nodes {
      let what = "a recommendation"
      try yaml.check(
        node,
        allowed: [
          "key", "group", "action", "question", "legislation", "budget", "frameworks", "subdimension", "timeframe",
          "priority", "lead",
        ],
        required: ["key", "group", "action"], what: what)
      for (key, values) in [("timeframe", timeframes), ("priority", priorities)] {
        if let value = try yaml.string(node, key, what: what), !values.contains(value) {
          throw ReadinessError(
            .invalidConfiguration, "\(key) \"\(value)\" (expected one of: \(values.joined(separator: ", ")))",
            at: yaml.location(node[key]))
        }
      }
      let group = try yaml.string(node, "group", what: what) ?? ""
      guard groups.contains(group) else {
        throw ReadinessError(
          .invalidConfiguration, "group \"\(group)\" (expected one of: \(groups.joined(separator: ", ")))",
          at: yaml.location(node["group"]))
      }
      var frameworks: [String] = []
      if let list = node["frameworks"] {
        guard let items = list.sequence else {
          throw ReadinessError(.invalidConfiguration, "frameworks must be a list", at: yaml.location(list))
        }
        frameworks = items.compactMap(\.string)
      }
      entries.append(
        Entry(
          key: try yaml.string(node, "key", what: what) ?? "", group: group,
          action: try yaml.string(node, "action", what: what) ?? "",
          question: try yaml.string(node, "question", what: what),
          legislation: try yaml.string(node, "legislation", what: what),
          budget: try yaml.string(node, "budget", what: what), frameworks: frameworks,
          subdimension: try yaml.string(node, "subdimension", what: what),
          timeframe: try yaml.string(node, "timeframe", what: what),
          priority: try yaml.string(node, "priority", what: what),
          lead: try yaml.string(node, "lead", what: what)))
    }
    return RecommendationLibrary(disclaimer: root["disclaimer"]?.string ?? "", entries: entries)
  }

  /// The bundled library, `Indicators/recommendations.yaml`.
  public static func bundled() throws(ReadinessError) -> RecommendationLibrary {
    try load(path: try ProjectPaths.indicators() + "/recommendations.yaml")
  }
}
