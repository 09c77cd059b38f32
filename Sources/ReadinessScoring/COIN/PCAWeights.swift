import Foundation

/// Statistical weights of the OECD/JRC Handbook on Constructing Composite Indicators (2008,
/// §6.1 "Weights based on principal components analysis or factor analysis"), for the children of
/// one aggregate:
///
/// 1. standardise the children's values (units with every child present) and take their
///    correlation matrix;
/// 2. keep the principal components with eigenvalue > 1 that each explain more than 10 % of the
///    variance (at least one);
/// 3. rotate their loadings (eigenvector × √eigenvalue) with varimax (Kaiser normalisation, as R's
///    `varimax`);
/// 4. square the rotated loadings and scale each factor's column to unit sum; each child belongs to
///    the factor where its scaled squared loading is largest; the factor's weight is its share of
///    the variance the rotated factors explain; the child's weight is its scaled squared loading ×
///    its factor's weight; weights are renormalised to sum to 1.
///
/// Weights are never negative (unlike COINr's experimental PC1-loading weights). With one retained
/// factor there is no rotation and the weights are the squared loadings scaled to unit sum.
public enum PCAWeights {
  /// The outcome for one group.
  public struct Result: Sendable, Hashable {
    /// One weight per child, summing to 1.
    public var weights: [Double]
    /// Eigenvalues of the correlation matrix, largest first.
    public var eigenvalues: [Double]
    /// How many factors were kept.
    public var factors: Int
    /// The rotated loadings (children × factors).
    public var loadings: [[Double]]
    /// Units with every child present (the rows used).
    public var units: Int
  }

  /// Weights for the columns of `columns` (one array per child, one entry per unit).
  ///
  /// - Returns: `nil` when fewer than three units have every child, or a child does not vary.
  public static func weights(_ columns: [[Double?]]) -> Result? {
    let p = columns.count
    guard p >= 2, let n = columns.first?.count, columns.allSatisfy({ $0.count == n }) else { return nil }
    let rows = (0..<n).filter { unit in columns.allSatisfy { $0[unit] != nil } }
    guard rows.count >= 3 else { return nil }
    // Standardised complete cases.
    var z: [[Double]] = []
    for column in columns {
      let x = rows.map { column[$0]! }
      let m = Statistics.mean(x)
      let s = Statistics.sd(x)
      guard s > 0, s.isFinite else { return nil }
      z.append(x.map { ($0 - m) / s })
    }
    var r = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
    for i in 0..<p {
      for j in i..<p {
        let value = zip(z[i], z[j]).reduce(0) { $0 + $1.0 * $1.1 } / Double(rows.count - 1)
        r[i][j] = value
        r[j][i] = value
      }
    }
    let (values, vectors) = symmetricEigen(r)
    var keep = 0
    for value in values where value > 1 && value / Double(p) > 0.1 { keep += 1 }
    keep = max(keep, 1)
    // Loadings: eigenvector × √eigenvalue, sign fixed so that each column sums to ≥ 0.
    var loadings = [[Double]](repeating: [Double](repeating: 0, count: keep), count: p)
    for k in 0..<keep {
      let root = max(values[k], 0).squareRoot()
      let sign: Double = (0..<p).reduce(0) { $0 + vectors[$1][k] } < 0 ? -1 : 1
      for i in 0..<p { loadings[i][k] = sign * vectors[i][k] * root }
    }
    if keep > 1 { loadings = varimax(loadings) }
    let squared = loadings.map { $0.map { $0 * $0 } }
    let explained = (0..<keep).map { k in squared.reduce(0) { $0 + $1[k] } }
    let total = explained.reduce(0, +)
    var weights = [Double](repeating: 0, count: p)
    for i in 0..<p {
      var best = 0
      var bestShare = -1.0
      for k in 0..<keep {
        let share = explained[k] > 0 ? squared[i][k] / explained[k] : 0
        if share > bestShare {
          bestShare = share
          best = k
        }
      }
      weights[i] = bestShare * (total > 0 ? explained[best] / total : 0)
    }
    let sum = weights.reduce(0, +)
    guard sum > 0 else { return nil }
    return Result(
      weights: weights.map { $0 / sum }, eigenvalues: values, factors: keep, loadings: loadings, units: rows.count)
  }

  /// Eigenvalues (descending) and eigenvectors (columns) of a symmetric matrix, by cyclic Jacobi
  /// rotations.
  static func symmetricEigen(_ matrix: [[Double]]) -> ([Double], [[Double]]) {
    let n = matrix.count
    var a = matrix
    var v = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
    for _ in 0..<100 {
      var off = 0.0
      for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
      if off < 1e-22 { break }
      for p in 0..<n {
        for q in (p + 1)..<n where abs(a[p][q]) > 1e-300 {
          let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
          let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
          let c = 1 / (t * t + 1).squareRoot()
          let s = t * c
          for k in 0..<n {
            let akp = a[k][p]
            let akq = a[k][q]
            a[k][p] = c * akp - s * akq
            a[k][q] = s * akp + c * akq
          }
          for k in 0..<n {
            let apk = a[p][k]
            let aqk = a[q][k]
            a[p][k] = c * apk - s * aqk
            a[q][k] = s * apk + c * aqk
          }
          for k in 0..<n {
            let vkp = v[k][p]
            let vkq = v[k][q]
            v[k][p] = c * vkp - s * vkq
            v[k][q] = s * vkp + c * vkq
          }
        }
      }
    }
    let order = (0..<n).sorted { a[$0][$0] > a[$1][$1] }
    return (order.map { a[$0][$0] }, (0..<n).map { i in order.map { v[i][$0] } })
  }

  /// R's `varimax(x, normalize = TRUE, eps = 1e-5)`.
  static func varimax(_ x: [[Double]], eps: Double = 1e-5) -> [[Double]] {
    let p = x.count
    let m = x.first?.count ?? 0
    guard m > 1 else { return x }
    let scale = x.map { row in row.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    let normalised = zip(x, scale).map { row, s in s > 0 ? row.map { $0 / s } : row }
    var rotation = (0..<m).map { i in (0..<m).map { j in i == j ? 1.0 : 0.0 } }
    var d = 0.0
    for _ in 0..<1000 {
      let z = multiply(normalised, rotation)
      // B = xᵀ (z³ − z · diag(colSums(z²)) / p)
      let columnSquares = (0..<m).map { k in z.reduce(0) { $0 + $1[k] * $1[k] } }
      let inner = z.map { row in (0..<m).map { k in row[k] * row[k] * row[k] - row[k] * columnSquares[k] / Double(p) } }
      let b = multiply(transpose(normalised), inner)
      // The orthogonal polar factor of B (U Vᵀ of its SVD) = B (BᵀB)^(-1/2); Σ singular values = Σ √λ(BᵀB).
      let (values, vectors) = symmetricEigen(multiply(transpose(b), b))
      guard values.allSatisfy({ $0 > 1e-300 }) else { break }
      var inverseRoot = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
      for i in 0..<m {
        for j in 0..<m {
          inverseRoot[i][j] = (0..<m).reduce(0) { $0 + vectors[i][$1] * vectors[j][$1] / values[$1].squareRoot() }
        }
      }
      rotation = multiply(b, inverseRoot)
      let previous = d
      d = values.reduce(0) { $0 + $1.squareRoot() }
      if d < previous * (1 + eps) { break }
    }
    let rotated = multiply(normalised, rotation)
    return zip(rotated, scale).map { row, s in row.map { $0 * s } }
  }

  static func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    let inner = b.count
    let columns = b.first?.count ?? 0
    return a.map { row in (0..<columns).map { j in (0..<inner).reduce(0) { $0 + row[$1] * b[$1][j] } } }
  }

  static func transpose(_ a: [[Double]]) -> [[Double]] {
    guard let columns = a.first?.count else { return [] }
    return (0..<columns).map { j in a.map { $0[j] } }
  }
}
