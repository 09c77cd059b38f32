import ReadinessCore

/// The deterministic generator of the property tests: the same SplitMix64 the engines use.
public typealias SeededGenerator = SplitMix64
