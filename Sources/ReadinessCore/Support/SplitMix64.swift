/// SplitMix64 (Steele, Lea & Flood): a small, fast generator whose sequence depends only on its
/// seed — used wherever results must be reproducible for a given seed (uncertainty runs, property
/// tests).
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// The generator of run (or item) `index` of a computation seeded with `seed`: each index has a
  /// stream of its own, so parallel runs draw the same values whatever the order they run in.
  public init(seed: UInt64, index: Int) {
    state = seed &+ UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform value in [0, 1) with 53 random bits.
  public mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}
