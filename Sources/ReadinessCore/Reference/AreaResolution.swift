/// What a code or name in a data file turned out to be.
public enum AreaResolution: Sendable, Hashable {
  /// A country: its alpha-3 code.
  case country(String)
  /// An aggregate: the code to store it under.
  case aggregate(String)
  /// Unknown: kept as given and reported at the end of the import.
  case unmatched(String)

  /// The code to store and the kind of area.
  public var stored: (code: String, kind: AreaKind) {
    switch self {
    case .country(let code): (code, .country)
    case .aggregate(let code): (code, .aggregate)
    case .unmatched(let text): (text, .unmatched)
    }
  }
}
