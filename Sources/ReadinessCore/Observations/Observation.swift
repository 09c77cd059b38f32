/// One tidy data point: a value of an indicator for a country (or aggregate) in a period.
///
/// Importers produce these; the workspace stores them with their ``SourceInfo``.
public struct Observation: Sendable, Hashable, Codable {
  /// ISO 3166-1 alpha-3 for countries, the publisher's code for aggregates, or the raw
  /// name/code as given when it could not be matched (see ``areaKind``).
  public var country: String
  /// Whether ``country`` is a country, an aggregate or unmatched.
  public var areaKind: AreaKind
  /// The indicator code (a WDI code such as `IT.NET.USER.ZS`, or the code a map assigns).
  public var indicator: String
  /// The period as published: `2019`, `2019-Q1`, `2019-03`.
  public var period: String
  /// The numeric value, after any documented unit multiplier.
  public var value: Double
  /// The unit, where the file states one.
  public var unit: String?
  /// Status or flag codes (`E` estimated, `P` provisional…), where the file states them.
  public var status: String?
  /// A publisher's note on this value (ITU `dataNote`, UIS magnitude), if any.
  public var note: String?
  /// Where in the file the value came from (stored compactly; see ``location`` for the text).
  public var position: Position
  /// Provenance for this value when it differs from the import's (a snapshot row naming its
  /// original source); `nil` means the import's own source.
  public var source: SourceInfo? {
    get { sourceBox?.value }
    set { sourceBox = newValue.map(SourceBox.init) }
  }
  /// The ``status`` of a recorded deletion: an SDMX-CSV `ACTION=D` row stored as a row of its own
  /// (value 0, this status, the note "deleted by ACTION=D", with its file and line), so that the
  /// deletion keeps its provenance and the values it hides stay in the history. The newest-vintage
  /// resolution treats it as "no value" for its country, indicator and period from then on. (Not
  /// `D`: SDMX's OBS_STATUS code list uses `D` for "definition differs".)
  public static let deletionStatus = "ACTION=D"

  /// Whether this row records a deletion (``deletionStatus``) rather than a value.
  public var isDeletion: Bool { status == Observation.deletionStatus }

  /// Boxed: most observations have none, and an inline `SourceInfo?` (seven strings) made every
  /// observation three times larger to copy in the import loops.
  @usableFromInline var sourceBox: SourceBox?

  public init(
    country: String, areaKind: AreaKind, indicator: String, period: String, value: Double,
    unit: String? = nil, status: String? = nil, note: String? = nil, location: String, source: SourceInfo? = nil
  ) {
    self.init(
      country: country, areaKind: areaKind, indicator: indicator, period: period, value: value, unit: unit,
      status: status, note: note, position: Position(parsing: location), source: source)
  }

  /// Inlinable so that an importer builds the observation in place (called across modules, it
  /// was built and then copied, once per value).
  @inlinable
  public init(
    country: String, areaKind: AreaKind, indicator: String, period: String, value: Double,
    unit: String? = nil, status: String? = nil, note: String? = nil, position: Position, source: SourceInfo? = nil
  ) {
    self.note = note
    self.country = country
    self.areaKind = areaKind
    self.indicator = indicator
    self.period = period
    self.value = value
    self.unit = unit
    self.status = status
    self.position = position
    self.sourceBox = source.map(SourceBox.init)
  }

  /// Where in the file the value came from: `line 12`, an element path such as
  /// `/DataSet/Series[3]/Obs[12] (line 456)`, or a JSON path.
  public var location: String {
    get { position.description }
    set { position = Position(parsing: newValue) }
  }

  enum CodingKeys: String, CodingKey {
    case country, areaKind, indicator, period, value, unit, status, note
    case position = "location"
    case sourceBox = "source"
  }

  /// The calendar year of ``period`` when it starts with four digits, else `nil`.
  public var year: Int? { Observation.year(of: period) }

  /// The calendar year a period string starts with (`2019`, `2019-Q1`, `2019-03-31`).
  public static func year(of period: String) -> Int? {
    let digits = period.utf8.prefix(4)
    guard digits.count == 4, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
    if period.utf8.count > 4 {
      let next = period.utf8[period.utf8.index(period.utf8.startIndex, offsetBy: 4)]
      guard next == UInt8(ascii: "-") || next == UInt8(ascii: "Q") || next == UInt8(ascii: "M")
      else { return nil }
    }
    return Int(String(decoding: digits, as: UTF8.self))
  }
}

/// What kind of area an observation is about.
public enum AreaKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// A country or economy in the reference table (ISO or a non-ISO code such as XKX).
  case country
  /// A regional, income or world aggregate (WLD, EAS, HIC, OWID_WRL…).
  case aggregate
  /// A code or name the reference tables do not know; kept as given and reported.
  case unmatched
}

/// An observation's own source, boxed (see ``Observation/source``).
@usableFromInline
final class SourceBox: Sendable, Hashable, Codable {
  let value: SourceInfo

  @usableFromInline
  init(_ value: SourceInfo) { self.value = value }

  @usableFromInline static func == (a: SourceBox, b: SourceBox) -> Bool { a.value == b.value }
  @usableFromInline func hash(into hasher: inout Hasher) { hasher.combine(value) }

  @usableFromInline init(from decoder: any Decoder) throws {
    value = try decoder.singleValueContainer().decode(SourceInfo.self)
  }

  @usableFromInline func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(value)
  }
}
