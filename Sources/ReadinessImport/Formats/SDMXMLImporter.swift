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

  /// One observation being assembled from series and observation parts.
  private struct Parts {
    /// Components named in `--dimension-order`: dimensions even if the convention says attribute.
    var forced: Set<String> = []
    var dimensions: [(String, String)] = []
    var attributes: [String: String] = [:]
    var time: String?
    var value: String?

    /// Concept IDs are compared case-insensitively (Eurostat writes `geo`, `freq`).
    mutating func add(component id: String, value text: String, isKeyPart: Bool) {
      let concept = id.utf8.allSatisfy({ $0 < 97 || $0 > 122 }) ? id : id.uppercased()
      if concept == "OBS_VALUE" {
        value = text
      } else if SDMXMLImporter.timeDimensions.contains(concept) {
        time = text
      } else if isKeyPart || forced.contains(concept) || !SDMXMLImporter.attributeConcepts.contains(concept) {
        if let index = dimensions.firstIndex(where: { $0.0 == id }) { dimensions[index].1 = text } else {
          dimensions.append((id, text))
        }
      } else {
        attributes[concept] = text
      }
    }
  }

  /// An area code resolved once per message: empty is "no area dimension".
  static func resolve(area: String, cache: inout [String: AreaResolution], reference: ReferenceData) -> AreaResolution {
    if area.isEmpty { return .unmatched("") }
    if let known = cache[area] { return known }
    let resolution = reference.resolve(code: area)
    cache[area] = resolution
    return resolution
  }

  /// An observation with the attribute rules every layout shares: the unit with the unit
  /// multiplier kept explicit (`USD ×10^6`; a multiplier other than 0 is added to `multipliers`),
  /// `OBS_STATUS` (or `STATUS`) as the status and `DECIMALS` in the note.
  static func observation(
    country: String, kind: AreaKind, indicator: String, period: String, value: Double, location: String,
    multipliers: inout Set<String>, attribute: (String) -> String?
  ) -> Observation {
    var unit = attribute("UNIT_MEASURE") ?? attribute("UNIT") ?? attribute("UNITS")
    if let multiplier = attribute("UNIT_MULT") ?? attribute("SCALE") ?? attribute("UNIT_MULTIPLIER"),
      let power = Int(multiplier), power != 0
    {
      unit = (unit.map { $0 + " " } ?? "") + "×10^\(power)"
      multipliers.insert(multiplier)
    }
    return Observation(
      country: country, areaKind: kind, indicator: indicator, period: period, value: value, unit: unit,
      status: attribute("OBS_STATUS") ?? attribute("STATUS"), note: attribute("DECIMALS").map { "DECIMALS=" + $0 },
      location: location)
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
    var report = ImportReport(
      file: file, format: ImportFormat.sdmxML.rawValue, source: SourceInfo(publisher: "unstated (SDMX-ML)", file: file))
    var rootSeen = false
    var dataSets = 0
    var dimensionAtObservation: String?
    var footer: [String] = []
    var stack: [String] = []
    var dataSetAttributes: [String: String] = [:]
    let forced = Set(dimensionOrder.map { $0.uppercased() })
    var series = Parts(forced: forced)
    var observation = Parts(forced: forced)
    var inSeries = false
    var seriesIndex = 0
    var obsIndex = 0
    var obsLine = 0
    var order: [String] = dimensionOrder.map { $0.uppercased() }
    var warnedOrder = false
    var unitMultipliers = Set<String>()

    // Per series: the key, area and unit computed at its first observation, reused while the
    // observations add no dimension of their own (the time-series layouts).
    var seriesCache: (country: String, kind: AreaKind, indicator: String)?
    var resolvedAreas: [String: AreaResolution] = [:]

    func attribute(_ concept: String) -> String? {
      observation.attributes[concept] ?? series.attributes[concept] ?? dataSetAttributes[concept]
    }

    func emitObservation() throws {
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
      let location = inSeries
        ? "/DataSet/Series[\(seriesIndex)]/Obs[\(obsIndex)] (line \(obsLine))"
        : "/DataSet/Obs[\(obsIndex)] (line \(obsLine))"
      guard let time, !time.isEmpty else {
        throw ReadinessError(
          .unexpectedContent, "observation without a time period (expected TIME_PERIOD)",
          at: SourceLocation(file: file, line: obsLine, path: location))
      }
      guard let text = observation.value ?? series.value, !isMissingMarker(text) else {
        report.missingValues += 1
        return
      }
      guard let value = parseStatisticalNumber(text) else {
        throw ReadinessError(
          .unexpectedContent, "OBS_VALUE \"\(text)\" is not a number", at: SourceLocation(file: file, line: obsLine, path: location))
      }
      let identity: (country: String, kind: AreaKind, indicator: String)
      if obsDimensions.isEmpty, let cached = seriesCache {
        identity = cached
      } else {
        let dimensions = series.dimensions + obsDimensions
        for (id, _) in dimensions where !order.contains(id.uppercased()) { order.append(id.uppercased()) }
        let wantedArea = areaDimension.map { [$0.uppercased()] } ?? SDMXMLImporter.areaDimensions
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
      let emitted = SDMXMLImporter.observation(
        country: identity.country, kind: identity.kind, indicator: identity.indicator, period: time, value: value,
        location: location, multipliers: &unitMultipliers, attribute: attribute)
      try emit(emitted)
      report.count(emitted)
    }

    while try reader.read() {
      switch reader.nodeType {
      case .element:
        let name = reader.localName
        let isEmpty = reader.isEmptyElement
        if !rootSeen {
          if SDMXMLImporter.roots.contains(name) {
            rootSeen = true
            if name == "CrossSectionalData" {
              try SDMXCrossSectionalReader(dimensionOrder: dimensionOrder, areaDimension: areaDimension, period: period)
                .run(reader: reader, file: file, context: context, report: &report, emit: emit)
              return report
            }
          }
          if !isEmpty { stack.append(name) }
          continue
        }
        let parent = stack.last ?? ""
        switch name {
        case "Sender" where parent == "Header":
          if let id = reader.attribute("id"), !id.isEmpty { report.source.publisher = id }
        case "Prepared" where parent == "Header":
          let prepared = try reader.readElementText().trimmingSpaces()
          report.source.vintage = String(prepared.prefix(10))
          continue
        case "Structure" where parent == "Header":
          dimensionAtObservation = reader.attribute("dimensionAtObservation")
        case "Ref" where stack.contains("Header"):
          if let id = reader.attribute("id") {
            let agency = reader.attribute("agencyID").map { $0 + ":" } ?? ""
            let version = reader.attribute("version").map { "(\($0))" } ?? ""
            report.source.dataset = agency + id + version
          }
        case "DataSetID" where parent == "Header":
          let id = try reader.readElementText().trimmingSpaces()
          if report.source.dataset == nil { report.source.dataset = id }
          continue
        case "DataSet":
          dataSets += 1
          dataSetAttributes = [:]
          for (id, text) in reader.plainAttributes() where SDMXMLImporter.attributeConcepts.contains(id.uppercased()) {
            dataSetAttributes[id.uppercased()] = text
          }
        case "Series":
          inSeries = true
          seriesIndex += 1
          obsIndex = 0
          series = Parts(forced: forced)
          seriesCache = nil
          for (id, text) in reader.plainAttributes() { series.add(component: id, value: text, isKeyPart: false) }
        case "Group":
          break
        case "Obs":
          obsIndex += 1
          obsLine = reader.line
          observation = Parts(forced: forced)
          for (id, text) in reader.plainAttributes() { observation.add(component: id, value: text, isKeyPart: false) }
          if isEmpty { try emitObservation() }
        case "Value" where parent == "SeriesKey" || parent == "ObsKey" || parent == "Attributes":
          let id = reader.attribute("id") ?? reader.attribute("concept") ?? ""
          let text = reader.attribute("value") ?? ""
          let grandparent = stack.count >= 2 ? stack[stack.count - 2] : ""
          switch parent {
          case "SeriesKey": series.add(component: id, value: text, isKeyPart: true)
          case "ObsKey": observation.add(component: id, value: text, isKeyPart: true)
          default:
            if grandparent == "Obs" {
              observation.attributes[id.uppercased()] = text
            } else if grandparent == "Series" {
              series.attributes[id.uppercased()] = text
            } else {
              dataSetAttributes[id.uppercased()] = text
            }
          }
        case "ObsDimension":
          let id = reader.attribute("id") ?? dimensionAtObservation ?? "TIME_PERIOD"
          let text = reader.attribute("value") ?? ""
          if id == "AllDimensions" || SDMXMLImporter.timeDimensions.contains(id.uppercased()) {
            observation.time = text
          } else {
            observation.add(component: id, value: text, isKeyPart: true)
          }
        case "Time" where parent == "Obs":
          observation.time = try reader.readElementText().trimmingSpaces()
          continue
        case "ObsValue":
          observation.value = reader.attribute("value")
        case "Message" where parent == "Footer":
          let code = reader.attribute("code") ?? ""
          footer.append("code \(code)")
        case "Text" where stack.contains("Footer"):
          let text = try reader.readElementText().trimmingSpaces()
          footer.append(text)
          continue
        default:
          break
        }
        if !isEmpty { stack.append(name) }
      case .text where stack.last == "StructureUsage":
        let urn = (reader.value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !urn.isEmpty { report.source.dataset = urn }
      case .endElement:
        let name = stack.popLast() ?? ""
        if name == "Obs" { try emitObservation() }
        if name == "Series" { inSeries = false }
      default:
        continue
      }
    }
    guard rootSeen else {
      throw ReadinessError(
        .unexpectedContent, "no SDMX-ML data message found (expected GenericData, StructureSpecificData or CompactData)",
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
      dimensionOrder.isEmpty, !warnedOrder
    {
      warnedOrder = true
      report.warnings.append(
        "cross-sectional layout (dimension \(dimension) at observation level): the key order is the message's, "
          + "\(order.joined(separator: ".")); pass --dimension-order with the data structure's order to match other layouts")
    }
    if let warning = SDMXMLImporter.multiplierWarning(unitMultipliers) { report.warnings.append(warning) }
    return report
  }
}
