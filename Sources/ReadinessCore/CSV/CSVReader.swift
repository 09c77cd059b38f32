/// A strict, streaming RFC 4180 reader that works on bytes.
///
/// It strips a UTF-8 byte-order mark, accepts CRLF, LF and lone CR line ends, reads `,`, `;`
/// or tab delimiters (detected from the first record unless given), unescapes `""` inside
/// quoted fields and keeps embedded line breaks. Unlike lenient readers it never guesses:
/// an unterminated quote, text after a closing quote, a quote inside an unquoted field,
/// invalid UTF-8 and over-long fields are errors naming the line and column.
///
///     var reader = try CSVReader(path: "API_IT.NET.USER.ZS.csv")
///     while let record = try reader.next() { print(record.line, record.fields) }
///
/// Memory stays flat: the file is read in 256 KiB chunks.
public struct CSVReader {
  private let source: ByteSource
  private var buffer: [UInt8] = []
  private var position = 0
  private var atEnd = false
  /// The file name used in error locations.
  public let fileName: String
  /// The delimiter in use (detected or given).
  public private(set) var delimiter: UInt8 = UInt8(ascii: ",")
  private let options: CSVOptions
  private var line = 1
  private var lineStart = 0  // byte offset in the stream of the current line's first byte
  private var offset = 0  // byte offset in the stream of `position`
  private var field: [UInt8] = []
  /// Where ``simpleLayout(columnBase:)`` lays out a line (room for the widest line so far), before
  /// the layout is copied out at its size.
  private var scratch = [Int32](repeating: 0, count: 3 * 64)

  /// Opens a file.
  public init(path: String, options: CSVOptions = CSVOptions()) throws(ReadinessError) {
    self.source = try ByteSource(path: path)
    self.fileName = path
    self.options = options
    try start()
  }

  /// Reads bytes held in memory; `name` is used in error messages.
  public init(bytes: [UInt8], name: String = "<memory>", options: CSVOptions = CSVOptions())
    throws(ReadinessError)
  {
    try self.init(bytes: bytes, name: name, options: options, chunkSize: nil)
  }

  /// Reads bytes held in memory in chunks of `chunkSize` (tests of chunk boundaries).
  init(bytes: [UInt8], name: String, options: CSVOptions, chunkSize: Int?) throws(ReadinessError) {
    self.source = ByteSource(bytes: bytes, chunkSize: chunkSize)
    self.fileName = name
    self.options = options
    try start()
  }

  /// Reads a string (tests).
  public init(string: String, name: String = "<memory>", options: CSVOptions = CSVOptions())
    throws(ReadinessError)
  {
    try self.init(bytes: Array(string.utf8), name: name, options: options)
  }

  private mutating func start() throws(ReadinessError) {
    refill()
    if buffer.count >= 2
      && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF))
    {
      throw ReadinessError(
        .unsupportedFormat, "the file is UTF-16; save it as UTF-8 CSV",
        at: SourceLocation(file: fileName, line: 1, column: 1))
    }
    if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
      position = 3
      offset = 3
      lineStart = 3
    }
    delimiter = options.delimiter ?? detectDelimiter()
  }

  /// Counts `,` `;` and tab outside quotes in the first line of the first chunk; the most
  /// frequent wins, a comma on ties or when none appears.
  private func detectDelimiter() -> UInt8 {
    var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
    var inQuotes = false
    var index = position
    while index < buffer.count {
      let byte = buffer[index]
      if byte == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if !inQuotes && (byte == 10 || byte == 13) {
        break
      } else if !inQuotes, counts[byte] != nil {
        counts[byte, default: 0] += 1
      }
      index += 1
    }
    let comma = counts[UInt8(ascii: ",")] ?? 0
    let semicolon = counts[UInt8(ascii: ";")] ?? 0
    let tab = counts[UInt8(ascii: "\t")] ?? 0
    if semicolon > comma && semicolon >= tab { return UInt8(ascii: ";") }
    if tab > comma && tab > semicolon { return UInt8(ascii: "\t") }
    return UInt8(ascii: ",")
  }

  private mutating func refill() {
    if atEnd { return }
    if !source.read(into: &buffer) {
      buffer = []
      atEnd = true
    }
    position = 0
  }

  @inline(__always)
  private mutating func peek() -> UInt8? {
    if position < buffer.count { return buffer[position] }
    if atEnd { return nil }
    refill()
    return position < buffer.count ? buffer[position] : nil
  }

  @inline(__always)
  private mutating func advance() {
    position += 1
    offset += 1
  }

  private var column: Int { offset - lineStart + 1 }

  private mutating func newLine() {
    line += 1
    lineStart = offset
  }

  private func location(line: Int, column: Int) -> SourceLocation {
    SourceLocation(file: fileName, line: line, column: column)
  }

  /// Consumes a line break at the current position (CRLF, LF or CR).
  private mutating func consumeLineBreak() {
    guard let byte = peek() else { return }
    if byte == 13 {
      advance()
      if peek() == 10 { advance() }
      newLine()
    } else if byte == 10 {
      advance()
      newLine()
    }
  }

  /// Returns the next record, or `nil` at the end of the file.
  ///
  /// - Throws: ``ReadinessError`` with the line and column of the problem.
  public mutating func next() throws(ReadinessError) -> CSVRecord? {
    if let failure = source.failure { throw failure }
    guard peek() != nil else {
      if let failure = source.failure { throw failure }
      return nil
    }
    if let record = nextSimpleLine() { return record }
    let recordLine = line
    var fields: [String] = []
    var columns: [Int] = []
    while true {
      columns.append(column)
      let (text, terminator) = try readField()
      fields.append(text)
      if fields.count > options.maxFieldsPerRecord {
        throw ReadinessError(
          .limitExceeded, "more than \(options.maxFieldsPerRecord) fields in one record",
          at: location(line: line, column: column))
      }
      switch terminator {
      case .delimiter: continue
      case .lineEnd, .endOfFile:
        if let failure = source.failure { throw failure }
        return CSVRecord(fields: fields, line: recordLine, columns: columns)
      }
    }
  }

  /// Returns the next record with its fields as bytes (see ``CSVRow``), or `nil` at the end of
  /// the file. The same records, errors and limits as ``next()``.
  ///
  /// - Throws: ``ReadinessError`` with the line and column of the problem.
  public mutating func nextRow() throws(ReadinessError) -> CSVRow? {
    if let failure = source.failure { throw failure }
    guard peek() != nil else {
      if let failure = source.failure { throw failure }
      return nil
    }
    if let row = nextSimpleRow() { return row }
    guard let record = try next() else { return nil }
    return CSVRow(record)
  }

  private enum Terminator { case delimiter, lineEnd, endOfFile }

  /// The common case read in one pass: a whole record on one line of the buffer, its fields
  /// unquoted or quoted without `""` or line breaks inside (World Bank files quote every field),
  /// split at the delimiter. `nil` (nothing consumed) for anything else — an escaped quote, a
  /// line break inside quotes, text after a closing quote, a line that runs past the buffer, a
  /// field over the limit, too many fields, bytes that are not valid in the encoding — which the
  /// field-by-field reader then reads, or reports exactly as before.
  private mutating func nextSimpleLine() -> CSVRecord? {
    guard let (layout, end) = simpleLayout(columnBase: 0) else { return nil }
    let start = position
    let encoding = options.encoding
    let found: [String]? = buffer.withUnsafeBufferPointer { bytes in
      var fields: [String] = []
      fields.reserveCapacity(layout.count / 3)
      for field in stride(from: 0, to: layout.count, by: 3) {
        let slice = UnsafeBufferPointer(
          rebasing: bytes[(start + Int(layout[field + 1]))..<(start + Int(layout[field + 2]))])
        switch encoding {
        case .utf8:
          if slice.isEmpty {
            fields.append("")
          } else if slice.allSatisfy({ $0 < 0x80 }) {
            fields.append(String(decoding: slice, as: UTF8.self))
          } else {
            guard let valid = String(validating: slice, as: UTF8.self) else { return nil }
            fields.append(valid)
          }
        case .latin1:
          var scalars = String.UnicodeScalarView()
          for byte in slice { scalars.append(Unicode.Scalar(byte)) }
          fields.append(String(scalars))
        }
      }
      return fields
    }
    guard let found else { return nil }
    let firstColumn = column
    let columns = stride(from: 0, to: layout.count, by: 3).map { firstColumn + Int(layout[$0]) }
    let record = CSVRecord(fields: found, line: line, columns: columns)
    offset += end
    position += end
    consumeLineBreak()
    return record
  }

  /// ``nextSimpleLine()`` without decoding the fields: the line's bytes copied once into a
  /// ``CSVRow``. UTF-8 files only (a line that is not valid UTF-8 is left to the field-by-field
  /// reader, which reports it).
  private mutating func nextSimpleRow() -> CSVRow? {
    guard options.encoding == .utf8 else { return nil }
    guard let (layout, end) = simpleLayout(columnBase: Int32(truncatingIfNeeded: column)) else { return nil }
    let start = position
    let text: [UInt8]? = buffer.withUnsafeBufferPointer { bytes in
      let line = UnsafeBufferPointer(rebasing: bytes[start..<(start + end)])
      // Delimiters and quotes are ASCII: the fields are valid UTF-8 when the whole line is.
      var validator = UTF8Validator()
      guard validator.feed(line), validator.isComplete else { return nil }
      return Array(line)
    }
    guard let text else { return nil }
    let row = CSVRow(line: line, bytes: text, layout: layout)
    offset += end
    position += end
    consumeLineBreak()
    return row
  }

  /// What ``scanSimpleLine(into:columnBase:)`` found.
  private enum SimpleScan {
    /// A simple line of `fields` fields, ending `end` bytes after `position`.
    case simple(end: Int, fields: Int)
    case notSimple
    /// More fields than the layout had room for.
    case needsRoom
  }

  /// The layout of the simple line at `position` (three numbers per field, see
  /// ``scanSimpleLine(into:columnBase:)``) and the offset of its end, or `nil` when the line is not
  /// simple. The line is laid out in `scratch` (made larger for a line wider than any before) and
  /// the layout copied out at its size. (`Array(unsafeUninitializedCapacity:)`, tried first, looked
  /// up the array's type metadata at run time on every call.)
  private mutating func simpleLayout(columnBase: Int32) -> (layout: [Int32], end: Int)? {
    let maxFields = options.maxFieldsPerRecord
    var scratch: [Int32] = []
    swap(&scratch, &self.scratch)
    defer { swap(&scratch, &self.scratch) }
    while true {
      let room = min(scratch.count / 3, maxFields)
      let scan = scratch.withUnsafeMutableBufferPointer { buffer in
        scanSimpleLine(into: UnsafeMutableBufferPointer(rebasing: buffer[..<(3 * room)]), columnBase: columnBase)
      }
      switch scan {
      case .simple(let end, let fields):
        return (Array(scratch[..<(3 * fields)]), end)
      case .notSimple:
        return nil
      case .needsRoom:
        // Past the limit the field-by-field reader reports the line.
        guard room < maxFields else { return nil }
        scratch = [Int32](repeating: 0, count: 3 * min(2 * room, maxFields))
      }
    }
  }

  /// Splits the line at `position` when it is simple (see ``nextSimpleLine()``): writes three
  /// numbers per field to `layout` (where the field starts, as a column counted from
  /// `columnBase`, and where its text starts and ends, as offsets from `position`).
  private func scanSimpleLine(into layout: UnsafeMutableBufferPointer<Int32>, columnBase: Int32) -> SimpleScan {
    let start = position
    let delimiter = self.delimiter
    let maxFieldBytes = options.maxFieldBytes
    let room = layout.count / 3
    let quote = UInt8(ascii: "\"")
    return buffer.withUnsafeBufferPointer { bytes -> SimpleScan in
      var index = start
      var fields = 0
      while true {
        guard fields < room else { return .needsRoom }
        let fieldStart = index
        var contentStart = index
        var contentEnd: Int
        if index < bytes.count, bytes[index] == quote {
          contentStart = index + 1
          var scan = contentStart
          while scan < bytes.count, bytes[scan] != quote, bytes[scan] != 10, bytes[scan] != 13 { scan += 1 }
          // A closing quote followed by a delimiter or a line end; anything else goes field by field.
          guard scan + 1 < bytes.count, bytes[scan] == quote else { return .notSimple }
          let after = bytes[scan + 1]
          guard after == delimiter || after == 10 || after == 13 else { return .notSimple }
          contentEnd = scan
          index = scan + 1
        } else {
          while index < bytes.count {
            let byte = bytes[index]
            if byte == delimiter || byte == 10 || byte == 13 { break }
            if byte == quote { return .notSimple }
            index += 1
          }
          guard index < bytes.count else { return .notSimple }
          contentEnd = index
        }
        guard contentEnd - contentStart <= maxFieldBytes else { return .notSimple }
        layout[3 * fields] = columnBase &+ Int32(truncatingIfNeeded: fieldStart - start)
        layout[3 * fields + 1] = Int32(truncatingIfNeeded: contentStart - start)
        layout[3 * fields + 2] = Int32(truncatingIfNeeded: contentEnd - start)
        fields += 1
        // `index` is on the delimiter or the line end.
        if bytes[index] == delimiter {
          index += 1
          continue
        }
        return .simple(end: index - start, fields: fields)
      }
    }
  }

  private mutating func readField() throws(ReadinessError) -> (String, Terminator) {
    field.removeAll(keepingCapacity: true)
    let startLine = line
    let startColumn = column
    guard let first = peek() else { return ("", .endOfFile) }
    if first == UInt8(ascii: "\"") {
      advance()
      while true {
        guard let byte = peek() else {
          throw ReadinessError(
            .malformedInput,
            "unterminated quoted field: the quote opened here is never closed (expected a closing \")",
            at: location(line: startLine, column: startColumn))
        }
        if byte == UInt8(ascii: "\"") {
          advance()
          if peek() == UInt8(ascii: "\"") {
            advance()
            try append(UInt8(ascii: "\""), startLine: startLine, startColumn: startColumn)
            continue
          }
          break
        }
        if byte == 13 || byte == 10 {
          try append(byte, startLine: startLine, startColumn: startColumn)
          advance()
          if byte == 13 && peek() == 10 {
            try append(10, startLine: startLine, startColumn: startColumn)
            advance()
          }
          newLine()
          continue
        }
        try append(byte, startLine: startLine, startColumn: startColumn)
        advance()
      }
      let text = try decode(line: startLine, column: startColumn)
      guard let after = peek() else { return (text, .endOfFile) }
      if after == delimiter {
        advance()
        return (text, .delimiter)
      }
      if after == 13 || after == 10 {
        consumeLineBreak()
        return (text, .lineEnd)
      }
      throw ReadinessError(
        .malformedInput,
        "unexpected character after a closing quote (expected a delimiter or the end of the line)",
        at: location(line: line, column: column))
    }
    // Fast path: the whole unquoted field lies in the buffer; decode it in place.
    if let (text, terminator) = try unquotedFieldInBuffer(startLine: startLine, startColumn: startColumn) {
      switch terminator {
      case .delimiter: advance()
      case .lineEnd: consumeLineBreak()
      case .endOfFile: break
      }
      return (text, terminator)
    }
    while let byte = peek() {
      if byte == delimiter {
        let text = try decode(line: startLine, column: startColumn)
        advance()
        return (text, .delimiter)
      }
      if byte == 13 || byte == 10 {
        let text = try decode(line: startLine, column: startColumn)
        consumeLineBreak()
        return (text, .lineEnd)
      }
      if byte == UInt8(ascii: "\"") {
        throw ReadinessError(
          .malformedInput,
          "quote inside an unquoted field (expected the whole field to be quoted, with \"\" for a quote)",
          at: location(line: line, column: column))
      }
      try append(byte, startLine: startLine, startColumn: startColumn)
      advance()
    }
    return (try decode(line: startLine, column: startColumn), .endOfFile)
  }

  /// An unquoted field that ends (at a delimiter or line break) inside the current buffer, read
  /// without copying byte by byte; the position is left on its terminator. `nil` when the field
  /// runs past the buffer (the byte loop then reads it). Quotes inside are left to the loop too,
  /// which reports them.
  private mutating func unquotedFieldInBuffer(startLine: Int, startColumn: Int) throws(ReadinessError)
    -> (String, Terminator)?
  {
    let start = position
    let delimiter = self.delimiter
    let end: Int? = buffer.withUnsafeBufferPointer { bytes in
      var index = start
      while index < bytes.count {
        let byte = bytes[index]
        if byte == delimiter || byte == 10 || byte == 13 { return index }
        if byte == UInt8(ascii: "\"") { return nil }
        index += 1
      }
      return nil
    }
    guard let end else { return nil }
    let length = end - start
    if length > options.maxFieldBytes {
      throw ReadinessError(
        .limitExceeded, "field longer than \(options.maxFieldBytes) bytes",
        at: location(line: startLine, column: startColumn))
    }
    let terminator: Terminator = buffer[end] == delimiter ? .delimiter : .lineEnd
    if length == 0 { return ("", terminator) }
    let text: String
    switch options.encoding {
    case .utf8:
      let decoded: String? = buffer.withUnsafeBufferPointer { bytes in
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if slice.allSatisfy({ $0 < 0x80 }) { return String(decoding: slice, as: UTF8.self) }
        return String(validating: slice, as: UTF8.self)
      }
      guard let decoded else {
        throw ReadinessError(
          .malformedInput, "invalid UTF-8 in this field (expected UTF-8 text; is the file Latin-1?)",
          at: location(line: startLine, column: startColumn))
      }
      text = decoded
    case .latin1:
      var scalars = String.UnicodeScalarView()
      for byte in buffer[start..<end] { scalars.append(Unicode.Scalar(byte)) }
      text = String(scalars)
    }
    position = end
    offset += length
    return (text, terminator)
  }

  @inline(__always)
  private mutating func append(_ byte: UInt8, startLine: Int, startColumn: Int) throws(ReadinessError) {
    if field.count >= options.maxFieldBytes {
      throw ReadinessError(
        .limitExceeded, "field longer than \(options.maxFieldBytes) bytes",
        at: location(line: startLine, column: startColumn))
    }
    field.append(byte)
  }

  private func decode(line: Int, column: Int) throws(ReadinessError) -> String {
    switch options.encoding {
    case .utf8:
      if field.allSatisfy({ $0 < 0x80 }) { return String(decoding: field, as: UTF8.self) }
      guard let text = String(validating: field, as: UTF8.self) else {
        throw ReadinessError(
          .malformedInput,
          "invalid UTF-8 in this field (expected UTF-8 text; is the file Latin-1?)",
          at: location(line: line, column: column))
      }
      return text
    case .latin1:
      var scalars = String.UnicodeScalarView()
      for byte in field { scalars.append(Unicode.Scalar(byte)) }
      return String(scalars)
    }
  }
}
