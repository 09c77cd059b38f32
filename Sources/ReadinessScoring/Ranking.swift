/// Standard competition ranking ("1224"): 1 = highest, ties share the lowest rank,
/// `rank = 1 + number of strictly higher scores`. `nil` scores get no rank.
public func competitionRanks(_ scores: [Double?]) -> [Int?] {
  let present = scores.compactMap { $0 }.map(roundedForRanking).sorted(by: >)
  return scores.map { score in
    guard let score else { return nil }
    let key = roundedForRanking(score)
    // Binary search for the number of values strictly greater than key.
    var low = 0
    var high = present.count
    while low < high {
      let mid = (low + high) / 2
      if present[mid] > key { low = mid + 1 } else { high = mid }
    }
    return low + 1
  }
}

/// Scores equal to 9 decimals are ties (floating-point noise must not split a tie).
public func roundedForRanking(_ value: Double) -> Double {
  (value * 1e9).rounded() / 1e9
}
