import Foundation
import ReadinessCore

/// SDMX-ML 1.0 and 2.0 `CrossSectionalData`, read without the key family.
///
/// The layout is `DataSet > Group > Section > observations`, where every level states components
/// as XML attributes and each observation is an element named after its measure (`<obs1 value=…/>`,
/// or `OBS_VALUE`/`Obs` for a single measure) holding the value in `value`. Without the key family:
/// - the components named by `--dimension-order` are the dimensions (in that order), and every other
///   component is an attribute; without it, the SDMX cross-domain attribute concepts are attributes
///   and everything else a dimension, and the report warns;
/// - the measure's element name is the last part of the indicator key (unless it is `OBS_VALUE` or `Obs`);
/// - the period is `TIME_PERIOD` or `TIME` at any level, else `--period`; the area as for the other
///   SDMX-ML layouts (`REF_AREA`…, or `--area-dimension`);
/// - `OBS_STATUS` (or `STATUS`) becomes the status and `DECIMALS` the note, as in the other layouts.
struct SDMXCrossSectionalReader {
  var dimensionOrder: [String]
  var areaDimension: String?
  var period: String?

  func run(
    reader: some XMLNodeReader, file: String, context: ImportContext, report: inout ImportReport, emit: ObservationSink
  ) throws {
    let listed = dimensionOrder.map { $0.uppercased() }
    var levels: [[(String, String)]] = []  // components of DataSet, Group, Section (stack)
    var depth: [String] = []
    var seenOrder: [String] = []
    var resolved: [String: AreaResolution] = [:]
    var dataSets = 0
    var index = 0
    // SDMX 2.0 DataSetType's own attributes describe the message, not the data.
    let ignored: Set<String> = [
      "VALUE", "KEYFAMILYURI", "DATASETID", "DATAPROVIDERSCHEMEAGENCYID", "DATAPROVIDERSCHEMEID", "DATAPROVIDERID",
      "DATAFLOWAGENCYID", "DATAFLOWID", "ACTION", "REPORTINGBEGINDATE", "REPORTINGENDDATE", "VALIDFROMDATE",
      "VALIDTODATE", "PUBLICATIONYEAR", "PUBLICATIONPERIOD",
    ]
    var unitMultipliers = Set<String>()

    func isAttribute(_ concept: String) -> Bool {
      if !listed.isEmpty { return !listed.contains(concept) }
      return SDMXMLImporter.attributeConcepts.contains(concept) || ["STATUS"].contains(concept)
    }

    func observation(measure: String, components: [(String, String)], line: Int) throws {
      index += 1
      let location = "/DataSet/…/\(measure) (observation \(index), line \(line))"
      var dimensions: [String: String] = [:]
      var attributes: [String: String] = [:]
      var time: String?
      var value: String?
      for (id, text) in levels.flatMap({ $0 }) + components {
        let concept = id.uppercased()
        if concept == "VALUE" {
          value = text
          continue
        }
        if SDMXMLImporter.timeDimensions.contains(concept) {
          time = text
          continue
        }
        if isAttribute(concept) {
          attributes[concept] = text
        } else {
          dimensions[concept] = text
          if !seenOrder.contains(concept) { seenOrder.append(concept) }
        }
      }
      guard let period = time ?? period, !period.isEmpty else {
        throw ReadinessError(
          .unexpectedContent,
          "cross-sectional observation without TIME_PERIOD; give the period with --period (e.g. 2015)",
          at: SourceLocation(file: file, line: line, path: location))
      }
      guard let text = value, !isMissingMarker(text) else {
        report.missingValues += 1
        return
      }
      guard let number = parseStatisticalNumber(text) else {
        throw ReadinessError(
          .unexpectedContent, "value \"\(text)\" is not a number",
          at: SourceLocation(file: file, line: line, path: location))
      }
      let order = listed.isEmpty ? seenOrder : listed
      let areaID = (areaDimension.map { [$0.uppercased()] } ?? SDMXMLImporter.areaDimensions).first {
        dimensions[$0] != nil
      }
      var key = order.filter { $0 != areaID }.compactMap { dimensions[$0] }
      if !["OBS_VALUE", "OBS"].contains(measure.uppercased()) { key.append(measure) }
      let area = areaID.flatMap { dimensions[$0] } ?? ""
      let (country, kind) = SDMXMLImporter.resolve(area: area, cache: &resolved, reference: context.reference).stored
      let emitted = SDMXMLImporter.observation(
        country: country, kind: kind, indicator: context.indicatorCode(key.joined(separator: ".")), period: period,
        value: number, position: .text(location), multipliers: &unitMultipliers, attribute: { attributes[$0] })
      report.count(emitted)
      try emit(emitted)
    }

    while try reader.read() {
      switch reader.nodeType {
      case .element:
        let name = reader.localName
        let isEmpty = reader.isEmptyElement
        let inData = depth.contains("DataSet")
        if name == "DataSetID" || name == "KeyFamilyRef" {
          let id = try reader.readElementText().trimmingSpaces()
          if report.source.dataset == nil, !id.isEmpty { report.source.dataset = id }
          continue
        } else if name == "DataSet" {
          dataSets += 1
          levels = [reader.plainAttributes().filter { !ignored.contains($0.0.uppercased()) }]
        } else if inData && (name == "Group" || name == "Section") {
          // An empty Group or Section holds no observation (and has no end tag to pop it).
          if !isEmpty { levels.append(reader.plainAttributes()) }
        } else if inData {
          let components = reader.plainAttributes()
          if components.contains(where: { $0.0.uppercased() == "VALUE" }) {
            try observation(measure: name, components: components, line: reader.line)
          }
        } else if name == "Sender", depth.last == "Header", let id = reader.attribute("id"), !id.isEmpty {
          report.source.publisher = id
        } else if name == "Prepared", depth.last == "Header" {
          report.source.vintage = String(try reader.readElementText().trimmingSpaces().prefix(10))
          continue
        }
        if !isEmpty { depth.append(name) }
      case .endElement:
        let name = depth.popLast() ?? ""
        if (name == "Group" || name == "Section") && depth.contains("DataSet") { _ = levels.popLast() }
      default:
        continue
      }
    }
    if dataSets == 0 {
      throw ReadinessError(
        .unexpectedContent, "the SDMX message has a header but no data set", at: SourceLocation(file: file))
    }
    if let warning = SDMXMLImporter.multiplierWarning(unitMultipliers) { report.warnings.append(warning) }
    if listed.isEmpty && report.observations > 0 {
      report.warnings.append(
        "SDMX-ML CrossSectionalData read without its key family: dimensions and attributes told apart by convention, "
          + "key order \(seenOrder.joined(separator: ".")); pass --dimension-order with the key family's dimensions "
          + "(the others are then attributes)")
    }
  }
}
