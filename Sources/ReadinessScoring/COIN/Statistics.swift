import Foundation

/// Descriptive statistics as spreadsheet users know them (missing values ignored).
public enum Statistics {
  public static func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }

  /// Sample standard deviation (n − 1).
  public static func sd(_ x: [Double]) -> Double {
    guard x.count > 1 else { return .nan }
    let m = mean(x)
    return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
  }

  public static func median(_ x: [Double]) -> Double {
    guard !x.isEmpty else { return .nan }
    let sorted = x.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }

  /// The `p` quantile with linear interpolation between order statistics (R's type 7, Excel's
  /// PERCENTILE.INC); `nil` for no data.
  public static func quantile(_ x: [Double], _ p: Double) -> Double? {
    guard !x.isEmpty else { return nil }
    let sorted = x.sorted()
    let h = Double(sorted.count - 1) * p
    let low = Int(h.rounded(.down))
    let high = min(low + 1, sorted.count - 1)
    return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
  }

  /// Bias-corrected sample skewness, Excel's SKEW: n/((n−1)(n−2)) Σ((x−m)/s)³.
  public static func skewness(_ x: [Double]) -> Double {
    let n = Double(x.count)
    guard n > 2 else { return 0 }
    let m = mean(x)
    let s = sd(x)
    guard s > 0 else { return 0 }
    return n / ((n - 1) * (n - 2))
      * x.reduce(0) { sum, value in
        let z = (value - m) / s
        return sum + z * z * z
      }
  }

  /// Sample excess kurtosis, Excel's KURT:
  /// n(n+1)/((n−1)(n−2)(n−3)) Σ((x−m)/s)⁴ − 3(n−1)²/((n−2)(n−3)).
  public static func kurtosis(_ x: [Double]) -> Double {
    let n = Double(x.count)
    guard n > 3 else { return 0 }
    let m = mean(x)
    let s = sd(x)
    guard s > 0 else { return 0 }
    let sum = x.reduce(0) { total, value in
      let z = (value - m) / s
      return total + z * z * z * z
    }
    return n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * sum - 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3))
  }
}
