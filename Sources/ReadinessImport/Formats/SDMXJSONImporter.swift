import Foundation
import ReadinessCore

/// SDMX-JSON data messages, 1.0 (`{header, structure, dataSets}`, e.g. legacy OECD.Stat) and
/// 2.0 (`{meta, data: {structures, dataSets}}`).
///
/// Observations are keyed by colon-joined indices into the structure's dimension values —
/// series-level (`"0:1:2"`) and observation-level (`"0"`) or, in the flat form, all at the
/// observation level (`"1:0:2:0:0:0"`); `null` is a missing value and the array's tail holds
/// attribute indices (`OBS_STATUS`…). The key order is the dimensions' `keyPosition` where
/// given. As for SDMX-ML, the area is `REF_AREA`/`LOCATION`/`COUNTRY`… and the indicator is the
/// rest of the key without the time, joined by `.`; a message without a time dimension needs
/// `--period`. A message is decoded whole (limit 64 MiB).
struct SDMXJSONImporter: Importer {
  var areaDimension: String?
  /// The period for messages that have no time dimension (`--period`).
  var defaultPeriod: String?

  private struct Dimension {
    var id: String
    var values: [String]
    var position: Int
    var isTime: Bool
    var isArea: Bool
  }

  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    var data = Data(try ByteSourceHead(path: file).readAll(limit: 64 << 20, file: file))
    if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
    let json: Any
    do { json = try JSONSerialization.jsonObject(with: data) } catch {
      throw ReadinessError(.malformedInput, "not valid JSON: \(jsonErrorDetail(error))", at: SourceLocation(file: file))
    }
    var report = ImportReport(
      file: file, format: ImportFormat.sdmxJSON.rawValue,
      source: SourceInfo(publisher: "unstated (SDMX-JSON)", file: file))
    guard let root = json as? [String: Any] else {
      throw ReadinessError(
        .unexpectedContent, "expected a JSON object (an SDMX-JSON message)", at: SourceLocation(file: file, path: "$"))
    }
    let header = (root["header"] ?? root["meta"]) as? [String: Any]
    if let sender = header?["sender"] as? [String: Any], let id = sender["id"] as? String {
      report.source.publisher = id
    }
    if let prepared = header?["prepared"] as? String { report.source.vintage = String(prepared.prefix(10)) }
    let body = root["data"] as? [String: Any] ?? root
    var structures: [[String: Any]] = []
    if let list = body["structures"] as? [[String: Any]] { structures = list }
    if let one = (body["structure"] ?? root["structure"]) as? [String: Any] { structures = [one] }
    guard let dataSets = body["dataSets"] as? [[String: Any]], !structures.isEmpty else {
      if let errors = root["errors"] as? [[String: Any]] {
        let text = errors.map { "\($0["code"] ?? "") \($0["title"] ?? $0["message"] ?? "")" }.joined(separator: "; ")
        throw ReadinessError(
          .publisherError, "the SDMX-JSON message reports errors: \(text)", at: SourceLocation(file: file))
      }
      throw ReadinessError(
        .unexpectedContent, "no dataSets and structure (expected an SDMX-JSON data message)",
        at: SourceLocation(file: file, path: "$"))
    }
    for (setIndex, dataSet) in dataSets.enumerated() {
      let structureIndex = dataSet["structure"] as? Int ?? 0
      guard structureIndex >= 0, structureIndex < structures.count else {
        throw ReadinessError(
          .unexpectedContent, "data set \(setIndex) refers to structure \(structureIndex), which is not there",
          at: SourceLocation(file: file, path: "$.dataSets[\(setIndex)]"))
      }
      let structure = structures[structureIndex]
      if report.source.dataset == nil, let name = structure["name"] as? String { report.source.dataset = name }
      let dimensions = structure["dimensions"] as? [String: Any] ?? [:]
      let attributes = structure["attributes"] as? [String: Any] ?? [:]
      func list(_ level: String) -> [Dimension] {
        (dimensions[level] as? [[String: Any]] ?? []).enumerated().map { offset, entry in
          let id = entry["id"] as? String ?? "DIM\(offset)"
          let values = (entry["values"] as? [[String: Any]] ?? []).map {
            $0["id"] as? String ?? ($0["start"] as? String ?? "")
          }
          let role = (entry["role"] as? String ?? (entry["roles"] as? [String])?.first ?? "").lowercased()
          return Dimension(
            id: id, values: values, position: entry["keyPosition"] as? Int ?? offset,
            isTime: SDMXMLImporter.timeDimensions.contains(id.uppercased()) || role == "time",
            isArea: role == "ref_area")
        }
      }
      let fixed = list("dataSet")
      let seriesDimensions = list("series")
      let observationDimensions = list("observation")
      let observationAttributes = (attributes["observation"] as? [[String: Any]] ?? []).map { entry in
        (
          (entry["id"] as? String ?? "").uppercased(),
          (entry["values"] as? [[String: Any]] ?? []).map { $0["id"] as? String ?? $0["name"] as? String ?? "" }
        )
      }
      func decode(_ key: String, _ dimensions: [Dimension], path: String) throws -> [(Dimension, String)] {
        if key.isEmpty && dimensions.isEmpty { return [] }
        let parts = key.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == dimensions.count else {
          throw ReadinessError(
            .unexpectedContent, "key \"\(key)\" has \(parts.count) parts for \(dimensions.count) dimensions",
            at: SourceLocation(file: file, path: path))
        }
        return try zip(parts, dimensions).map { part, dimension in
          guard let index = Int(part), index >= 0, index < dimension.values.count else {
            throw ReadinessError(
              .unexpectedContent, "index \(part) is out of range for dimension \(dimension.id)",
              at: SourceLocation(file: file, path: path))
          }
          return (dimension, dimension.values[index])
        }
      }
      func emitObservation(_ key: [(Dimension, String)], _ raw: Any, path: String) throws {
        guard let array = raw as? [Any], let first = array.first else {
          throw ReadinessError(
            .unexpectedContent, "an observation is not an array", at: SourceLocation(file: file, path: path))
        }
        let value: Double
        if let number = first as? NSNumber, !(first is NSNull) {
          value = number.doubleValue
        } else if let text = first as? String, let parsed = parseStatisticalNumber(text) {
          value = parsed
        } else if first is NSNull || (first as? String).map(isMissingMarker) == true {
          report.missingValues += 1
          return
        } else {
          throw ReadinessError(
            .unexpectedContent, "observation value \(first) is not a number", at: SourceLocation(file: file, path: path)
          )
        }
        var status: String?
        for (offset, entry) in array.dropFirst().enumerated() where offset < observationAttributes.count {
          guard let index = entry as? Int, index >= 0, index < observationAttributes[offset].1.count else { continue }
          if observationAttributes[offset].0 == "OBS_STATUS" { status = observationAttributes[offset].1[index] }
        }
        let all = (fixed.map { ($0, $0.values.first ?? "") } + key).sorted { $0.0.position < $1.0.position }
        let wanted = areaDimension.map { [$0.uppercased()] } ?? SDMXMLImporter.areaDimensions
        let byName = wanted.first { id in all.contains { $0.0.id.uppercased() == id } }
        let areaID: String? =
          areaDimension != nil ? byName : (all.first(where: { $0.0.isArea })?.0.id.uppercased() ?? byName)
        guard let period = all.first(where: { $0.0.isTime })?.1 ?? defaultPeriod else {
          throw ReadinessError(
            .unexpectedContent, "the message has no time dimension; give the period with --period YYYY",
            at: SourceLocation(file: file, path: path))
        }
        let area = all.first { $0.0.id.uppercased() == areaID }?.1 ?? ""
        let indicator = all.filter { !$0.0.isTime && $0.0.id.uppercased() != areaID }.map(\.1).joined(separator: ".")
        let (country, kind) = (area.isEmpty ? AreaResolution.unmatched("") : context.reference.resolve(code: area))
          .stored
        let observation = Observation(
          country: country, areaKind: kind, indicator: context.indicatorCode(indicator), period: period, value: value,
          status: status, location: path)
        report.count(observation)
        try emit(observation)
      }
      if let series = dataSet["series"] as? [String: Any] {
        for (seriesKey, entry) in series.sorted(by: { $0.key < $1.key }) {
          let seriesPath = "$.dataSets[\(setIndex)].series[\"\(seriesKey)\"]"
          let seriesPart = try decode(seriesKey, seriesDimensions, path: seriesPath)
          let observations = (entry as? [String: Any])?["observations"] as? [String: Any] ?? [:]
          for (obsKey, raw) in observations.sorted(by: { $0.key < $1.key }) {
            let path = seriesPath + ".observations[\"\(obsKey)\"]"
            try emitObservation(seriesPart + decode(obsKey, observationDimensions, path: path), raw, path: path)
          }
        }
      } else if let observations = dataSet["observations"] as? [String: Any] {
        for (obsKey, raw) in observations.sorted(by: { $0.key < $1.key }) {
          let path = "$.dataSets[\(setIndex)].observations[\"\(obsKey)\"]"
          try emitObservation(decode(obsKey, observationDimensions, path: path), raw, path: path)
        }
      }
    }
    return report
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension SDMXJSONImporter {
  static let format = ImportFormat.sdmxJSON

  static func make(_ context: ImportContext) -> Self {
    SDMXJSONImporter(areaDimension: context.sdmx.areaDimension, defaultPeriod: context.sdmx.period)
  }

  static func detect(_ head: FileHead) -> Bool {
    head.kind == .json
      && (head.lower.contains("\"datasets\"") || head.lower.contains("sdmx") && head.lower.contains("\"structure"))
  }
}
