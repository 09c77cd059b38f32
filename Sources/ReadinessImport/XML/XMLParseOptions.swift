import CLibXML2

/// libxml2 parser options, as a typed set (after swift-system's C-constant wrappers).
///
/// The importers use ``safe`` only: `XML_PARSE_NONET`. `NOENT` (which *substitutes*
/// entities and so enables XXE), `HUGE` (which lifts the amplification limits), `DTDLOAD`
/// and `RECOVER` are deliberately not offered.
struct XMLParseOptions: OptionSet, Sendable {
  let rawValue: Int32

  /// Forbid network access. The corresponding C constant is `XML_PARSE_NONET`.
  static let noNetwork = XMLParseOptions(rawValue: Int32(XML_PARSE_NONET.rawValue))
  /// Report line numbers above 65535. The corresponding C constant is `XML_PARSE_BIG_LINES`.
  static let bigLines = XMLParseOptions(rawValue: Int32(XML_PARSE_BIG_LINES.rawValue))

  /// The options every importer uses.
  static let safe: XMLParseOptions = [.noNetwork, .bigLines]
}
