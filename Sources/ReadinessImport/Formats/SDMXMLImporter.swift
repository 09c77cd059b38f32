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
  private struct Parts {
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
    mutating func readAttributes(of reader: XMLStreamReader, classes: inout ComponentClasses, onlyUsed: Bool) {
      reader.forEachPlainAttribute { nameID, name, text in
        let kind = classes.of(nameID: nameID, name: name)
        if onlyUsed, case .attribute(_, derives: false) = kind { return }
        if case .value = kind,
          let parsed = parseFastPlainNumber(
            UnsafeBufferPointer(start: text, count: strlen(UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self))))
        {
          value = nil
          number = parsed
          return
        }
        add(kind, id: name, value: String(cString: text), isKeyPart: false)
      }
    }

    mutating func add(_ kind: ComponentClass, id: String, value text: String, isKeyPart: Bool) {
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
        if let index = dimensions.firstIndex(where: { $0.0 == id }) { dimensions[index].1 = text } else {
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
    let reader = try XMLStreamReader(path: file)
    return try run(reader: reader, file: file, context: context, emit: emit)
  }

  func run(reader: XMLStreamReader, file: String, context: ImportContext, emit: ObservationSink) throws
    -> ImportReport
  {
    // The message's state lives in one struct whose methods change it in place: captured local
    // variables were checked for exclusive access at run time on every use (a tenth of the time).
    var message = MessageReader(importer: self, file: file, context: context)
    while try reader.read() {
      if try message.handle(reader, emit: emit) == .crossSectional {
        var report = message.report
        try SDMXCrossSectionalReader(dimensionOrder: dimensionOrder, areaDimension: areaDimension, period: period)
          .run(reader: reader, file: file, context: context, report: &report, emit: emit)
        return report
      }
    }
    return try message.finish()
  }

  /// Component classes by the reader's name id (attributes as components), or by id text (Generic
  /// `Value id="…"`): decided once per name rather than once per observation.
  struct ComponentClasses {
    let forced: Set<String>
    private var byName: [ComponentClass?] = []
    private var byID: [String: ComponentClass] = [:]

    init(forced: Set<String>) { self.forced = forced }

    mutating func of(nameID: Int, name: String) -> ComponentClass {
      guard nameID >= 0 else { return SDMXMLImporter.classify(name, forced: forced) }
      if nameID < byName.count, let known = byName[nameID] { return known }
      let kind = SDMXMLImporter.classify(name, forced: forced)
      if nameID >= byName.count { byName += Array(repeating: nil, count: nameID - byName.count + 1) }
      byName[nameID] = kind
      return kind
    }

    mutating func of(id: String) -> ComponentClass {
      if let known = byID[id] { return known }
      let kind = SDMXMLImporter.classify(id, forced: forced)
      if byID.count < 4096 { byID[id] = kind }
      return kind
    }
  }

  /// The elements the reader acts on, by local name; decided once per name id.
  enum ElementKind: UInt8 {
    case header, sender, prepared, structure, ref, dataSetID, dataSet, series, group, obs, value, seriesKey, obsKey
    case attributes, obsDimension, time, obsValue, footer, message, text, structureUsage, other

    init(localName: String) {
      switch localName {
      case "Header": self = .header
      case "Sender": self = .sender
      case "Prepared": self = .prepared
      case "Structure": self = .structure
      case "Ref": self = .ref
      case "DataSetID": self = .dataSetID
      case "DataSet": self = .dataSet
      case "Series": self = .series
      case "Group": self = .group
      case "Obs": self = .obs
      case "Value": self = .value
      case "SeriesKey": self = .seriesKey
      case "ObsKey": self = .obsKey
      case "Attributes": self = .attributes
      case "ObsDimension": self = .obsDimension
      case "Time": self = .time
      case "ObsValue": self = .obsValue
      case "Footer": self = .footer
      case "Message": self = .message
      case "Text": self = .text
      case "StructureUsage": self = .structureUsage
      default: self = .other
      }
    }
  }

  /// One message being read: everything `run` keeps between nodes.
  private struct MessageReader {
    enum Outcome { case goOn, crossSectional }

    let importer: SDMXMLImporter
    let file: String
    let context: ImportContext
    var report: ImportReport
    var rootSeen = false
    var dataSets = 0
    var dimensionAtObservation: String?
    var footer: [String] = []
    /// The open elements.
    var stack: [ElementKind] = []
    var kinds: [ElementKind?] = []
    var dataSetAttributes: [String: String] = [:]
    var series = Parts()
    var observation = Parts()
    var classes: ComponentClasses
    var inSeries = false
    var seriesIndex = 0
    var seriesPath = "/DataSet"
    var obsIndex = 0
    var obsLine = 0
    var order: [String]
    var unitMultipliers = Set<String>()
    // Per series: the key, area and unit computed at its first observation, reused while the
    // observations add no dimension of their own (the time-series layouts).
    var seriesCache: (country: String, kind: AreaKind, indicator: String)?
    var resolvedAreas: [String: AreaResolution] = [:]
    // The unit, status and note from the series' and data set's attributes, computed at the
    // series' first observation; dropped whenever those attributes change.
    var derivedCache: Derived?
    // The series-level statuses, for observations that bring only their own status.
    var seriesStatuses: (obsStatus: String?, status: String?) = (nil, nil)
    // Observations emitted but not yet in the report's counts: a run of one area, added at once
    // (a dictionary update per observation, for areas not matched, cost 3 % of a message).
    var uncounted: (country: String, kind: AreaKind, times: Int) = ("", .country, 0)

    init(importer: SDMXMLImporter, file: String, context: ImportContext) {
      self.importer = importer
      self.file = file
      self.context = context
      report = ImportReport(
        file: file, format: ImportFormat.sdmxML.rawValue, source: SourceInfo(publisher: "unstated (SDMX-ML)", file: file))
      classes = ComponentClasses(forced: Set(importer.dimensionOrder.map { $0.uppercased() }))
      order = importer.dimensionOrder.map { $0.uppercased() }
    }

    func attribute(_ concept: String) -> String? {
      observation.attribute(concept) ?? seriesAttribute(concept)
    }

    func seriesAttribute(_ concept: String) -> String? {
      series.attribute(concept) ?? dataSetAttributes[concept]
    }

    /// The current element's kind, decided once per name.
    mutating func elementKind(_ reader: XMLStreamReader) -> ElementKind {
      let id = reader.localNameID
      guard id >= 0 else { return ElementKind(localName: reader.localName) }
      if id < kinds.count, let known = kinds[id] { return known }
      let kind = ElementKind(localName: reader.localName)
      if id >= kinds.count { kinds += Array(repeating: nil, count: id - kinds.count + 1) }
      kinds[id] = kind
      return kind
    }

    /// Handles the reader's current node.
    mutating func handle(_ reader: XMLStreamReader, emit: ObservationSink) throws -> Outcome {
      switch reader.nodeType {
      case .element:
        let kind = elementKind(reader)
        let isEmpty = reader.isEmptyElement
        if !rootSeen {
          let name = reader.localName
          if SDMXMLImporter.roots.contains(name) {
            rootSeen = true
            if name == "CrossSectionalData" { return .crossSectional }
          }
          if !isEmpty { stack.append(kind) }
          return .goOn
        }
        let parent = stack.last ?? .other
        switch kind {
        case .sender where parent == .header:
          if let id = reader.attribute("id"), !id.isEmpty { report.source.publisher = id }
        case .prepared where parent == .header:
          let prepared = try reader.readElementText().trimmingSpaces()
          report.source.vintage = String(prepared.prefix(10))
          return .goOn
        case .structure where parent == .header:
          dimensionAtObservation = reader.attribute("dimensionAtObservation")
        case .ref where stack.contains(.header):
          if let id = reader.attribute("id") {
            let agency = reader.attribute("agencyID").map { $0 + ":" } ?? ""
            let version = reader.attribute("version").map { "(\($0))" } ?? ""
            report.source.dataset = agency + id + version
          }
        case .dataSetID where parent == .header:
          let id = try reader.readElementText().trimmingSpaces()
          if report.source.dataset == nil { report.source.dataset = id }
          return .goOn
        case .dataSet:
          dataSets += 1
          dataSetAttributes = [:]
          derivedCache = nil
          for (id, text) in reader.plainAttributes() where SDMXMLImporter.attributeConcepts.contains(id.uppercased()) {
            dataSetAttributes[id.uppercased()] = text
          }
        case .series:
          inSeries = true
          seriesIndex += 1
          seriesPath = "/DataSet/Series[\(seriesIndex)]"
          obsIndex = 0
          series.reset()
          seriesCache = nil
          derivedCache = nil
          series.readAttributes(of: reader, classes: &classes, onlyUsed: false)
        case .group:
          break
        case .obs:
          obsIndex += 1
          obsLine = reader.line
          observation.reset()
          observation.readAttributes(of: reader, classes: &classes, onlyUsed: true)
          if isEmpty { try emitObservation(emit) }
        case .value where parent == .seriesKey || parent == .obsKey || parent == .attributes:
          let id = reader.attribute("id") ?? reader.attribute("concept") ?? ""
          let text = reader.attribute("value") ?? ""
          let grandparent = stack.count >= 2 ? stack[stack.count - 2] : .other
          switch parent {
          case .seriesKey: series.add(classes.of(id: id), id: id, value: text, isKeyPart: true)
          case .obsKey: observation.add(classes.of(id: id), id: id, value: text, isKeyPart: true)
          default:
            // Listed under Attributes: an attribute whatever its name.
            let concept = id.uppercased()
            if grandparent == .obs {
              observation.setAttribute(concept, text, derives: SDMXMLImporter.derivingConcepts.contains(concept))
            } else if grandparent == .series {
              series.setAttribute(concept, text, derives: false)
              derivedCache = nil
            } else {
              dataSetAttributes[concept] = text
              derivedCache = nil
            }
          }
        case .obsDimension:
          let id = reader.attribute("id") ?? dimensionAtObservation ?? "TIME_PERIOD"
          let text = reader.attribute("value") ?? ""
          if id == "AllDimensions" || SDMXMLImporter.timeDimensions.contains(id.uppercased()) {
            observation.time = text
          } else {
            observation.add(classes.of(id: id), id: id, value: text, isKeyPart: true)
          }
        case .time where parent == .obs:
          observation.time = try reader.readElementText().trimmingSpaces()
          return .goOn
        case .obsValue:
          observation.value = reader.attribute("value")
        case .message where parent == .footer:
          let code = reader.attribute("code") ?? ""
          footer.append("code \(code)")
        case .text where stack.contains(.footer):
          let text = try reader.readElementText().trimmingSpaces()
          footer.append(text)
          return .goOn
        default:
          break
        }
        if !isEmpty { stack.append(kind) }
      case .text where stack.last == .structureUsage:
        let urn = (reader.value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !urn.isEmpty { report.source.dataset = urn }
      case .endElement:
        let kind = stack.popLast() ?? .other
        if kind == .obs { try emitObservation(emit) }
        if kind == .series { inSeries = false }
      default:
        break
      }
      return .goOn
    }

    mutating func emitObservation(_ emit: ObservationSink) throws {
      var time = observation.time ?? series.time
      var obsDimensions = observation.dimensions
      if time == nil {
        // 2.0 CompactData may name its time attribute freely (`YEA="1990"`): one observation-level
        // component that looks like a period is taken as the time.
        let candidates = obsDimensions.filter { SDMXMLImporter.looksLikePeriod($0.1) }
        if candidates.count == 1, let id = candidates.first?.0 {
          time = candidates[0].1
          obsDimensions.removeAll { $0.0 == id }
        }
      }
      let position = Observation.Position.element(path: inSeries ? seriesPath : "/DataSet", index: obsIndex, line: obsLine)
      var location: String { position.description }
      guard let time, !time.isEmpty else {
        throw ReadinessError(
          .unexpectedContent, "observation without a time period (expected TIME_PERIOD)",
          at: SourceLocation(file: file, line: obsLine, path: location))
      }
      let value: Double
      if let number = observation.number ?? (observation.value == nil ? series.number : nil) {
        value = number
      } else if let text = observation.value ?? series.value {
        guard let parsed = try parseValue(text, location: location) else {
          report.missingValues += 1
          return
        }
        value = parsed
      } else {
        report.missingValues += 1
        return
      }
      let identity: (country: String, kind: AreaKind, indicator: String)
      if obsDimensions.isEmpty, let cached = seriesCache {
        identity = cached
      } else {
        let dimensions = series.dimensions + obsDimensions
        for (id, _) in dimensions where !order.contains(id.uppercased()) { order.append(id.uppercased()) }
        let wantedArea = importer.areaDimension.map { [$0.uppercased()] } ?? SDMXMLImporter.areaDimensions
        let areaID = wantedArea.first { wanted in dimensions.contains { $0.0.uppercased() == wanted } }
        var area = ""
        var key: [String] = []
        let values = Dictionary(dimensions.map { ($0.0.uppercased(), $0.1) }, uniquingKeysWith: { _, last in last })
        for id in order {
          guard let text = values[id] else { continue }
          if id == areaID { area = text } else { key.append(text) }
        }
        let resolution = SDMXMLImporter.resolve(area: area, cache: &resolvedAreas, reference: context.reference)
        let (country, kind) = resolution.stored
        identity = (country, kind, context.indicatorCode(key.joined(separator: ".")))
        if obsDimensions.isEmpty && inSeries { seriesCache = identity }
      }
      var derived: Derived
      if observation.derivesBeyondStatus {
        derived = SDMXMLImporter.derive(attribute: attribute)
        if let multiplier = derived.multiplier { unitMultipliers.insert(multiplier) }
      } else {
        if let cached = derivedCache {
          derived = cached
        } else {
          derived = SDMXMLImporter.derive(attribute: seriesAttribute)
          if let multiplier = derived.multiplier { unitMultipliers.insert(multiplier) }
          derivedCache = derived
          seriesStatuses = (seriesAttribute("OBS_STATUS"), seriesAttribute("STATUS"))
        }
        if observation.derives {
          // Only a status at observation level: the same precedence as `attribute(_:)` gives.
          derived.status =
            observation.attribute("OBS_STATUS") ?? seriesStatuses.obsStatus ?? observation.attribute("STATUS")
            ?? seriesStatuses.status
        }
      }
      let emitted = Observation(
        country: identity.country, areaKind: identity.kind, indicator: identity.indicator, period: time, value: value,
        unit: derived.unit, status: derived.status, note: derived.note, position: position)
      if uncounted.times > 0, uncounted.country != identity.country || uncounted.kind != identity.kind {
        report.count(country: uncounted.country, kind: uncounted.kind, times: uncounted.times)
        uncounted.times = 0
      }
      if uncounted.times == 0 { uncounted = (identity.country, identity.kind, 0) }
      uncounted.times += 1
      try emit(emitted)
    }

    /// An observation's value text as a number; `nil` for a missing-value marker.
    func parseValue(_ text: String, location: @autoclosure () -> String) throws -> Double? {
      if let plain = parsePlainNumber(text) { return plain }
      if isMissingMarker(text) { return nil }
      guard let parsed = parseStatisticalNumber(text) else {
        throw ReadinessError(
          .unexpectedContent, "OBS_VALUE \"\(text)\" is not a number",
          at: SourceLocation(file: file, line: obsLine, path: location()))
      }
      return parsed
    }

    /// The report once the document has been read, or the error for a message without data.
    func finish() throws -> ImportReport {
      var report = report
      report.count(country: uncounted.country, kind: uncounted.kind, times: uncounted.times)
      guard rootSeen else {
        throw ReadinessError(
          .unexpectedContent,
          "no SDMX-ML data message found (expected GenericData, StructureSpecificData or CompactData)",
          at: SourceLocation(file: file))
      }
      if report.observations == 0 && report.missingValues == 0 {
        if !footer.isEmpty {
          throw ReadinessError(
            .publisherError, "the SDMX message holds no data, only a footer: \(footer.joined(separator: " — "))",
            at: SourceLocation(file: file))
        }
        if dataSets == 0 {
          throw ReadinessError(
            .unexpectedContent, "the SDMX message has a header but no data set", at: SourceLocation(file: file))
        }
      }
      if let dimension = dimensionAtObservation, dimension != "TIME_PERIOD", dimension != "AllDimensions",
        importer.dimensionOrder.isEmpty
      {
        report.warnings.append(
          "cross-sectional layout (dimension \(dimension) at observation level): the key order is the message's, "
            + "\(order.joined(separator: ".")); pass --dimension-order with the data structure's order to match other layouts")
      }
      if let warning = SDMXMLImporter.multiplierWarning(unitMultipliers) { report.warnings.append(warning) }
      return report
    }
  }
}
