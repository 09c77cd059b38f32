import Foundation
import ReadinessCore

extension SDMXMLImporter {
  /// One message being read: everything `run` keeps between nodes.
  struct MessageReader {
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
    /// The current series' observations not handed over yet.
    var row = PendingRow()

    init(importer: SDMXMLImporter, file: String, context: ImportContext) {
      self.importer = importer
      self.file = file
      self.context = context
      report = ImportReport(
        file: file, format: ImportFormat.sdmxML.rawValue,
        source: SourceInfo(publisher: "unstated (SDMX-ML)", file: file))
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
    mutating func elementKind(_ reader: some XMLNodeReader) -> ElementKind {
      let id = reader.localNameID
      guard id >= 0 else { return ElementKind(localName: reader.localName) }
      if id < kinds.count, let known = kinds[id] { return known }
      let kind = ElementKind(localName: reader.localName)
      if id >= kinds.count { kinds += Array(repeating: nil, count: id - kinds.count + 1) }
      kinds[id] = kind
      return kind
    }

    /// Handles the reader's current node.
    mutating func handle(_ reader: some XMLNodeReader, type: XMLStreamReader.NodeType, emit: ObservationSink) throws
      -> Outcome
    {
      switch type {
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
        if kind == .series {
          inSeries = false
          try flushRow(emit)
        }
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
      var position: Observation.Position {
        .element(path: inSeries ? seriesPath : "/DataSet", index: obsIndex, line: obsLine)
      }
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
      if uncounted.times > 0, uncounted.country != identity.country || uncounted.kind != identity.kind {
        report.count(country: uncounted.country, kind: uncounted.kind, times: uncounted.times)
        uncounted.times = 0
      }
      if uncounted.times == 0 { uncounted = (identity.country, identity.kind, 0) }
      uncounted.times += 1
      // The unit, status and note: from the series' cached values unless the observation brings
      // attributes of its own beyond a status (read in place: no copy of the cached values).
      if observation.derivesBeyondStatus {
        let derived = SDMXMLImporter.derive(attribute: attribute)
        if let multiplier = derived.multiplier { unitMultipliers.insert(multiplier) }
        try flushRow(emit)
        try emit(
          Observation(
            country: identity.country, areaKind: identity.kind, indicator: identity.indicator, period: time,
            value: value, unit: derived.unit, status: derived.status, note: derived.note, position: position))
        return
      }
      if derivedCache == nil {
        let derived = SDMXMLImporter.derive(attribute: seriesAttribute)
        if let multiplier = derived.multiplier { unitMultipliers.insert(multiplier) }
        derivedCache = derived
        seriesStatuses = (seriesAttribute("OBS_STATUS"), seriesAttribute("STATUS"))
      }
      // Only a status at observation level: the same precedence as `attribute(_:)` gives.
      let status =
        observation.derives
        ? observation.attribute("OBS_STATUS") ?? seriesStatuses.obsStatus ?? observation.attribute("STATUS")
          ?? seriesStatuses.status
        : derivedCache?.status
      guard inSeries && obsDimensions.isEmpty else {
        try flushRow(emit)
        try emit(
          Observation(
            country: identity.country, areaKind: identity.kind, indicator: identity.indicator, period: time,
            value: value, unit: derivedCache?.unit, status: status, note: derivedCache?.note, position: position))
        return
      }
      // An observation of a time series: gathered into the series' row.
      let unit = derivedCache?.unit
      let note = derivedCache?.note
      if !row.accepts(
        country: identity.country, kind: identity.kind, indicator: identity.indicator, unit: unit, note: note,
        path: seriesPath)
      {
        try flushRow(emit)
      }
      row.append(
        country: identity.country, kind: identity.kind, indicator: identity.indicator, unit: unit, note: note,
        path: seriesPath, period: time, value: value, status: status, index: obsIndex, line: obsLine)
      if row.cells.count >= PendingRow.capacity { try flushRow(emit) }
    }

    /// Hands over the observations gathered for the current series.
    mutating func flushRow(_ emit: ObservationSink) throws {
      if let gathered = row.take() { try emit(gathered) }
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
            + "\(order.joined(separator: ".")); pass --dimension-order with the data structure's order to match other layouts"
        )
      }
      if let warning = SDMXMLImporter.multiplierWarning(unitMultipliers) { report.warnings.append(warning) }
      return report
    }
  }
}
