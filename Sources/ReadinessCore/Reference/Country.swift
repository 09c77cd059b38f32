/// A country or economy from the project's reference table.
public struct Country: Sendable, Hashable, Codable {
  /// ISO 3166-1 alpha-3, or the code statistical offices use where ISO has none (XKX, CHI).
  public var iso3: String
  /// ISO 3166-1 alpha-2, if any.
  public var iso2: String?
  /// ISO 3166-1 numeric (three digits), if any.
  public var numeric: String?
  /// English short name.
  public var name: String
  /// `true` for ISO 3166-1 entries, `false` for codes such as XKX Kosovo.
  public var isISO: Bool
  /// UN M49 region (Africa, Americas, Asia, Europe, Oceania).
  public var region: String?
  /// UN M49 sub-region.
  public var subregion: String?
  /// UN M49 intermediate region, where there is one.
  public var intermediateRegion: String?
  /// World Bank region.
  public var wbRegion: String?
  /// World Bank income group ("High income", …).
  public var incomeGroup: String?

  public init(
    iso3: String, iso2: String? = nil, numeric: String? = nil, name: String, isISO: Bool = true,
    region: String? = nil, subregion: String? = nil, intermediateRegion: String? = nil,
    wbRegion: String? = nil, incomeGroup: String? = nil
  ) {
    self.iso3 = iso3
    self.iso2 = iso2
    self.numeric = numeric
    self.name = name
    self.isISO = isISO
    self.region = region
    self.subregion = subregion
    self.intermediateRegion = intermediateRegion
    self.wbRegion = wbRegion
    self.incomeGroup = incomeGroup
  }
}
