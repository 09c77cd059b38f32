import ReadinessCore
import ReadinessScoring

/// Builds ``CountryProfile`` values from a scoring result and the reference tables.
public struct ProfileBuilder: Sendable {
  public let result: ScoreResult
  public let reference: ReferenceData
  public let framework: Framework
  public let softwareVersion: String

  public init(result: ScoreResult, framework: Framework, reference: ReferenceData, softwareVersion: String) {
    self.result = result
    self.framework = framework
    self.reference = reference
    self.softwareVersion = softwareVersion
  }

  /// The profile of one country.
  ///
  /// - Throws: ``ReadinessError`` `notFound` when the country has no score in this result.
  public func profile(_ iso3: String) throws(ReadinessError) -> CountryProfile {
    let code = iso3.uppercased()
    guard let score = result.country(code) else {
      let known = reference.country(code) != nil
      throw ReadinessError(
        .notFound,
        known
          ? "\(code) has no data for any indicator of \(framework.id) in \(result.windowStart)–\(result.referenceYear)"
          : "\(code) is not an ISO 3166-1 alpha-3 code in the reference table (expected e.g. MYS)")
    }
    let country = reference.country(code)
    let header = CountryProfile.Header(
      iso3: code, name: country?.name ?? code, region: country?.region, subregion: country?.subregion,
      incomeGroup: country?.incomeGroup, blocs: reference.blocs(of: code), label: framework.label,
      framework: result.framework, referenceYear: result.referenceYear, windowStart: result.windowStart,
      softwareVersion: softwareVersion)
    let years = score.indicators.compactMap(\.year).sorted()
    let headline = CountryProfile.Headline(
      score: score.index.score, band: score.index.band, rank: score.index.rank, rankedCount: result.rankedCount,
      dimensionsScored: score.dimensions.filter { $0.score != nil }.count, dimensionsTotal: score.dimensions.count,
      indicatorsWithData: score.indicators.filter { $0.score != nil }.count, indicatorsTotal: score.indicators.count,
      medianDataYear: years.isEmpty ? nil : years[(years.count - 1) / 2])
    var dimensions = framework.dimensions.map { dimension in
      CountryProfile.DimensionSection(
        score: score.node(dimension.code)
          ?? NodeScore(code: dimension.code, name: dimension.name, score: nil, available: 0, total: dimension.pillars.count),
        pillars: dimension.pillars.map { pillar in
          CountryProfile.PillarSection(
            score: score.node(pillar.code)
              ?? NodeScore(code: pillar.code, name: pillar.name, score: nil, available: 0, total: pillar.indicators.count),
            indicators: pillar.indicators.compactMap { score.indicator($0.code) })
        })
    }
    let neighbours = (reference.borders[code] ?? []).sorted().map { neighbour in
      let other = result.country(neighbour)
      return CountryProfile.Peer(
        iso3: neighbour, name: reference.country(neighbour)?.name ?? neighbour, score: other?.index.score,
        rank: other?.index.rank)
    }
    // An observation that does not state its licence (a tidy file) shows the framework's.
    let specs = Dictionary(framework.indicators.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    func withLicence(_ source: SourceInfo?, _ code: String) -> SourceInfo? {
      guard var source else { return nil }
      if source.licence == nil { source.licence = specs[code]?.source.licence }
      return source
    }
    for d in dimensions.indices {
      for p in dimensions[d].pillars.indices {
        for i in dimensions[d].pillars[p].indicators.indices {
          let code = dimensions[d].pillars[p].indicators[i].code
          dimensions[d].pillars[p].indicators[i].source = withLicence(dimensions[d].pillars[p].indicators[i].source, code)
        }
      }
    }
    var seen = Set<SourceInfo>()
    var sources: [SourceInfo] = []
    for pillar in dimensions.flatMap(\.pillars) {
      for indicator in pillar.indicators {
        for source in [indicator.source, indicator.denominatorSource].compactMap({ $0 }) where seen.insert(source).inserted {
          sources.append(source)
        }
      }
    }
    return CountryProfile(
      header: header, headline: headline, dimensions: dimensions, neighbours: neighbours, sources: sources)
  }
}
