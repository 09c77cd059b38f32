import Foundation
import ReadinessCore

/// The Saltelli sampling design and the Sobol estimators shared by the sensitivity analyses of
/// COINr-format indices (``CoinSensitivity``) and YAML frameworks (``FrameworkSensitivity``).
///
/// With `N` samples and `k` factors the design has `(k + 2)·N` points in the unit hypercube: the
/// rows of A, the rows of B, then for each factor i the rows of A with column i taken from B.
/// First-order indices use Saltelli's 2010 estimator, total indices Jansen's; intervals are the
/// 5th and 95th percentiles of `bootstrap` resamples of the rows.
enum SaltelliDesign {
  static func points(names: [String], samples: Int, seed: UInt64) -> [[String: Double]] {
    var generator = SplitMix64(seed: seed)
    func uniform() -> Double { generator.unit() }
    let a = (0..<samples).map { _ in Dictionary(uniqueKeysWithValues: names.map { ($0, uniform()) }) }
    let b = (0..<samples).map { _ in Dictionary(uniqueKeysWithValues: names.map { ($0, uniform()) }) }
    var points = a + b
    for name in names {
      points += (0..<samples).map { row in
        var point = a[row]
        point[name] = b[row][name]
        return point
      }
    }
    return points
  }

  /// The indices from the outputs at the design's points (NaN = a failed build, counted as the
  /// largest output seen so that the assumption causing it is not hidden).
  static func indices(outputs y: [Double], names: [String], samples: Int, seed: UInt64, bootstrap: Int)
    -> (variance: Double, factors: [CoinSensitivity.Factor], failed: Int)
  {
    let failed = y.filter(\.isNaN).count
    let worst = y.filter { !$0.isNaN }.max() ?? 0
    let f = y.map { $0.isNaN ? worst : $0 }
    let fA = Array(f[0..<samples])
    let fB = Array(f[samples..<(2 * samples)])
    func indices(_ rows: [Int]) -> [(Double, Double)] {
      let base = rows.map { fA[$0] } + rows.map { fB[$0] }
      let v = pow(Statistics.sd(base), 2) * Double(base.count - 1) / Double(base.count)
      return names.indices.map { i in
        let fAB = rows.map { f[(2 + i) * samples + $0] }
        guard v > 0 else { return (0, 0) }
        let first = zip(rows, fAB).reduce(0) { $0 + fB[$1.0] * ($1.1 - fA[$1.0]) } / Double(rows.count) / v
        let total = zip(rows, fAB).reduce(0) { $0 + pow(fA[$1.0] - $1.1, 2) } / Double(rows.count) / (2 * v)
        return (first, total)
      }
    }
    let point = indices(Array(0..<samples))
    var boot: [[(Double, Double)]] = []
    var resampler = SplitMix64(seed: seed ^ 0xB00_75_7A9)
    for _ in 0..<bootstrap {
      boot.append(indices((0..<samples).map { _ in Int(resampler.next() % UInt64(samples)) }))
    }
    let base = fA + fB
    let variance = pow(Statistics.sd(base), 2) * Double(base.count - 1) / Double(base.count)
    let factors = names.enumerated().map { i, name in
      let firsts = boot.map { $0[i].0 }
      let totals = boot.map { $0[i].1 }
      return CoinSensitivity.Factor(
        name: name, first: point[i].0, firstLow: Statistics.quantile(firsts, 0.05) ?? .nan,
        firstHigh: Statistics.quantile(firsts, 0.95) ?? .nan, total: point[i].1,
        totalLow: Statistics.quantile(totals, 0.05) ?? .nan, totalHigh: Statistics.quantile(totals, 0.95) ?? .nan)
    }
    return (variance, factors, failed)
  }
}
