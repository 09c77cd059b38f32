import ReadinessCore
import ReadinessScoring

/// An external index stored with `readiness import --role benchmark`: its latest value per country.
public struct BenchmarkSeries: Sendable {
  /// The stored code (`benchmark:Index score`).
  public var code: String
  public var name: String
  /// country → observation (the latest one).
  public var values: [String: Observation]

  public init(code: String, name: String, observations: [Observation]) {
    self.code = code
    self.name = name
    var latest: [String: Observation] = [:]
    for observation in observations where observation.areaKind == .country {
      if let current = latest[observation.country], current.period >= observation.period { continue }
      latest[observation.country] = observation
    }
    values = latest
  }
}

extension CountryProfile {
  /// How an external index ranks the country, beside the framework's rank over the same countries.
  public struct Benchmark: Sendable, Codable, Hashable {
    public var name: String
    public var value: Double
    public var period: String
    /// The country's rank in the external index among the countries both rank (higher values first).
    public var rank: Int
    /// The framework's rank of the country among the same countries.
    public var indexRank: Int?
    /// How many countries both rank.
    public var common: Int
    public var source: SourceInfo?
  }
}

extension ProfileBuilder {
  /// "How other indices see this country": each benchmark's value and rank next to the framework's
  /// rank over the countries both rank. Benchmarks never enter the score.
  func benchmarks(_ code: String) -> [CountryProfile.Benchmark]? {
    guard !options.benchmarks.isEmpty else { return nil }
    let ranked = Dictionary(
      result.countries.compactMap { country in country.index.score.map { (country.iso3, $0) } },
      uniquingKeysWith: { first, _ in first })
    var out: [CountryProfile.Benchmark] = []
    for series in options.benchmarks {
      guard let own = series.values[code] else { continue }
      let common = series.values.keys.filter { ranked[$0] != nil }
      let theirs = common.compactMap { series.values[$0]?.value }
      let rank = theirs.filter { $0 > own.value }.count + 1
      let indexRank = ranked[code].map { score in common.compactMap { ranked[$0] }.filter { $0 > score }.count + 1 }
      out.append(
        CountryProfile.Benchmark(
          name: series.name, value: own.value, period: own.period, rank: rank, indexRank: indexRank,
          common: common.count,
          source: own.source))
    }
    return out.isEmpty ? nil : out
  }
}
