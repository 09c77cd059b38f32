import ReadinessCore
import Yams

/// The steps of a COINr-style build, as a YAML pipeline file (`--pipeline`):
///
///     denominate: true                                   # divide by iMeta's Denominator column
///     impute: {method: group-mean, group: EurAsia_group} # none | mean | median | group-mean | group-median | row-mean
///                                                        # | knn {k} | panel-latest {years} | panel-linear (panels)
///     screen: {unit_min_availability: 0.9}               # also indicator_min_availability, indicator_max_zero_share
///     treat: {method: coinr, winmax: 5, skew: 2, kurtosis: 3.5}   # none | coinr
///     normalise: {method: minmax, range: [0, 100]}       # minmax | zscore | rank | prank | borda | fracmax | dist2targ
///     aggregate: {method: arithmetic}                    # arithmetic | geometric | harmonic |
///                                                        # generalised {p} | mazziotta-pareto | copeland
///
/// Steps run in COINr's order: denominate, impute, screen, treat, normalise, aggregate.
public struct CoinPipeline: Sendable, Hashable, Codable {
  /// How missing values are filled.
  public enum ImputeMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case none, mean, median
    case groupMean = "group-mean"
    case groupMedian = "group-median"
    case rowMean = "row-mean"
    case knn
    case panelLatest = "panel-latest"
    case panelLinear = "panel-linear"
    public var description: String { rawValue }
    /// A mean or median within each group of units (`group` names the column).
    public var byGroup: Bool { self == .groupMean || self == .groupMedian }
    /// A median rather than a mean.
    public var usesMedian: Bool { self == .median || self == .groupMedian }
    /// Values taken from other periods: only for a panel.
    public var acrossPeriods: Bool { self == .panelLatest || self == .panelLinear }
  }

  /// How outliers are treated.
  public enum TreatMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case none, coinr
    public var description: String { rawValue }
  }

  /// How indicators are brought onto a common scale.
  public enum NormaliseMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case minmax, goalposts, zscore, rank, prank, borda, fracmax, dist2max, dist2targ
    public var description: String { rawValue }
  }

  /// How an aggregate combines its children.
  public enum AggregateMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case arithmetic, geometric, harmonic, generalised
    case mazziottaPareto = "mazziotta-pareto"
    case copeland
    public var description: String { rawValue }
  }

  /// Where aggregation weights come from.
  public enum WeightsMethod: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case explicit, equal, pca
    public var description: String { rawValue }
  }

  public struct Impute: Sendable, Hashable, Codable {
    public var method: ImputeMethod
    public var group: String?
    /// For `panel-latest`: how many years back a value may come from.
    public var years: Int?
    /// For `knn`: how many nearest units to average (default 5).
    public var k: Int?
    public init(method: ImputeMethod, group: String? = nil, years: Int? = nil, k: Int? = nil) {
      self.method = method
      self.group = group
      self.years = years
      self.k = k
    }
  }
  public struct Screen: Sendable, Hashable, Codable {
    /// Units with a smaller share of indicator values (at this point of the pipeline) are dropped.
    public var unitMinAvailability: Double?
    /// Indicators with a smaller share of units with a value (before imputation) are dropped.
    public var indicatorMinAvailability: Double?
    /// Indicators with a larger share of zeros (before imputation) are dropped.
    public var indicatorMaxZeroShare: Double?
    enum CodingKeys: String, CodingKey {
      case unitMinAvailability = "unit_min_availability"
      case indicatorMinAvailability = "indicator_min_availability"
      case indicatorMaxZeroShare = "indicator_max_zero_share"
    }
    public init(
      unitMinAvailability: Double? = nil, indicatorMinAvailability: Double? = nil, indicatorMaxZeroShare: Double? = nil
    ) {
      self.unitMinAvailability = unitMinAvailability
      self.indicatorMinAvailability = indicatorMinAvailability
      self.indicatorMaxZeroShare = indicatorMaxZeroShare
    }
  }
  public struct Treat: Sendable, Hashable, Codable {
    public var method: TreatMethod
    public var winmax: Int
    public var skew: Double
    public var kurtosis: Double
    public init(method: TreatMethod = .coinr, winmax: Int = 5, skew: Double = 2, kurtosis: Double = 3.5) {
      self.method = method
      self.winmax = winmax
      self.skew = skew
      self.kurtosis = kurtosis
    }
    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      method = try c.decodeIfPresent(TreatMethod.self, forKey: .method) ?? .coinr
      winmax = try c.decodeIfPresent(Int.self, forKey: .winmax) ?? 5
      skew = try c.decodeIfPresent(Double.self, forKey: .skew) ?? 2
      kurtosis = try c.decodeIfPresent(Double.self, forKey: .kurtosis) ?? 3.5
    }
  }
  public struct Normalise: Sendable, Hashable, Codable {
    public var method: NormaliseMethod
    public var range: [Double]?
    public var mean: Double?
    public var sd: Double?
    public init(method: NormaliseMethod = .minmax, range: [Double]? = [0, 100], mean: Double? = nil, sd: Double? = nil)
    {
      self.method = method
      self.range = range
      self.mean = mean
      self.sd = sd
    }
  }
  public struct Aggregate: Sendable, Hashable, Codable {
    public var method: AggregateMethod
    /// The power of the generalised mean (1 arithmetic, 0 geometric, −1 harmonic).
    public var p: Double?
    /// The share of a node's children that must have a value for the node to get one (0 = any).
    public var minCoverage: Double?
    /// A different method for some aggregates, by code (`{Sust: geometric}`).
    public var nodes: [String: AggregateMethod]?
    enum CodingKeys: String, CodingKey {
      case method, p, nodes
      case minCoverage = "min_coverage"
    }
    public init(
      method: AggregateMethod = .arithmetic, p: Double? = nil, minCoverage: Double? = nil,
      nodes: [String: AggregateMethod]? = nil
    ) {
      self.method = method
      self.p = p
      self.minCoverage = minCoverage
      self.nodes = nodes
    }

    /// The method of one aggregate.
    public func method(for node: String) -> AggregateMethod { nodes?[node] ?? method }
  }

  struct DenominateOptions: Codable { var scale: Double? }

  /// Where aggregation weights come from: `explicit` (iMeta's Weight, the default), `equal`, or
  /// `pca` (``PCAWeights``, per aggregate, from the children's values at that point).
  public struct Weights: Sendable, Hashable, Codable {
    public var method: WeightsMethod
    public init(method: WeightsMethod = .explicit) { self.method = method }
  }

  public var denominate: Bool
  /// `denominate: {scale: N}` multiplies each ratio by N (e.g. 1e6 for "per million").
  public var denominateScale: Double = 1
  public var weights: Weights?
  public var impute: Impute?
  public var screen: Screen?
  public var treat: Treat?
  public var normalise: Normalise
  public var aggregate: Aggregate

  public init(
    denominate: Bool = false, impute: Impute? = nil, screen: Screen? = nil, treat: Treat? = nil,
    normalise: Normalise = Normalise(), aggregate: Aggregate = Aggregate(), weights: Weights? = nil
  ) {
    self.weights = weights
    self.denominate = denominate
    self.impute = impute
    self.screen = screen
    self.treat = treat
    self.normalise = normalise
    self.aggregate = aggregate
  }

  enum CodingKeys: String, CodingKey { case denominate, impute, screen, treat, normalise, weights, aggregate }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    // `denominate: true`, or `denominate: {scale: N}`.
    if let flag = try? c.decodeIfPresent(Bool.self, forKey: .denominate) {
      denominate = flag
    } else if let options = try c.decodeIfPresent(DenominateOptions.self, forKey: .denominate) {
      denominate = true
      denominateScale = options.scale ?? 1
    } else {
      denominate = false
    }
    impute = try c.decodeIfPresent(Impute.self, forKey: .impute)
    screen = try c.decodeIfPresent(Screen.self, forKey: .screen)
    treat = try c.decodeIfPresent(Treat.self, forKey: .treat)
    normalise = try c.decodeIfPresent(Normalise.self, forKey: .normalise) ?? Normalise()
    aggregate = try c.decodeIfPresent(Aggregate.self, forKey: .aggregate) ?? Aggregate()
    weights = try c.decodeIfPresent(Weights.self, forKey: .weights)
  }

  /// Reads a pipeline file; an unknown key or method is an error naming the step and its line.
  public static func load(path: String) throws(ReadinessError) -> CoinPipeline {
    let text: String
    do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
      throw ReadinessError.cannotOpen(path, what: "pipeline file")
    }
    let pipeline: CoinPipeline
    do {
      if let node = try Yams.compose(yaml: text) {
        try CoinPipeline.keys.check(node, file: path, what: "pipeline")
        try CoinPipeline.checkMethods(node, file: path)
      }
      pipeline = try YAMLDecoder().decode(CoinPipeline.self, from: text)
    } catch let error as ReadinessError {
      throw error
    } catch {
      throw ReadinessError(.invalidConfiguration, "invalid pipeline: \(error)", at: SourceLocation(file: path))
    }
    try pipeline.validate(file: path)
    return pipeline
  }

  /// The keys a pipeline file may use: anything else (`normalize:`, `winmx:`) is an error at its
  /// line rather than a step silently left at its default.
  static let keys: YAMLKeys = {
    let leaf = YAMLKeys.leaf
    return YAMLKeys([
      "denominate": YAMLKeys(["scale": leaf]),
      "impute": YAMLKeys(["method": leaf, "group": leaf, "years": leaf, "k": leaf]),
      "screen": YAMLKeys([
        "unit_min_availability": leaf, "indicator_min_availability": leaf, "indicator_max_zero_share": leaf,
      ]),
      "treat": YAMLKeys(["method": leaf, "winmax": leaf, "skew": leaf, "kurtosis": leaf]),
      "normalise": YAMLKeys(["method": leaf, "range": leaf, "mean": leaf, "sd": leaf]),
      "aggregate": YAMLKeys(["method": leaf, "p": leaf, "min_coverage": leaf, "nodes": YAMLKeys(anyKey: leaf)]),
      "weights": YAMLKeys(["method": leaf]),
    ])
  }()

  /// The normalisation methods.
  public static let normalisations = NormaliseMethod.allCases.map(\.rawValue)
  /// The aggregation methods.
  public static let aggregations = AggregateMethod.allCases.map(\.rawValue)

  /// Every `method` value of a pipeline file (and each of `aggregate.nodes`) must be one its step
  /// knows: an unknown one is an error at its line, before the file is decoded.
  static func checkMethods(_ root: Node, file: String) throws(ReadinessError) {
    func check<M: RawRepresentable & CaseIterable>(_ node: Node?, _ name: String, _: M.Type) throws(ReadinessError)
    where M.RawValue == String {
      guard let node, let text = node.scalar?.string, M(rawValue: text) == nil else { return }
      let expected = M.allCases.map(\.rawValue)
      throw ReadinessError(
        .invalidConfiguration,
        "\(name) \(text) (expected \(expected.dropLast().joined(separator: ", ")) or \(expected.last ?? ""))",
        at: SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column))
    }
    guard let steps = root.mapping else { return }
    try check(steps["impute"]?.mapping?["method"], "impute.method", ImputeMethod.self)
    try check(steps["treat"]?.mapping?["method"], "treat.method", TreatMethod.self)
    try check(steps["normalise"]?.mapping?["method"], "normalise.method", NormaliseMethod.self)
    try check(steps["weights"]?.mapping?["method"], "weights.method", WeightsMethod.self)
    try check(steps["aggregate"]?.mapping?["method"], "aggregate.method", AggregateMethod.self)
    for (key, value) in steps["aggregate"]?.mapping?["nodes"]?.mapping ?? [:] {
      try check(value, "aggregate.nodes.\(key.string ?? "").method", AggregateMethod.self)
    }
  }

  func validate(file: String = "<pipeline>") throws(ReadinessError) {
    func fail(_ message: String) -> ReadinessError {
      ReadinessError(.invalidConfiguration, message, at: SourceLocation(file: file))
    }
    if let k = impute?.k, k < 1 { throw fail("impute.k must be at least 1") }
    if let impute, impute.method.byGroup, impute.group == nil {
      throw fail("impute.group is needed for \(impute.method)")
    }
    if [.minmax, .goalposts].contains(normalise.method), let range = normalise.range,
      range.count != 2 || !(range[0] < range[1])
    {
      throw fail("normalise.range must be [low, high] with low < high")
    }
    if !(denominateScale > 0) || !denominateScale.isFinite { throw fail("denominate.scale must be a positive number") }
    if ([aggregate.method] + (aggregate.nodes ?? [:]).values).contains(.generalised), aggregate.p == nil {
      throw fail("aggregate.p is needed for the generalised mean")
    }
    if let share = aggregate.minCoverage, !(0...1).contains(share) {
      throw fail("aggregate.min_coverage must be in [0, 1]")
    }
    if let screen {
      for (name, value) in [
        ("unit_min_availability", screen.unitMinAvailability),
        ("indicator_min_availability", screen.indicatorMinAvailability),
        ("indicator_max_zero_share", screen.indicatorMaxZeroShare),
      ] {
        if let value, !(0...1).contains(value) { throw fail("screen.\(name) must be in [0, 1]") }
      }
    }
  }
}
