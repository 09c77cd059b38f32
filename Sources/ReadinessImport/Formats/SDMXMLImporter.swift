import Foundation
import ReadinessCore

/// SDMX-ML data messages, streamed: 2.1 GenericData / GenericTimeSeriesData (time-series,
/// cross-sectional and flat layouts), 2.1 and 3.0 StructureSpecificData, 2.0 GenericData and
/// CompactData, 1.0 and 2.0 CrossSectionalData (``SDMXCrossSectionalReader``), also inside a SOAP
/// envelope.
///
/// Without the data structure definition (DSD) the importer tells components apart by
/// convention: `OBS_VALUE` is the value, `TIME_PERIOD` (or a 2.0 `Time` element) the period,
/// the SDMX cross-domain attribute concepts (`OBS_STATUS`, `UNIT_MULT`, `DECIMALS`, `TITLE`…)
/// are attributes, and every other component is a dimension. The indicator is the key without
/// the area and time dimensions, values joined by `.` in key order: the order of the message
/// (series key, then observation-level dimensions) unless `--dimension-order` gives the DSD's.
/// A cross-sectional message cannot carry the DSD order, so the report warns when one is read
/// without it. The area is `REF_AREA` (or `COUNTRY`, `LOCATION`, `GEO`, `REPORTER`,
/// `REF_AREA_CODE`), or the dimension `--area-dimension` names, normalised to ISO3 where it is
/// a country and kept as given otherwise.
///
/// `UNIT_MEASURE` and `UNIT` are read as attributes (they fill the unit). Where a producer uses
/// one as a dimension (Eurostat's `unit`, the OECD's `UNIT_MEASURE`), name it in
/// `--dimension-order`: listed components are always dimensions.
///
/// Values are stored as published; `UNIT_MULT` (or `SCALE`) is kept explicit in the unit
/// (`USD ×10^6`). `OBS_STATUS` becomes the status; `DECIMALS` is kept in the note (`DECIMALS=4`). A message with a footer and no data (a
/// server's "your file will be ready later") is a publisher error quoting the footer; a message
/// with no data set at all is an error.
struct SDMXMLImporter: Importer {
  static let roots: Set<String> = [
    "GenericData", "GenericTimeSeriesData", "StructureSpecificData", "StructureSpecificTimeSeriesData",
    "CompactData", "UtilityData", "CrossSectionalData",
  ]
  static let attributeConcepts: Set<String> = [
    "OBS_STATUS", "OBS_CONF", "CONF_STATUS", "CONF_STATUS_OBS", "OBS_PRE_BREAK", "OBS_COM", "OBS_EDP_WBB",
    "DECIMALS", "UNIT_MULT", "UNIT_MULTIPLIER", "SCALE", "UNIT_MEASURE", "UNIT", "UNITS", "TITLE", "TITLE_COMPL",
    "COLL_METHOD", "COLLECTION", "TIME_FORMAT", "COMMENT", "COMMENT_OBS", "COMMENT_TS", "SOURCE_AGENCY",
    "SOURCE_PUB", "COMPILATION", "BREAKS", "DATA_COMP", "NAT_TITLE", "UNIT_INDEX_BASE", "COVERAGE", "BASE_PER",
    "BASE_YEAR", "TIME_PER_COLLECT", "REF_PERIOD_DETAIL", "DOM_SER_IDS", "PUBL_ECB", "PUBL_MU", "PUBL_PUBLIC",
    "DISS_ORG", "EMBARGO_TIME", "REFERENCEPERIOD", "NATURE", "OBS_TYPE", "FOOTNOTE", "FOOTNOTES", "DATA_SOURCE",
    "DATASOURCE", "UPPER_BOUND", "LOWER_BOUND", "REPORTING_TYPE", "VALUE_TYPE", "OBS_NOTE", "CURRENCY_ATTR",
  ]
  static let areaDimensions = ["REF_AREA", "COUNTRY", "LOCATION", "GEO", "REPORTER", "REF_AREA_CODE", "GEO_PICT"]
  static let timeDimensions: Set<String> = ["TIME_PERIOD", "TIME", "TIME_PERIOD_START"]

  var dimensionOrder: [String] = []
  var areaDimension: String?
  /// The period of a cross-sectional message without a time dimension.
  var period: String?

  /// What a component is, decided once per component id (see ``classify(_:forced:)``).
  enum ComponentClass {
    case value, time, dimension
    /// An attribute, by its upper-case concept; `derives` when it feeds the unit, status or note.
    case attribute(String, derives: Bool)
  }

  /// Attributes that feed an observation's unit, status or note (see ``derive(attribute:)``).
  static let derivingConcepts: Set<String> = [
    "UNIT_MEASURE", "UNIT", "UNITS", "UNIT_MULT", "SCALE", "UNIT_MULTIPLIER", "OBS_STATUS", "STATUS", "DECIMALS",
  ]

  /// Concept IDs are compared case-insensitively (Eurostat writes `geo`, `freq`); components
  /// named in `--dimension-order` (`forced`) are dimensions even if the convention says attribute.
  static func classify(_ id: String, forced: Set<String>) -> ComponentClass {
    let concept = id.utf8.allSatisfy({ $0 < 97 || $0 > 122 }) ? id : id.uppercased()
    if concept == "OBS_VALUE" { return .value }
    if timeDimensions.contains(concept) { return .time }
    if forced.contains(concept) || !attributeConcepts.contains(concept) { return .dimension }
    return .attribute(concept, derives: derivingConcepts.contains(concept))
  }

  /// One observation (or series) being assembled from its parts. Reset and reused, not rebuilt,
  /// for each observation.
  struct Parts {
    var dimensions: [(String, String)] = []
    /// Attributes by upper-case concept, in the order met (a later one wins).
    var attributes: [(String, String)] = []
    /// Whether an attribute here feeds the unit, status or note…
    var derives = false
    /// … and whether any of them is not a status (`OBS_STATUS`, `STATUS`).
    var derivesBeyondStatus = false
    var time: String?
    var value: String?
    /// The value when it was read straight from the attribute's bytes (then `value` is nil).
    var number: Double?

    mutating func reset() {
      if !dimensions.isEmpty { dimensions.removeAll(keepingCapacity: true) }
      if !attributes.isEmpty { attributes.removeAll(keepingCapacity: true) }
      derives = false
      derivesBeyondStatus = false
      time = nil
      value = nil
      number = nil
    }

    func attribute(_ concept: String) -> String? {
      attributes.last { $0.0 == concept }?.1
    }

    mutating func setAttribute(_ concept: String, _ text: String, derives: Bool) {
      attributes.append((concept, text))
      if derives {
        self.derives = true
        if concept != "OBS_STATUS" && concept != "STATUS" { derivesBeyondStatus = true }
      }
    }

    /// Adds the current element's attributes that have no namespace (the components of a
    /// StructureSpecific or Compact message); with `onlyUsed`, attributes that feed neither the
    /// unit, status nor note are skipped unread.
    mutating func readAttributes(of reader: some XMLNodeReader, classes: inout ComponentClasses, onlyUsed: Bool) {
      reader.forEachPlainAttribute { name, text in
        let kind = classes.of(nameID: name.id, name: reader.text(of: name))
        if onlyUsed, case .attribute(_, derives: false) = kind { return }
        if case .value = kind, let parsed = text.withUnsafeBufferPointer({ parseFastPlainNumber($0) }) {
          value = nil
          number = parsed
          return
        }
        add(kind, id: reader.text(of: name), value: text.string, isKeyPart: false)
      }
    }

    mutating func add(_ kind: ComponentClass, id name: @autoclosure () -> String, value text: String, isKeyPart: Bool) {
      switch kind {
      case .value:
        value = text
        number = nil
      case .time:
        time = text
      case .attribute(let concept, let derives) where !isKeyPart:
        // Only the unit, status and note are read from attributes (``derive(attribute:)``).
        if derives { setAttribute(concept, text, derives: true) }
      case .dimension, .attribute:
        let id = name()
        if let index = dimensions.firstIndex(where: { $0.0 == id }) {
          dimensions[index].1 = text
        } else {
          dimensions.append((id, text))
        }
      }
    }
  }

  /// An observation's unit, status and note from its attributes.
  struct Derived {
    var unit: String?
    /// The unit multiplier when it is not 0 (reported once per import).
    var multiplier: String?
    var status: String?
    var note: String?
  }

  /// An area code resolved once per message: empty is "no area dimension".
  static func resolve(area: String, cache: inout [String: AreaResolution], reference: ReferenceData) -> AreaResolution {
    if area.isEmpty { return .unmatched("") }
    if let known = cache[area] { return known }
    let resolution = reference.resolve(code: area)
    cache[area] = resolution
    return resolution
  }

  /// The attribute rules every layout shares: the unit with the unit multiplier kept explicit
  /// (`USD ×10^6`), `OBS_STATUS` (or `STATUS`) as the status and `DECIMALS` in the note.
  static func derive(attribute: (String) -> String?) -> Derived {
    var unit = attribute("UNIT_MEASURE") ?? attribute("UNIT") ?? attribute("UNITS")
    var multiplier: String?
    if let text = attribute("UNIT_MULT") ?? attribute("SCALE") ?? attribute("UNIT_MULTIPLIER"), let power = Int(text),
      power != 0
    {
      unit = (unit.map { $0 + " " } ?? "") + "×10^\(power)"
      multiplier = text
    }
    return Derived(
      unit: unit, multiplier: multiplier, status: attribute("OBS_STATUS") ?? attribute("STATUS"),
      note: attribute("DECIMALS").map { "DECIMALS=" + $0 })
  }

  /// An observation with the attribute rules of ``derive(attribute:)``; a multiplier other than
  /// 0 is added to `multipliers`.
  static func observation(
    country: String, kind: AreaKind, indicator: String, period: String, value: Double,
    position: Observation.Position, multipliers: inout Set<String>, attribute: (String) -> String?
  ) -> Observation {
    let derived = derive(attribute: attribute)
    if let multiplier = derived.multiplier { multipliers.insert(multiplier) }
    return Observation(
      country: country, areaKind: kind, indicator: indicator, period: period, value: value, unit: derived.unit,
      status: derived.status, note: derived.note, position: position)
  }

  /// The report's warning when values carry unit multipliers.
  static func multiplierWarning(_ multipliers: Set<String>) -> String? {
    multipliers.isEmpty
      ? nil
      : "values are stored as published; unit multipliers (UNIT_MULT \(multipliers.sorted().joined(separator: ", "))) are kept in the unit"
  }

  /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-Qn`, `YYYY-Sn`, `YYYY-Wnn`, `YYYY-Mnn`, `YYYY-A1`.
  static func looksLikePeriod(_ text: String) -> Bool {
    text.range(
      of: #"^[0-9]{4}(-([0-9]{2}(-[0-9]{2})?|Q[1-4]|S[12]|W[0-9]{2}|M[0-9]{2}|A1))?$"#, options: .regularExpression)
      != nil
  }

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    // libxml2 parses on a thread of its own while this one turns the nodes into observations.
    let reader = try PipelinedXMLReader(path: file)
    return try run(reader: reader, file: file, context: context, emit: emit)
  }

  func run(reader: some XMLNodeReader, file: String, context: ImportContext, emit: ObservationSink) throws
    -> ImportReport
  {
    // The message's state lives in one struct whose methods change it in place: captured local
    // variables were checked for exclusive access at run time on every use (a tenth of the time).
    var message = MessageReader(importer: self, file: file, context: context)
    while let type = try reader.readNode() {
      if try message.handle(reader, type: type, emit: emit) == .crossSectional {
        try message.flushRow(emit)
        var report = message.report
        try SDMXCrossSectionalReader(dimensionOrder: dimensionOrder, areaDimension: areaDimension, period: period)
          .run(reader: reader, file: file, context: context, report: &report, emit: emit)
        return report
      }
    }
    try message.flushRow(emit)
    return try message.finish()
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension SDMXMLImporter {
  static let format = ImportFormat.sdmxML

  static func make(_ context: ImportContext) -> Self {
    SDMXMLImporter(
      dimensionOrder: context.sdmx.dimensionOrder, areaDimension: context.sdmx.areaDimension,
      period: context.sdmx.period)
  }

  static func detect(_ head: FileHead) -> Bool {
    head.kind == .xml
      && (head.lower.contains("sdmx.org/resources/sdmxml")
        || head.lower.contains("sdmx") && !head.lower.contains("<wb:"))
  }
}
