/// A record whose fields are kept as bytes rather than decoded into strings: the record's
/// text (UTF-8, quotes removed and `""` unescaped) and where each field lies in it. Read with
/// ``CSVReader/nextRow()``, for files with many numeric cells: a number is parsed from its bytes
/// (``withBytes(at:_:)``) and only the fields wanted as text become strings (``string(at:)``).
public struct CSVRow: Sendable {
  /// The 1-based line on which the record starts.
  public var line: Int
  /// The text the fields are read from (valid UTF-8): the line as read, or the fields one after
  /// another.
  @usableFromInline var bytes: [UInt8]
  /// Three numbers per field: its column (1-based, on its own line), then the start and end of
  /// its text in `bytes`.
  @usableFromInline var layout: [Int32]

  init(line: Int, bytes: [UInt8], layout: [Int32]) {
    precondition(layout.count % 3 == 0, "three numbers per field")
    self.line = line
    self.bytes = bytes
    self.layout = layout
  }

  /// The same fields as `record`.
  public init(_ record: CSVRecord) {
    var bytes: [UInt8] = []
    var layout: [Int32] = []
    layout.reserveCapacity(record.fields.count * 3)
    for (index, field) in record.fields.enumerated() {
      layout.append(Int32(record.column(of: index) ?? 0))
      layout.append(Int32(bytes.count))
      bytes.append(contentsOf: field.utf8)
      layout.append(Int32(bytes.count))
    }
    self.init(line: record.line, bytes: bytes, layout: layout)
  }

  /// The number of fields.
  @inlinable
  public var count: Int { layout.count / 3 }

  /// The text of field `index`, or `nil` past the end of a short record.
  public func string(at index: Int) -> String? {
    withBytes(at: index) { String(decoding: $0, as: UTF8.self) }
  }

  /// Calls `body` with the bytes of field `index` (`nil` past the end of a short record).
  @inlinable
  public func withBytes<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
    guard index >= 0, index < count else { return nil }
    let start = Int(layout[3 * index + 1])
    let end = Int(layout[3 * index + 2])
    return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
  }

  /// The text the fields lie in (see ``range(at:)``).
  public var text: [UInt8] { bytes }

  /// Where field `index` lies in ``text`` (`nil` past the end of a short record).
  @inlinable
  public func range(at index: Int) -> Range<Int>? {
    guard index >= 0, index < count else { return nil }
    return Int(layout[3 * index + 1])..<Int(layout[3 * index + 2])
  }

  /// The column of field `index`, or `nil` when unknown.
  public func column(of index: Int) -> Int? {
    guard index >= 0, index < count, layout[3 * index] > 0 else { return nil }
    return Int(layout[3 * index])
  }

  /// `true` when every field is empty (blank lines, `;;;;` padding).
  public var isBlank: Bool {
    stride(from: 0, to: layout.count, by: 3).allSatisfy { layout[$0 + 1] == layout[$0 + 2] }
  }

  /// The record with its fields decoded.
  public var record: CSVRecord {
    let columns = (0..<count).compactMap { column(of: $0) }
    return CSVRecord(
      fields: (0..<count).map { string(at: $0) ?? "" }, line: line, columns: columns.count == count ? columns : [])
  }
}
