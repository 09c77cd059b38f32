import Foundation
import ReadinessCore

/// World Bank API v2 JSON: `[{"page":1,"pages":…,"total":…,"lastupdated":…}, [records]]`.
///
/// `"value": null` is a missing value. An error answer (HTTP 200 with
/// `[{"message":[{"id":"120","key":"Invalid value",…}]}]`) is an error quoting the API's
/// messages. Country-list pages (records with `incomeLevel`) give classifications; indicator
/// pages (`id`, `name`, `sourceNote`) give indicator names.
/// API pages are small (≤ 1000 records), so a page is decoded whole (limit 64 MiB).
struct WorldBankJSONImporter: Importer {
  func run(file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    let bytes = try ByteSourceHead(path: file).readAll(limit: 64 << 20, file: file)
    return try run(bytes: bytes, file: file, context: context, emit: emit)
  }

  func run(bytes: [UInt8], file: String, context: ImportContext, emit: ObservationSink) throws -> ImportReport {
    var data = Data(bytes)
    if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
    let json: Any
    do {
      json = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw ReadinessError(
        .malformedInput, "not valid JSON: \(jsonErrorDetail(error))", at: SourceLocation(file: file))
    }
    var report = ImportReport(
      file: file, format: ImportFormat.wbJSON.rawValue,
      source: SourceInfo(
        publisher: "World Bank", dataset: "World Bank API", licence: "CC BY 4.0", file: file,
        url: "https://api.worldbank.org/v2"))
    guard let array = json as? [Any], let first = array.first as? [String: Any] else {
      throw ReadinessError(
        .unexpectedContent, "expected a JSON array [paging, records] as the World Bank API returns",
        at: SourceLocation(file: file, path: "$"))
    }
    if let messages = first["message"] as? [[String: Any]] {
      let text = messages.map { message in
        [message["id"], message["key"], message["value"]].compactMap { $0.map { "\($0)" } }.joined(separator: " ")
      }.joined(separator: "; ")
      throw ReadinessError(
        .publisherError, "the World Bank API returned an error instead of data: \(text)",
        at: SourceLocation(file: file, path: "$[0].message"))
    }
    if let updated = first["lastupdated"] as? String { report.source.vintage = updated }
    if let name = first["sourcename"] as? String { report.source.dataset = name }
    let total = WorldBankJSONImporter.int(first["total"])
    let pages = WorldBankJSONImporter.int(first["pages"])
    let page = WorldBankJSONImporter.int(first["page"])
    guard array.count >= 2 else {
      throw ReadinessError(
        .unexpectedContent, "the array has no records element (expected [paging, records])",
        at: SourceLocation(file: file, path: "$"))
    }
    let records = array[1] as? [Any] ?? []
    for (index, item) in records.enumerated() {
      guard let record = item as? [String: Any] else {
        throw ReadinessError(
          .unexpectedContent, "record is not an object", at: SourceLocation(file: file, path: "$[1][\(index)]"))
      }
      let path = "$[1][\(index)]"
      if record["incomeLevel"] != nil {
        let area = context.reference.resolve(code: record["id"] as? String, name: record["name"] as? String)
        if case .country(let iso3) = area {
          let region = (record["region"] as? [String: Any])?["value"] as? String ?? ""
          let income = (record["incomeLevel"] as? [String: Any])?["value"] as? String ?? ""
          if region != "Aggregates" && !region.isEmpty {
            report.classifications.append(
              Classification(country: iso3, scheme: "wb_region", value: region.trimmingSpaces()))
            if !income.isEmpty {
              report.classifications.append(Classification(country: iso3, scheme: "wb_income", value: income))
            }
          }
        }
        continue
      }
      if record["indicator"] == nil, let id = record["id"] as? String, let name = record["name"] as? String {
        // The indicators endpoint: a definition, not a value.
        report.indicatorNames[context.indicatorCode(id)] = name
        continue
      }
      let indicatorObject = record["indicator"] as? [String: Any]
      guard let indicatorID = indicatorObject?["id"] as? String, let date = record["date"] as? String else {
        throw ReadinessError(
          .unexpectedContent, "record lacks indicator.id or date", at: SourceLocation(file: file, path: path))
      }
      let code = context.indicatorCode(indicatorID)
      if let name = indicatorObject?["value"] as? String { report.indicatorNames[code] = name }
      guard let raw = record["value"], !(raw is NSNull) else {
        report.missingValues += 1
        continue
      }
      let value: Double
      if let number = raw as? NSNumber {
        value = number.doubleValue
      } else if let text = raw as? String, let parsed = parseStatisticalNumber(text) {
        value = parsed
      } else if let text = raw as? String, isMissingMarker(text) {
        report.missingValues += 1
        continue
      } else {
        throw ReadinessError(
          .unexpectedContent, "value is not a number", at: SourceLocation(file: file, path: path + ".value"))
      }
      let countryObject = record["country"] as? [String: Any]
      let iso3 = record["countryiso3code"] as? String ?? ""
      let area: AreaResolution =
        iso3.isEmpty
        ? context.reference.resolve(code: countryObject?["id"] as? String, name: countryObject?["value"] as? String)
        : context.reference.resolve(code: iso3, name: countryObject?["value"] as? String)
      let (country, kind) = area.stored
      let unit = (record["unit"] as? String).flatMap { $0.isEmpty ? nil : $0 }
      let status = (record["obs_status"] as? String).flatMap { $0.isEmpty ? nil : $0 }
      let observation = Observation(
        country: country, areaKind: kind, indicator: code, period: date, value: value, unit: unit, status: status,
        location: path)
      report.count(observation)
      try emit(observation)
    }
    if let total, let pages, pages > 1 {
      report.warnings.append(
        "this file is page \(page ?? 1) of \(pages) (\(records.count) of \(total) records); import the other pages (or use readiness fetch) for the rest"
      )
    }
    return report
  }

  static func int(_ value: Any?) -> Int? {
    if let number = value as? NSNumber { return number.intValue }
    if let text = value as? String { return Int(text) }
    return nil
  }
}

/// The format, its detection and the importer's options (see ``Importer``).
extension WorldBankJSONImporter {
  static let format = ImportFormat.wbJSON

  static func make(_ context: ImportContext) -> Self {
    WorldBankJSONImporter()
  }

  static func detect(_ head: FileHead) -> Bool {
    head.kind == .json
      && (head.lower.contains("\"page\"") || head.lower.contains("\"message\"")
        || head.lower.contains("countryiso3code"))
  }
}
