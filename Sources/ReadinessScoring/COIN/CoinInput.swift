import ReadinessCore

/// An index in COINr's input format: `iData` (one row per unit: `uCode`, `uName`, group columns,
/// `Time`, denominators, indicators) and `iMeta` (`Level, iCode, iName, Direction, Weight, Unit,
/// Target, Denominator, Parent, Type`), so that an index builder can bring an existing index.
public struct CoinInput: Sendable {
  /// A unit (usually a country).
  public struct Unit: Sendable, Hashable {
    public var code: String
    public var name: String
    public var groups: [String: String]
  }

  /// An indicator or aggregate of the tree (any depth; unbalanced trees allowed).
  public struct Node: Sendable, Hashable {
    public var code: String
    public var name: String
    public var level: Int
    /// +1 or −1.
    public var direction: Double
    public var weight: Double
    public var parent: String?
    public var isIndicator: Bool
    /// The iData column this indicator is divided by when denominating.
    public var denominator: String?
    /// iMeta's Target (for distance-to-target normalisation).
    public var target: Double? = nil
    /// iMeta's `goalpost_lower` and `goalpost_upper` (COINr's column names), in the indicator's
    /// own units, for goalpost normalisation.
    public var goalposts: [Double]? = nil
  }

  public var units: [Unit]
  /// Indicators and aggregates in iMeta order.
  public var nodes: [Node]
  /// Indicator values per unit (in `units` order); `nil` is missing.
  public var values: [String: [Double?]]
  /// Denominator columns per unit.
  public var denominators: [String: [Double?]]

  /// The indicators, in iMeta order.
  public var indicators: [Node] { nodes.filter(\.isIndicator) }
  /// The aggregates from the top level down, iMeta order within a level.
  public var aggregates: [Node] {
    nodes.filter { !$0.isIndicator }.enumerated().sorted { lhs, rhs in
      lhs.element.level != rhs.element.level ? lhs.element.level > rhs.element.level : lhs.offset < rhs.offset
    }.map(\.element)
  }

  /// Reads iData and iMeta CSV files.
  ///
  /// - Throws: ``ReadinessError`` naming the file and line of a missing column, an unknown code or a
  ///   non-numeric value.
  public static func load(dataPath: String, metaPath: String) throws(ReadinessError) -> CoinInput {
    let panel = try loadPanel(dataPath: dataPath, metaPath: metaPath)
    guard panel.count == 1, let only = panel.first?.value else {
      throw ReadinessError(
        .unexpectedContent,
        "iData holds \(panel.count) periods (Time \(panel.keys.sorted().joined(separator: ", "))): build it as a panel (--panel)",
        at: SourceLocation(file: dataPath))
    }
    return only
  }

  /// A numeric iMeta cell: `nil` when empty or a missing marker, an error when it is text that is
  /// not a plain decimal number (hexadecimal, a NUL byte, out of range, a word).
  private static func metaNumber(
    _ row: [String: String], _ column: String, code: String, file: String, line: Int
  ) throws(ReadinessError) -> Double? {
    guard let text = row[column], !isMissingMarker(text) else { return nil }
    guard let value = parseStatisticalNumber(text) else {
      throw ReadinessError(
        .unexpectedContent, "\(column) of \(code): \(describeRefusedNumber(text))",
        at: SourceLocation(file: file, line: line))
    }
    return value
  }

  /// `goalpost_lower` and `goalpost_upper` of an iMeta row: both or neither, lower ≠ upper.
  private static func goalposts(_ row: [String: String], code: String, file: String, line: Int) throws(ReadinessError)
    -> [Double]?
  {
    let lower = try metaNumber(row, "goalpost_lower", code: code, file: file, line: line)
    let upper = try metaNumber(row, "goalpost_upper", code: code, file: file, line: line)
    switch (lower, upper) {
    case (nil, nil): return nil
    case (let l?, let u?) where l != u: return [l, u]
    default:
      throw ReadinessError(
        .unexpectedContent, "goalposts of \(code) need goalpost_lower and goalpost_upper, and they must differ",
        at: SourceLocation(file: file, line: line))
    }
  }

  /// Reads iData with several periods (a `Time` column): one input per period.
  ///
  /// - Throws: ``ReadinessError`` as ``load(dataPath:metaPath:)`` does, and for a unit listed twice
  ///   in one period.
  public static func loadPanel(dataPath: String, metaPath: String) throws(ReadinessError) -> [String: CoinInput] {
    let meta = try rows(metaPath, required: ["Level", "iCode", "Direction", "Weight", "Parent", "Type"])
    var nodes: [Node] = []
    var groupColumns: [String] = []
    var denominatorColumns: [String] = []
    for (line, row) in meta.rows {
      let code = row["iCode"] ?? ""
      switch row["Type"] ?? "" {
      case "Indicator", "Aggregate":
        guard let level = Int(row["Level"] ?? "") else {
          throw ReadinessError(
            .unexpectedContent, "Level of \(code) is not a number", at: SourceLocation(file: metaPath, line: line))
        }
        let direction = try metaNumber(row, "Direction", code: code, file: metaPath, line: line) ?? 1
        guard direction == 1 || direction == -1 else {
          throw ReadinessError(
            .unexpectedContent, "Direction of \(code) must be 1 or -1", at: SourceLocation(file: metaPath, line: line))
        }
        let weight = try metaNumber(row, "Weight", code: code, file: metaPath, line: line) ?? 1
        guard weight >= 0, weight.isFinite else {
          throw ReadinessError(
            .unexpectedContent, "Weight of \(code) must be a number ≥ 0", at: SourceLocation(file: metaPath, line: line)
          )
        }
        let parent = row["Parent"].flatMap { $0 == "NA" || $0.isEmpty ? nil : $0 }
        let denominator = row["Denominator"].flatMap { $0 == "NA" || $0.isEmpty ? nil : $0 }
        nodes.append(
          Node(
            code: code, name: row["iName"] ?? code, level: level, direction: direction, weight: weight, parent: parent,
            isIndicator: row["Type"] == "Indicator", denominator: denominator,
            target: row["Target"].flatMap { parseStatisticalNumber($0) },
            goalposts: try goalposts(row, code: code, file: metaPath, line: line)))
      case "Group": groupColumns.append(code)
      case "Denominator": denominatorColumns.append(code)
      default: continue
      }
    }
    let codes = Set(nodes.map(\.code))
    for node in nodes {
      if let parent = node.parent, !codes.contains(parent) {
        throw ReadinessError(
          .unexpectedContent, "\(node.code) has parent \(parent), which iMeta does not define",
          at: SourceLocation(file: metaPath))
      }
    }
    // iData is streamed and read by column position (it can hold millions of cells).
    var reader = try CSVReader(path: dataPath)
    guard let header = try reader.next() else {
      throw ReadinessError(.unexpectedContent, "empty file", at: SourceLocation(file: dataPath))
    }
    let names = header.fields.map { $0.trimmingSpaces() }
    let position = Dictionary(
      names.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    let indicatorCodes = nodes.filter(\.isIndicator).map(\.code)
    for column in ["uCode"] + indicatorCodes where position[column] == nil {
      throw ReadinessError(
        .unexpectedContent, "missing column \"\(column)\"", at: SourceLocation(file: dataPath, line: header.line))
    }
    let indicatorPositions = indicatorCodes.map { position[$0]! }
    let denominatorPositions = denominatorColumns.compactMap { column in position[column].map { (column, $0) } }
    let groupPositions = groupColumns.compactMap { column in position[column].map { (column, $0) } }
    let codePosition = position["uCode"]!
    let namePosition = position["uName"]
    let timePosition = position["Time"]
    struct Accumulator {
      var units: [Unit] = []
      var seen: Set<String> = []
      var columns: [[Double?]]
      var denominators: [[Double?]]
    }
    var periods: [String: Accumulator] = [:]
    func number(_ record: CSVRecord, _ index: Int, _ column: String) throws(ReadinessError) -> Double? {
      guard let text = record[safe: index] else { return nil }
      if let value = parsePlainNumber(text) { return value }
      if isMissingMarker(text) { return nil }
      guard let value = parseStatisticalNumber(text) else {
        throw ReadinessError(
          .unexpectedContent, "\(column) \(describeRefusedNumber(text))",
          at: SourceLocation(file: dataPath, line: record.line, column: record.column(of: index)))
      }
      return value
    }
    while let record = try reader.next() {
      if record.isBlank { continue }
      let code = record[safe: codePosition]?.trimmingSpaces() ?? ""
      let time = timePosition.flatMap { record[safe: $0]?.trimmingSpaces() } ?? ""
      var period =
        periods.removeValue(forKey: time)
        ?? Accumulator(
          columns: Array(repeating: [], count: indicatorCodes.count),
          denominators: Array(repeating: [], count: denominatorPositions.count))
      guard period.seen.insert(code).inserted else {
        throw ReadinessError(
          .unexpectedContent, "unit \(code) appears twice\(time.isEmpty ? "" : " for Time \(time)")",
          at: SourceLocation(file: dataPath, line: record.line))
      }
      period.units.append(
        Unit(
          code: code, name: namePosition.flatMap { record[safe: $0]?.trimmingSpaces() } ?? code,
          groups: Dictionary(
            uniqueKeysWithValues: groupPositions.compactMap { column, index in
              record[safe: index].map { (column, $0.trimmingSpaces()) }
            })))
      for (offset, index) in indicatorPositions.enumerated() {
        period.columns[offset].append(try number(record, index, indicatorCodes[offset]))
      }
      for (offset, entry) in denominatorPositions.enumerated() {
        period.denominators[offset].append(try number(record, entry.1, entry.0))
      }
      periods[time] = period
    }
    var inputs: [String: CoinInput] = [:]
    for (time, period) in periods {
      inputs[time] = CoinInput(
        units: period.units, nodes: nodes,
        values: Dictionary(uniqueKeysWithValues: zip(indicatorCodes, period.columns)),
        denominators: Dictionary(uniqueKeysWithValues: zip(denominatorPositions.map(\.0), period.denominators)))
    }
    if inputs.isEmpty { inputs[""] = CoinInput(units: [], nodes: nodes, values: [:], denominators: [:]) }
    return inputs
  }

  private static func rows(_ path: String, required: [String]) throws(ReadinessError) -> (
    header: [String], rows: [(Int, [String: String])]
  ) {
    var reader = try CSVReader(path: path)
    guard let header = try reader.next() else {
      throw ReadinessError(.unexpectedContent, "empty file", at: SourceLocation(file: path))
    }
    let names = header.fields.map { $0.trimmingSpaces() }
    for column in required where !names.contains(column) {
      throw ReadinessError(
        .unexpectedContent, "missing column \"\(column)\"", at: SourceLocation(file: path, line: header.line))
    }
    var out: [(Int, [String: String])] = []
    while let record = try reader.next() {
      if record.isBlank { continue }
      var row: [String: String] = [:]
      for (index, name) in names.enumerated() { row[name] = record[safe: index]?.trimmingSpaces() ?? "" }
      out.append((record.line, row))
    }
    return (names, out)
  }
}
