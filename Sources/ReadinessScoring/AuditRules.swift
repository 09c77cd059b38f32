import Foundation
import ReadinessCore

/// The statistical audit's thresholds and flags, one source for both audits: ``CoinAudit`` (a
/// COINr-format index) and ``FrameworkAudit`` (a YAML framework). The thresholds are the JRC's
/// usual ones (COINr's `get_stats` and the JRC audits of composite indicators).
enum AuditRules {
  /// An indicator has outliers to treat when |skewness| reaches this and kurtosis `outlierKurtosis`.
  static let outlierSkew = 2.0
  static let outlierKurtosis = 3.5
  /// Below this share of units with a value, an indicator is flagged.
  static let minimumAvailability = 0.66
  /// Above this Pearson correlation a component repeats its parent, or two siblings each other.
  static let redundantCorrelation = 0.9

  /// An indicator's descriptive statistics over the values it has (`nil` where missing) and its
  /// flags: outliers, low availability, no variation.
  static func indicatorStats(code: String, values raw: [Double?]) -> CoinAudit.IndicatorStats {
    let present = raw.compactMap { $0 }
    let availability = raw.isEmpty ? 0 : Double(present.count) / Double(raw.count)
    let skew = present.count > 2 ? Statistics.skewness(present) : nil
    let kurtosis = present.count > 3 ? Statistics.kurtosis(present) : nil
    var flags: [String] = []
    if let skew, let kurtosis, abs(skew) >= outlierSkew && kurtosis >= outlierKurtosis {
      flags.append("outliers (|skew| ≥ 2 and kurtosis ≥ 3.5)")
    }
    if availability < minimumAvailability { flags.append("low availability") }
    if Set(present).count <= 1 { flags.append("no variation") }
    return CoinAudit.IndicatorStats(
      code: code, min: present.min(), max: present.max(), mean: present.isEmpty ? nil : Statistics.mean(present),
      sd: present.count > 1 ? Statistics.sd(present) : nil, skew: skew, kurtosis: kurtosis,
      availability: availability, flags: flags)
  }

  /// A component's flags from its Pearson correlation with its parent.
  static func componentFlags(pearson: Double?) -> [String] {
    guard let pearson else { return [] }
    var flags: [String] = []
    if pearson < 0 { flags.append("negative correlation with its parent") }
    if pearson > redundantCorrelation { flags.append("correlation above 0.9 with its parent") }
    return flags
  }

  /// The pairs of siblings whose Pearson correlation is above ``redundantCorrelation``, as
  /// "A–B (0.95)".
  static func redundantPairs(codes: [String], columns: [[Double?]]) -> [String] {
    var redundant: [String] = []
    for i in codes.indices {
      for j in codes.indices where j > i {
        if let r = CoinAudit.correlation(columns[i], columns[j]), r > redundantCorrelation {
          redundant.append("\(codes[i])–\(codes[j]) (\(String(format: "%.2f", r)))")
        }
      }
    }
    return redundant
  }
}
