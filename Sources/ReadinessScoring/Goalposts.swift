import Foundation
import ReadinessCore

/// Goalpost normalisation, the ITU IDI tradition: fixed bounds per indicator, clamped to 0–100.
public enum Goalposts {
  /// The 0–100 score of `value` for an indicator.
  ///
  ///     s = (v − L) / (U − L), clamped to [0, 1]     (log10 of v, L, U first when asked)
  ///     score = 100·s for higher-is-better, 100·(1 − s) for lower-is-better
  ///
  /// Under `log10` a value ≤ 0 sits at the low goalpost.
  public static func score(_ value: Double, spec: IndicatorSpec) -> Double {
    score(value, low: spec.low, high: spec.high, direction: spec.direction, transform: spec.transform ?? .none)
  }

  /// The 0–100 score of `value` against `low` and `high`.
  public static func score(
    _ value: Double, low: Double, high: Double, direction: IndicatorSpec.Direction,
    transform: IndicatorSpec.Transform = .none
  ) -> Double {
    var share: Double
    switch transform {
    case .none:
      share = (value - low) / (high - low)
    case .log10:
      if value <= 0 {
        share = 0
      } else {
        share = (log10(value) - log10(low)) / (log10(high) - log10(low))
      }
    }
    share = min(1, max(0, share))
    return direction == .higher ? 100 * share : 100 * (1 - share)
  }
}
