import ReadinessCore

/// The digital-divide lens (`Indicators/divide-lens.yaml`, schema `readiness-divide-lens/1`):
/// pairs of series whose gap a profile shows (women vs men, urban vs rural) and single measures
/// (affordability), each shown as "not collected" when the workspace has no value.
public struct DivideLens: Sendable, Hashable {
  public struct Item: Sendable, Hashable {
    public var label: String
    /// `gender`, `urban-rural`, `affordability`, `age`…
    public var kind: String
    public var unit: String
    public var indicatorA: String
    public var groupA: String
    public var indicatorB: String?
    public var groupB: String?

    public init(
      label: String, kind: String, unit: String, indicatorA: String, groupA: String, indicatorB: String? = nil,
      groupB: String? = nil
    ) {
      self.label = label
      self.kind = kind
      self.unit = unit
      self.indicatorA = indicatorA
      self.groupA = groupA
      self.indicatorB = indicatorB
      self.groupB = groupB
    }
  }

  public var items: [Item]

  public init(items: [Item]) { self.items = items }

  /// Every series the lens reads.
  public var indicators: [String] { items.flatMap { [$0.indicatorA] + ($0.indicatorB.map { [$0] } ?? []) } }

  public static func load(path: String) throws(ReadinessError) -> DivideLens {
    let yaml = YAMLStrict(path: path)
    let root = try yaml.root()
    try yaml.check(root, allowed: ["schema", "note", "items"], required: ["schema", "items"], what: "the lens")
    guard root["schema"]?.string == "readiness-divide-lens/1" else {
      throw ReadinessError(
        .invalidConfiguration, "expected schema: readiness-divide-lens/1", at: yaml.location(root["schema"]))
    }
    var items: [Item] = []
    for node in root["items"]?.sequence ?? [] {
      let what = "a lens item"
      try yaml.check(
        node, allowed: ["label", "kind", "unit", "a", "b"], required: ["label", "kind", "unit", "a"], what: what)
      func side(_ key: String) throws(ReadinessError) -> (String, String)? {
        guard let part = node[key] else { return nil }
        try yaml.check(
          part, allowed: ["indicator", "group"], required: ["indicator", "group"], what: "\(key) of \(what)")
        return (try yaml.string(part, "indicator", what: what) ?? "", try yaml.string(part, "group", what: what) ?? "")
      }
      let a = try side("a")!
      let b = try side("b")
      items.append(
        Item(
          label: try yaml.string(node, "label", what: what) ?? "",
          kind: try yaml.string(node, "kind", what: what) ?? "",
          unit: try yaml.string(node, "unit", what: what) ?? "", indicatorA: a.0, groupA: a.1, indicatorB: b?.0,
          groupB: b?.1))
    }
    return DivideLens(items: items)
  }

  public static func bundled() throws(ReadinessError) -> DivideLens {
    try load(path: try ProjectPaths.indicators() + "/divide-lens.yaml")
  }
}
