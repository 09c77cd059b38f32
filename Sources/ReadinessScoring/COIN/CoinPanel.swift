import Foundation
import ReadinessCore

/// Several periods of a COINr-format index in one run (iData with a `Time` column).
///
/// Panel imputation fills a unit's missing value from its own other periods before the per-period
/// pipeline: `panel-latest` (the latest earlier value within `years`) or `panel-linear` (linear
/// interpolation between the nearest earlier and later values; the nearest value at the ends).
/// With `global: true`, min-max normalisation uses bounds over all periods, so scores compare
/// across years. Trends give each aggregate's change and compound annual growth rate between a
/// unit's first and last scored period.
public enum CoinPanel {
  public struct Trend: Sendable, Hashable, Codable {
    public var unit: String
    public var aggregate: String
    public var firstPeriod: String
    public var lastPeriod: String
    public var first: Double
    public var last: Double
    public var change: Double
    /// (last/first)^(1/years) − 1; `nil` when a value is not positive or the periods are not years.
    public var cagr: Double?
  }

  public struct Result: Sendable {
    public var periods: [String]
    public var byPeriod: [String: CoinEngine.Result]
    public var trends: [Trend]
    public var log: [String]
  }

  public static func run(
    _ panel: [String: CoinInput], _ pipeline: CoinPipeline, global: Bool = false
  ) throws(ReadinessError) -> Result {
    let periods = panel.keys.sorted()
    var inputs = panel
    var steps = pipeline
    var log: [String] = []
    if let impute = pipeline.impute, impute.method.acrossPeriods {
      let filled = try fillAcrossPeriods(&inputs, periods: periods, method: impute.method, years: impute.years)
      log.append("impute: \(filled) missing values filled across periods (\(impute.method))")
      steps.impute = nil
    }
    var prepared: [String: CoinEngine.Prepared] = [:]
    for period in periods {
      guard let input = inputs[period] else { continue }
      prepared[period] = try CoinEngine.prepare(input, steps)
    }
    var bounds: [String: (Double, Double)]?
    if global {
      var shared: [String: (Double, Double)] = [:]
      for period in periods {
        guard let input = inputs[period], let data = prepared[period]?.data else { continue }
        for node in input.indicators {
          for value in (data[node.code] ?? []).compactMap({ $0 }) {
            let directed = value * node.direction
            let current = shared[node.code] ?? (directed, directed)
            shared[node.code] = (min(current.0, directed), max(current.1, directed))
          }
        }
      }
      bounds = shared
      log.append("normalise: min-max bounds shared across \(periods.count) periods")
    }
    var results: [String: CoinEngine.Result] = [:]
    for period in periods {
      guard let input = inputs[period], let base = prepared[period] else { continue }
      results[period] = try CoinEngine.finish(input, steps, base, bounds: bounds)
    }
    return Result(periods: periods, byPeriod: results, trends: trends(results, periods: periods), log: log)
  }

  static func fillAcrossPeriods(
    _ inputs: inout [String: CoinInput], periods: [String], method: CoinPipeline.ImputeMethod, years: Int?
  ) throws(ReadinessError) -> Int {
    guard periods.allSatisfy({ Int($0) != nil }) else {
      throw ReadinessError(.invalidConfiguration, "\(method) needs numeric periods (years) in the Time column")
    }
    guard let first = periods.first, let template = inputs[first] else { return 0 }
    var filled = 0
    let unitCodes = Set(inputs.values.flatMap { $0.units.map(\.code) })
    for node in template.indicators {
      for unit in unitCodes {
        // This unit's series over the periods.
        var series: [(year: Int, period: String, index: Int, value: Double?)] = []
        for period in periods {
          guard let input = inputs[period], let index = input.units.firstIndex(where: { $0.code == unit }) else {
            continue
          }
          series.append((Int(period)!, period, index, input.values[node.code]?[index] ?? nil))
        }
        for (position, entry) in series.enumerated() where entry.value == nil {
          let before = series[..<position].last { $0.value != nil }
          let after = series[(position + 1)...].first { $0.value != nil }
          var value: Double?
          switch method {
          case .panelLatest:
            if let before, entry.year - before.year <= (years ?? .max) { value = before.value }
          default:  // .panelLinear
            if let before, let after, let a = before.value, let b = after.value {
              value = a + (b - a) * Double(entry.year - before.year) / Double(after.year - before.year)
            } else {
              value = before?.value ?? after?.value
            }
          }
          if let value {
            inputs[entry.period]?.values[node.code]?[entry.index] = value
            filled += 1
          }
        }
      }
    }
    return filled
  }

  static func trends(_ results: [String: CoinEngine.Result], periods: [String]) -> [Trend] {
    guard let any = results.values.first else { return [] }
    var out: [Trend] = []
    let units = Set(results.values.flatMap(\.units)).sorted()
    for aggregate in any.aggregates {
      for unit in units {
        let points = periods.compactMap { period -> (String, Double)? in
          guard let result = results[period], let index = result.units.firstIndex(of: unit),
            let value = result.tables["aggregated"]?[aggregate]?[index]
          else { return nil }
          return (period, value)
        }
        guard let first = points.first, let last = points.last, points.count > 1 else { continue }
        var cagr: Double?
        if let y0 = Int(first.0), let y1 = Int(last.0), y1 > y0, first.1 > 0, last.1 > 0 {
          cagr = pow(last.1 / first.1, 1 / Double(y1 - y0)) - 1
        }
        out.append(
          Trend(
            unit: unit, aggregate: aggregate, firstPeriod: first.0, lastPeriod: last.0, first: first.1, last: last.1,
            change: last.1 - first.1, cagr: cagr))
      }
    }
    return out
  }
}
