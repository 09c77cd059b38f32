import Foundation
import ReadinessCore

/// Runs a ``CoinPipeline`` over a ``CoinInput``: the JRC/COINr method, step by step, keeping
/// every intermediate table and a log of what each step did.
public enum CoinEngine {
  /// What a build produced.
  public struct Result: Sendable {
    /// Unit codes after screening, in input order.
    public var units: [String]
    /// Each table by step: `denominated`, `imputed`, `treated`, `normalised`, `aggregated`
    /// (indicator or aggregate code → value per unit).
    public var tables: [String: [String: [Double?]]]
    /// Aggregate codes, top level first.
    public var aggregates: [String]
    /// Ranks (1 = best, ties share the lowest) of every aggregate.
    public var ranks: [String: [Int?]]
    /// One line per step and per treated indicator.
    public var log: [String]
    /// The weight of every node within its parent (normalised to sum to 1 among siblings), as used.
    public var weights: [String: Double] = [:]
    /// Effective (final) weight of every indicator and aggregate in the top aggregate: the product
    /// of the normalised weights down the tree (COINr's `get_eff_weights`).
    public var effectiveWeights: [String: Double] = [:]
  }

  /// The data after the steps up to treatment, reusable by runs that change only later steps.
  public struct Prepared: Sendable {
    var units: [CoinInput.Unit]
    var data: [String: [Double?]]
    var tables: [String: [String: [Double?]]]
    var log: [String]
  }

  public static func run(_ input: CoinInput, _ pipeline: CoinPipeline) throws(ReadinessError) -> Result {
    try finish(input, pipeline, prepare(input, pipeline))
  }

  /// Steps 1–4: denominate, impute, screen, treat.
  public static func prepare(_ input: CoinInput, _ pipeline: CoinPipeline) throws(ReadinessError) -> Prepared {
    try pipeline.validate()
    var build = Build(input: input, pipeline: pipeline)
    try build.denominate()
    build.screenIndicators()
    try build.impute()
    build.screenUnits()
    build.treat()
    return Prepared(units: build.units, data: build.data, tables: build.tables, log: build.log)
  }

  /// Steps 5–6: normalise, aggregate (with the weights of `input`, or equal or PCA weights as the
  /// pipeline says), rank. `bounds` (indicator → minimum and maximum of the direction-adjusted
  /// values) makes min-max normalisation use bounds shared across the periods of a panel instead of
  /// this period's own. `multipliers` (node → factor) scale the weights after the weighting method
  /// has set them: the weight noise of uncertainty runs.
  public static func finish(
    _ input: CoinInput, _ pipeline: CoinPipeline, _ prepared: Prepared, bounds: [String: (Double, Double)]? = nil,
    multipliers: [String: Double]? = nil
  ) throws(ReadinessError) -> Result {
    var build = Build(input: input, pipeline: pipeline, prepared: prepared)
    try build.normalise(bounds: bounds)
    try build.aggregate(multipliers: multipliers)
    return build.result()
  }

  /// One build in progress, as COINr's "coin": the data as the last step left it, every step's
  /// table, the log, and what later steps need (the indicators kept by screening, the weights
  /// used). One method per step, in the order ``prepare(_:_:)`` and ``finish(_:_:_:bounds:multipliers:)``
  /// call them.
  struct Build {
    let input: CoinInput
    let pipeline: CoinPipeline
    var units: [CoinInput.Unit]
    var data: [String: [Double?]]
    var tables: [String: [String: [Double?]]] = [:]
    var log: [String] = []
    /// The indicators left by indicator screening.
    var kept: [CoinInput.Node]
    /// The weight of every node within its parent, normalised among siblings (set by aggregation).
    var used: [String: Double] = [:]

    init(input: CoinInput, pipeline: CoinPipeline) {
      self.input = input
      self.pipeline = pipeline
      units = input.units
      data = input.values
      kept = input.indicators
    }

    init(input: CoinInput, pipeline: CoinPipeline, prepared: Prepared) {
      self.input = input
      self.pipeline = pipeline
      units = prepared.units
      data = prepared.data
      tables = prepared.tables
      log = prepared.log
      kept = input.indicators
    }

    /// Step 1, denominate: x / denominator × scale. Leaves the `denominated` table.
    mutating func denominate() throws(ReadinessError) {
      if pipeline.denominate {
        var count = 0
        for node in input.indicators {
          guard let column = node.denominator else { continue }
          guard let denominator = input.denominators[column] else {
            throw ReadinessError(
              .invalidConfiguration, "indicator \(node.code) is denominated by \(column), which iData does not hold")
          }
          data[node.code] = zip(data[node.code] ?? [], denominator).map { value, den in
            guard let value, let den, den != 0 else { return nil }
            return value / den * pipeline.denominateScale
          }
          count += 1
        }
        log.append("denominate: \(count) indicators divided by their denominator")
      }
      tables["denominated"] = data
    }

    /// Indicator screening, on the data before imputation: availability and share of zeros.
    mutating func screenIndicators() {
      var droppedIndicators: [String] = []
      if let screen = pipeline.screen, screen.indicatorMinAvailability != nil || screen.indicatorMaxZeroShare != nil {
        for node in input.indicators {
          let column = data[node.code] ?? []
          let present = column.compactMap { $0 }
          let availability = column.isEmpty ? 0 : Double(present.count) / Double(column.count)
          let zeros = present.isEmpty ? 0 : Double(present.filter { $0 == 0 }.count) / Double(present.count)
          if let minimum = screen.indicatorMinAvailability, availability < minimum - 1e-12 {
            droppedIndicators.append(node.code)
          } else if let maximum = screen.indicatorMaxZeroShare, zeros > maximum + 1e-12 {
            droppedIndicators.append(node.code)
          }
        }
        for code in droppedIndicators { data[code] = nil }
        log.append(
          "screen: \(droppedIndicators.count) indicators dropped\(droppedIndicators.isEmpty ? "" : ": " + droppedIndicators.joined(separator: ", "))"
        )
      }
      kept = input.indicators.filter { !droppedIndicators.contains($0.code) }
    }

    /// Step 2, impute. Leaves the `imputed` table.
    mutating func impute() throws(ReadinessError) {
      if let impute = pipeline.impute, impute.method.acrossPeriods {
        throw ReadinessError(
          .invalidConfiguration, "impute.method \(impute.method) fills values across periods: build the data as a panel"
        )
      } else if let impute = pipeline.impute, impute.method == .knn {
        let (imputed, filled) = nearestNeighbours(
          data, indicators: kept.map(\.code), units: units.count, k: impute.k ?? 5)
        data = imputed
        log.append("impute: \(filled) missing values filled (mean of the \(impute.k ?? 5) nearest units)")
      } else if let impute = pipeline.impute, impute.method == .rowMean {
        // The unit's mean of its siblings' min-max-normalised values (direction applied), taken back
        // to the indicator's own scale.
        let bounds = Dictionary(
          uniqueKeysWithValues: kept.compactMap { node -> (String, (Double, Double))? in
            let present = (data[node.code] ?? []).compactMap { $0 }.map { $0 * node.direction }
            guard let low = present.min(), let high = present.max(), high > low else { return nil }
            return (node.code, (low, high))
          })
        var filled = 0
        var imputed = data
        for node in kept {
          guard let (low, high) = bounds[node.code] else { continue }
          let siblings = kept.filter { $0.parent == node.parent && $0.code != node.code }
          for index in units.indices where data[node.code]?[index] == nil {
            let shares = siblings.compactMap { sibling -> Double? in
              guard let value = data[sibling.code]?[index], let (l, h) = bounds[sibling.code] else { return nil }
              return (value * sibling.direction - l) / (h - l)
            }
            guard !shares.isEmpty else { continue }
            imputed[node.code]?[index] = (low + Statistics.mean(shares) * (high - low)) * node.direction
            filled += 1
          }
        }
        data = imputed
        log.append("impute: \(filled) missing values filled (row-mean within each parent)")
      } else if let impute = pipeline.impute, impute.method != .none {
        var filled = 0
        for node in kept {
          var column = data[node.code] ?? []
          let groups: [String] =
            impute.method.byGroup
            ? units.map { $0.groups[impute.group ?? ""] ?? "" } : Array(repeating: "", count: units.count)
          var fill: [String: Double] = [:]
          for group in Set(groups) {
            let present = zip(column, groups).compactMap { value, g in g == group ? value : nil }
            guard !present.isEmpty else { continue }
            fill[group] = impute.method.usesMedian ? Statistics.median(present) : Statistics.mean(present)
          }
          for index in column.indices where column[index] == nil {
            if let value = fill[groups[index]] {
              column[index] = value
              filled += 1
            }
          }
          data[node.code] = column
        }
        log.append(
          "impute: \(filled) missing values filled (\(impute.method)\(impute.group.map { " by \($0)" } ?? ""))")
      }
      tables["imputed"] = data
    }

    /// Step 3, screen units by data availability (on the data at this point, as COINr's example
    /// does); every table so far keeps only the units kept.
    mutating func screenUnits() {
      if let screen = pipeline.screen, let minimum = screen.unitMinAvailability {
        var keep: [Int] = []
        for index in units.indices {
          let present = kept.filter { data[$0.code]?[index] != nil }.count
          if Double(present) / Double(max(kept.count, 1)) >= minimum - 1e-12 { keep.append(index) }
        }
        let keepSet = Set(keep)
        let dropped = units.indices.filter { !keepSet.contains($0) }.map { units[$0].code }
        units = keep.map { units[$0] }
        for key in Array(data.keys) { data[key] = keep.map { data[key]![$0] } }
        for key in Array(tables.keys) {
          for column in Array(tables[key]!.keys) { tables[key]![column] = keep.map { tables[key]![column]![$0] } }
        }
        log.append(
          "screen: \(dropped.count) units dropped below \(minimum) availability\(dropped.isEmpty ? "" : ": " + dropped.joined(separator: ", "))"
        )
      }
    }

    /// Step 4, treat outliers (COINr: winsorise one step at a time on the skewed side, then log).
    /// Leaves the `treated` table.
    mutating func treat() {
      if let treat = pipeline.treat, treat.method == .coinr {
        for node in kept {
          let (column, note) = treatOutliers(data[node.code] ?? [], treat)
          data[node.code] = column
          if let note { log.append("treat \(node.code): \(note)") }
        }
      }
      tables["treated"] = data
    }

    /// Step 5, normalise after applying the direction. Leaves the `normalised` table.
    mutating func normalise(bounds: [String: (Double, Double)]?) throws(ReadinessError) {
      for node in input.indicators where data[node.code] != nil {
        let directed = (data[node.code] ?? []).map { $0.map { $0 * node.direction } }
        if pipeline.normalise.method == .minmax, let (low, high) = bounds?[node.code] {
          let range = pipeline.normalise.range ?? [0, 100]
          data[node.code] = directed.map { value in
            value.map { high > low ? range[0] + ($0 - low) / (high - low) * (range[1] - range[0]) : range[0] }
          }
        } else if pipeline.normalise.method == .goalposts {
          // COINr's n_goalposts: (x − lower)/(upper − lower), or (x − upper)/(lower − upper) when lower
          // is better, truncated to [0, 1], onto the range. On the direction-adjusted values that is the
          // same formula with the goalposts multiplied by the direction.
          guard let posts = node.goalposts else {
            throw ReadinessError(
              .invalidConfiguration,
              "normalise goalposts: indicator \(node.code) has no goalpost_lower/goalpost_upper in iMeta")
          }
          let directedPosts = posts.map { $0 * node.direction }
          let (l, u) = (directedPosts.min() ?? 0, directedPosts.max() ?? 1)
          let range = pipeline.normalise.range ?? [0, 100]
          data[node.code] = directed.map { value in
            value.map { range[0] + min(1, max(0, ($0 - l) / (u - l))) * (range[1] - range[0]) }
          }
        } else {
          data[node.code] = CoinEngine.normalise(
            directed, pipeline.normalise, target: node.target.map { $0 * node.direction })
        }
      }
      tables["normalised"] = data
    }

    /// Step 6, aggregate level by level; missing children drop out with their weights. Leaves the
    /// `aggregated` table and the weights used.
    mutating func aggregate(multipliers: [String: Double]?) throws(ReadinessError) {
      let aggregates = input.aggregates.sorted { $0.level < $1.level }
      var childrenOf: [String: [CoinInput.Node]] = [:]
      for node in input.nodes { if let parent = node.parent { childrenOf[parent, default: []].append(node) } }
      let codes = Set(aggregates.map(\.code))
      for code in (pipeline.aggregate.nodes ?? [:]).keys.sorted() where !codes.contains(code) {
        throw ReadinessError(
          .invalidConfiguration,
          "aggregate.nodes names \(code), which is not an aggregate of iMeta (expected one of: \(codes.sorted().joined(separator: ", ")))"
        )
      }
      for node in aggregates {
        // Children screened out (no column any more) take no part, not even in the weights.
        var children = (childrenOf[node.code] ?? []).filter { data[$0.code] != nil }
        switch pipeline.weights?.method ?? .explicit {
        case .equal:
          for i in children.indices { children[i].weight = 1 }
        case .pca:
          if let pca = PCAWeights.weights(children.map { data[$0.code] ?? [] }) {
            for i in children.indices { children[i].weight = pca.weights[i] }
            log.append(
              "weights \(node.code): PCA, \(pca.factors) factor\(pca.factors == 1 ? "" : "s") of \(children.count) children "
                + "(\(pca.units) complete units): "
                + zip(children, pca.weights).map { "\($0.code) \(String(format: "%.3f", $1))" }.joined(separator: ", "))
          } else if children.count > 1 {
            log.append(
              "weights \(node.code): PCA not possible (fewer than 3 complete units or a constant child); iMeta weights kept"
            )
          }
        case .explicit: break
        }
        if let multipliers {
          for i in children.indices { children[i].weight *= multipliers[children[i].code] ?? 1 }
        }
        let total = children.reduce(0) { $0 + $1.weight }
        for child in children { used[child.code] = total > 0 ? child.weight / total : 0 }
        let method = pipeline.aggregate.method(for: node.code)
        if method == .copeland {
          data[node.code] = CoinEngine.copeland(children.map { (data[$0.code] ?? [], $0.weight) }, count: units.count)
          continue
        }
        var column: [Double?] = []
        for index in units.indices {
          let parts = children.compactMap { child -> (Double, Double)? in
            guard let value = data[child.code]?[index] else { return nil }
            return (value, child.weight)
          }
          // The minimum-coverage rule: too few children with a value → no value for the node.
          if let share = pipeline.aggregate.minCoverage, Double(parts.count) < share * Double(children.count) - 1e-12 {
            column.append(nil)
            continue
          }
          column.append(
            try CoinEngine.aggregate(
              parts, method: method, p: pipeline.aggregate.p, node: node.code, unit: units[index].code))
        }
        data[node.code] = column
      }
      tables["aggregated"] = data
      log.append(
        "aggregate: \(aggregates.count) aggregates (\(pipeline.aggregate.method)"
          + (pipeline.aggregate.nodes ?? [:]).sorted { $0.key < $1.key }.map { "; \($0.key) \($0.value)" }.joined()
          + ")")
    }

    /// The ranks of every aggregate and the effective weights, with every table and the log.
    func result() -> Result {
      let order = input.aggregates.map(\.code)
      var ranks: [String: [Int?]] = [:]
      for code in order { ranks[code] = competitionRanks(data[code] ?? []) }
      // Effective weights: products of the normalised weights from each node up to the top.
      let parentOf = Dictionary(
        input.nodes.compactMap { node in node.parent.map { (node.code, $0) } }, uniquingKeysWith: { a, _ in a })
      var effective: [String: Double] = [:]
      for node in input.nodes where node.parent != nil {
        var weight = used[node.code] ?? 0
        var current = node.code
        while let parent = parentOf[current], parentOf[parent] != nil {
          weight *= used[parent] ?? 0
          current = parent
        }
        effective[node.code] = weight
      }
      return Result(
        units: units.map(\.code), tables: tables, aggregates: order, ranks: ranks, log: log, weights: used,
        effectiveWeights: effective)
    }
  }

  static func passes(_ x: [Double], _ treat: CoinPipeline.Treat) -> Bool {
    !(abs(Statistics.skewness(x)) >= treat.skew && Statistics.kurtosis(x) >= treat.kurtosis)
  }

  /// COINr's default treatment of one indicator; returns the values and what was done (or nil).
  static func treatOutliers(_ column: [Double?], _ treat: CoinPipeline.Treat) -> ([Double?], String?) {
    let present = column.compactMap { $0 }
    guard present.count > 3, !passes(present, treat) else { return (column, nil) }
    var x = column
    for step in 1...max(treat.winmax, 1) {
      let values = x.compactMap { $0 }
      let positive = Statistics.skewness(values) > 0
      guard let extreme = positive ? values.max() : values.min() else { break }
      let rest = values.filter { $0 != extreme }
      guard let next = positive ? rest.max() : rest.min() else { break }
      let moved = x.filter { $0 == extreme }.count
      x = x.map { $0 == extreme ? next : $0 }
      if passes(x.compactMap { $0 }, treat) {
        return (
          x,
          "winsorised \(step) step\(step == 1 ? "" : "s") on the \(positive ? "high" : "low") side (\(moved) point\(moved == 1 ? "" : "s") at the last step)"
        )
      }
    }
    // Still skewed: log(x − min + 0.01·(max − min)) of the original values.
    guard let low = present.min(), let high = present.max() else { return (column, nil) }
    return (
      column.map { $0.map { log($0 - low + 0.01 * (high - low)) } },
      "log-transformed (winsorising \(treat.winmax) steps did not suffice)"
    )
  }

  static func normalise(_ x: [Double?], _ spec: CoinPipeline.Normalise, target: Double? = nil) -> [Double?] {
    let present = x.compactMap { $0 }
    guard let low = present.min(), let high = present.max() else { return x }
    switch spec.method {
    case .dist2targ:
      // (x − min)/(target − min), capped at 1 (target met), × 100; an indicator without a target
      // uses its maximum.
      let goal = target ?? high
      guard goal > low else { return x.map { $0.map { _ in 100 } } }
      return x.map { $0.map { min(1, ($0 - low) / (goal - low)) * 100 } }
    case .zscore:
      let m = Statistics.mean(present)
      let s = Statistics.sd(present)
      return x.map { $0.map { (spec.mean ?? 0) + ($0 - m) / s * (spec.sd ?? 1) } }
    case .rank:
      // Ascending, ties take the minimum: the highest value gets the highest rank.
      let sorted = present.sorted()
      return x.map { value in value.map { v in Double(countBelow(v, in: sorted) + 1) } }
    case .prank:
      let sorted = present.sorted()
      let n = Double(present.count)
      return x.map { value in value.map { v in n > 1 ? Double(countBelow(v, in: sorted)) / (n - 1) : 0 } }
    case .fracmax:
      return x.map { $0.map { $0 / high } }
    case .dist2max:
      // COINr's n_dist2max, 1 − (max − x)/(max − min), × 100.
      guard high > low else { return x.map { $0.map { _ in 100 } } }
      return x.map { $0.map { (1 - (high - $0) / (high - low)) * 100 } }
    case .borda:
      // The number of units this one beats (rank − 1).
      let sorted = present.sorted()
      return x.map { value in value.map { v in Double(countBelow(v, in: sorted)) } }
    case .minmax, .goalposts:  // goalposts with their bounds are applied in `finish`
      let range = spec.range ?? [0, 100]
      guard high > low else { return x.map { $0.map { _ in range[0] } } }
      return x.map { $0.map { range[0] + ($0 - low) / (high - low) * (range[1] - range[0]) } }
    }
  }

  /// k-nearest-neighbour imputation: a missing value is the mean of the `k` units closest to this
  /// one, where distance is the root mean square difference of the min-max-scaled (0–1) values of
  /// the other indicators both units have. O(units² × indicators) per indicator with gaps.
  static func nearestNeighbours(_ data: [String: [Double?]], indicators: [String], units: Int, k: Int)
    -> ([String: [Double?]], Int)
  {
    var scaled: [String: [Double?]] = [:]
    for code in indicators {
      let column = data[code] ?? []
      let present = column.compactMap { $0 }
      guard let low = present.min(), let high = present.max(), high > low else {
        scaled[code] = column.map { $0.map { _ in 0 } }
        continue
      }
      scaled[code] = column.map { $0.map { ($0 - low) / (high - low) } }
    }
    var out = data
    var filled = 0
    for target in indicators {
      let column = data[target] ?? []
      for unit in 0..<units where column[unit] == nil {
        var distances: [(Double, Double)] = []
        for other in 0..<units where other != unit {
          guard let value = column[other] else { continue }
          var sum = 0.0
          var count = 0
          for code in indicators where code != target {
            guard let a = scaled[code]?[unit] ?? nil, let b = scaled[code]?[other] ?? nil else { continue }
            sum += (a - b) * (a - b)
            count += 1
          }
          if count > 0 { distances.append(((sum / Double(count)).squareRoot(), value)) }
        }
        let nearest = distances.sorted { $0.0 < $1.0 }.prefix(k)
        guard !nearest.isEmpty else { continue }
        out[target]?[unit] = nearest.reduce(0) { $0 + $1.1 } / Double(nearest.count)
        filled += 1
      }
    }
    return (out, filled)
  }

  /// How many values of an ascending array are strictly below `v` (binary search).
  static func countBelow(_ v: Double, in sorted: [Double]) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
      let mid = (low + high) / 2
      if sorted[mid] < v { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// Copeland: each unit meets every other; it wins a pairing when the weights of the components
  /// on which it is higher outweigh those on which it is lower. Score = wins − losses.
  static func copeland(_ columns: [([Double?], Double)], count: Int) -> [Double?] {
    var scores = [Double?](repeating: nil, count: count)
    for i in 0..<count {
      guard columns.contains(where: { $0.0[i] != nil }) else { continue }
      var score = 0.0
      for j in 0..<count where j != i {
        var balance = 0.0
        for (column, weight) in columns {
          guard let a = column[i], let b = column[j] else { continue }
          if a > b { balance += weight } else if a < b { balance -= weight }
        }
        score += balance > 0 ? 1 : balance < 0 ? -1 : 0
      }
      scores[i] = score
    }
    return scores
  }

  static func aggregate(
    _ parts: [(Double, Double)], method: CoinPipeline.AggregateMethod, p: Double? = nil, node: String, unit: String
  )
    throws(ReadinessError) -> Double?
  {
    let total = parts.reduce(0) { $0 + $1.1 }
    guard !parts.isEmpty, total > 0 else { return nil }
    switch method {
    case .generalised:
      let power = p ?? 1
      if power == 0 { return try aggregate(parts, method: .geometric, node: node, unit: unit) }
      if power < 0, parts.contains(where: { $0.0 <= 0 }) {
        throw ReadinessError(
          .invalidConfiguration, "generalised mean (p = \(power)) of \(node) for \(unit) needs values above 0")
      }
      return pow(parts.reduce(0) { $0 + $1.1 * pow($1.0, power) } / total, 1 / power)
    case .mazziottaPareto:
      // MPI⁻ = M − S·cv over the (unweighted) components: M their mean, S their population
      // standard deviation, cv = S/M; unbalanced profiles are penalised.
      let values = parts.map(\.0)
      let mean = values.reduce(0, +) / Double(values.count)
      let s = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
      guard mean != 0 else { return mean }
      return mean - s * (s / mean)
    case .geometric:
      if parts.contains(where: { $0.0 <= 0 }) {
        throw ReadinessError(
          .invalidConfiguration,
          "geometric mean of \(node) for \(unit) needs values above 0 (normalise to a range such as [1, 100])")
      }
      return exp(parts.reduce(0) { $0 + $1.1 * log($1.0) } / total)
    case .harmonic:
      if parts.contains(where: { $0.0 <= 0 }) {
        throw ReadinessError(
          .invalidConfiguration,
          "harmonic mean of \(node) for \(unit) needs values above 0 (normalise to a range such as [1, 100])")
      }
      return total / parts.reduce(0) { $0 + $1.1 / $1.0 }
    case .arithmetic, .copeland:
      return parts.reduce(0) { $0 + $1.0 * $1.1 } / total
    }
  }
}
