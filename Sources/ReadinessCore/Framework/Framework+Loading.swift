import Foundation
import Yams

extension Framework {
  /// Reads and validates a framework YAML file.
  ///
  /// - Throws: ``ReadinessError`` with code `invalidConfiguration` naming the file and the
  ///   offending key or indicator.
  public static func load(path: String) throws(ReadinessError) -> Framework {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw ReadinessError.cannotOpen(path, what: "framework file")
    }
    return try parse(yaml: text, file: path)
  }

  /// Parses and validates framework YAML; `file` names it in errors.
  public static func parse(yaml: String, file: String = "<framework>") throws(ReadinessError) -> Framework {
    let framework: Framework
    do {
      if let node = try Yams.compose(yaml: yaml) {
        try FrameworkKeys.top.check(node, file: file, what: "framework")
        try checkRequired(node, file: file)
      }
      framework = try YAMLDecoder().decode(Framework.self, from: yaml)
    } catch let error as ReadinessError {
      throw error
    } catch let error as DecodingError {
      throw ReadinessError(.invalidConfiguration, describe(error), at: SourceLocation(file: file))
    } catch let error as YamlError {
      throw ReadinessError(
        .invalidConfiguration, "not valid YAML: \(error)", at: SourceLocation(file: file))
    } catch {
      throw ReadinessError(
        .invalidConfiguration, "cannot decode framework: \(error)", at: SourceLocation(file: file))
    }
    try framework.validate(file: file)
    return framework
  }

  /// Checks the rules the schema cannot express: unique codes, goalposts, coverage.
  public func validate(file: String = "<framework>") throws(ReadinessError) {
    func fail(_ message: String) -> ReadinessError {
      ReadinessError(.invalidConfiguration, message, at: SourceLocation(file: file))
    }
    guard schema == Framework.schemaTag else {
      throw fail("schema is \"\(schema)\" (expected \"\(Framework.schemaTag)\")")
    }
    guard !dimensions.isEmpty else { throw fail("no dimensions (expected at least one)") }
    var seen = Set<String>()
    for dimension in dimensions {
      guard seen.insert(dimension.code).inserted else { throw fail("duplicate code \(dimension.code)") }
      guard !dimension.pillars.isEmpty else { throw fail("dimension \(dimension.code) has no pillars") }
      for pillar in dimension.pillars {
        guard seen.insert(pillar.code).inserted else { throw fail("duplicate code \(pillar.code)") }
        guard !pillar.indicators.isEmpty else { throw fail("pillar \(pillar.code) has no indicators") }
        for indicator in pillar.indicators {
          guard seen.insert(indicator.code).inserted else {
            throw fail("duplicate code \(indicator.code)")
          }
          guard indicator.goalposts.count == 2, indicator.goalposts.allSatisfy(\.isFinite),
            indicator.low < indicator.high
          else {
            throw fail(
              "indicator \(indicator.code): goalposts must be [low, high] with low < high")
          }
          if indicator.transform == .log10 && indicator.low <= 0 {
            throw fail("indicator \(indicator.code): log10 needs goalposts above 0")
          }
          if let perCapita = indicator.perCapita, !(perCapita.scale > 0 && perCapita.scale.isFinite) {
            throw fail("indicator \(indicator.code): per_capita.scale must be positive")
          }
          if let theme = indicator.theme, !IndicatorSpec.themes.contains(theme) {
            throw fail(
              "indicator \(indicator.code): theme \"\(theme)\" is not one of \(IndicatorSpec.themes.sorted().joined(separator: ", "))"
            )
          }
          for code in indicator.ram ?? [] where !IndicatorSpec.ramCodes.contains(code) {
            throw fail(
              "indicator \(indicator.code): ram code \"\(code)\" is not a RAM sub-dimension (G, L1…L8, S1…S5, E1, E2, C1…C3, T1…T4)"
            )
          }
          if indicator.missing == .zero && (indicator.missingReason ?? "").trimmingCharacters(in: .whitespaces).isEmpty
          {
            throw fail("indicator \(indicator.code): missing: zero needs a missing_reason (only a census justifies it)")
          }
          if let components = indicator.sumOf, components.isEmpty || components.contains(indicator.code) {
            throw fail("indicator \(indicator.code): sum_of must list other series")
          }
          try checkWeight(indicator.weight, indicator.code)
        }
        try checkWeight(pillar.weight, pillar.code)
        if let coverage = pillar.coverage, !(coverage > 0 && coverage <= 1) {
          throw fail("\(pillar.code): coverage must be in (0, 1]")
        }
      }
      try checkWeight(dimension.weight, dimension.code)
    }
    func checkWeight(_ weight: Double?, _ code: String) throws(ReadinessError) {
      if let weight, !(weight > 0 && weight.isFinite) { throw fail("\(code): weight must be a positive number") }
    }
    for (name, value) in [
      ("pillar", scoring.coverage.pillar), ("dimension", scoring.coverage.dimension),
      ("index", scoring.coverage.index),
    ] where !(value > 0 && value <= 1) {
      throw fail("scoring.coverage.\(name) must be in (0, 1]")
    }
    guard scoring.windowYears >= 1 else { throw fail("scoring.window_years must be at least 1") }
    guard !scoring.bands.isEmpty else { throw fail("scoring.bands must list at least one band") }
    var edge = 0.0
    for band in scoring.bands {
      guard band.lower == edge, band.upper > band.lower else {
        throw fail("scoring.bands must run from 0 to 100 in order, each starting where the last ended")
      }
      edge = band.upper
    }
    guard edge == 100 else { throw fail("scoring.bands must end at 100") }
  }

  /// The keys the schema documents as required but the Swift model can default.
  private static func checkRequired(_ root: Node, file: String) throws(ReadinessError) {
    func require(_ keys: [String], in node: Node?, at path: String) throws(ReadinessError) {
      guard let node else { return }
      for key in keys where node[key] == nil {
        throw ReadinessError(
          .invalidConfiguration, "missing key \"\(key)\"\(path.isEmpty ? "" : " in \(path)")",
          at: SourceLocation(file: file, line: node.mark.map { $0.line }))
      }
    }
    try require(["schema", "id", "name", "version", "label", "description", "scoring", "dimensions"], in: root, at: "")
    try require(["window_years", "coverage", "bands"], in: root["scoring"], at: "scoring")
    try require(["pillar", "dimension", "index"], in: root["scoring"]?["coverage"], at: "scoring.coverage")
    if let id = root["id"]?.string, id.range(of: "^[a-z0-9-]+$", options: .regularExpression) == nil {
      throw ReadinessError(
        .invalidConfiguration, "id \"\(id)\" must use lower-case letters, digits and -", at: SourceLocation(file: file))
    }
    for (d, dimension) in (root["dimensions"]?.sequence ?? []).enumerated() {
      for (p, pillar) in (dimension["pillars"]?.sequence ?? []).enumerated() {
        for (i, indicator) in (pillar["indicators"]?.sequence ?? []).enumerated() {
          let path = "dimensions[\(d)].pillars[\(p)].indicators[\(i)]"
          try require(["lever", "source", "rationale"], in: indicator, at: path)
          try require(["organisation", "dataset", "licence", "url"], in: indicator["source"], at: path + ".source")
        }
      }
    }
  }

  private static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "missing key \"\(key.stringValue)\" at \(path(context))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "\(context.debugDescription) at \(path(context))"
    case .dataCorrupted(let context):
      return "\(context.debugDescription) at \(path(context))"
    @unknown default:
      return "\(error)"
    }
  }

  /// Loads the bundled default framework, `Indicators/frameworks/ram-digital-divide.yaml`.
  public static func bundledDefault() throws(ReadinessError) -> Framework {
    try load(path: try ProjectPaths.indicators() + "/frameworks/ram-digital-divide.yaml")
  }
}

/// The keys a framework file may use, level by level, and the values of its enumerations
/// (checked with their line, before decoding, whose messages have none).
enum FrameworkKeys {
  static let leaf = YAMLKeys.leaf

  static let indicator = YAMLKeys([
    "code": leaf, "name": leaf, "unit": leaf, "goalposts": leaf, "rationale": leaf,
    "direction": .oneOf(IndicatorSpec.Direction.allCases.map(\.rawValue)),
    "transform": .oneOf(IndicatorSpec.Transform.allCases.map(\.rawValue)),
    "lever": .oneOf(IndicatorSpec.Lever.allCases.map(\.rawValue)),
    "missing": .oneOf(IndicatorSpec.Missing.allCases.map(\.rawValue)),
    "ram": leaf, "theme": leaf, "missing_reason": leaf, "weight": leaf, "sum_of": leaf,
    "per_capita": YAMLKeys(["denominator": leaf, "scale": leaf]),
    "source": YAMLKeys(["organisation": leaf, "dataset": leaf, "licence": leaf, "url": leaf]),
  ])

  static let top = YAMLKeys([
    "schema": leaf, "id": leaf, "name": leaf, "version": leaf, "label": leaf, "description": leaf,
    "context_series": leaf,
    "scoring": YAMLKeys([
      "window_years": leaf, "bands": leaf, "reference_year": leaf,
      "coverage": YAMLKeys(["pillar": leaf, "dimension": leaf, "index": leaf]),
    ]),
    "dimensions": YAMLKeys([
      "code": leaf, "name": leaf, "description": leaf, "weight": leaf,
      "pillars": YAMLKeys([
        "code": leaf, "name": leaf, "description": leaf, "weight": leaf, "coverage": leaf, "indicators": indicator,
      ]),
    ]),
  ])
}
