@_spi(RowStorage) import ReadinessCore

/// The JSON text of a file's periods, or of its statuses: each as a quoted JSON string
/// (``SeriesData/Encoder/jsonString(_:)``), one after another, and where each starts. Row cells
/// refer to them by index; rows of one file share them, so they are made once per file.
struct JSONStrings {
  private(set) var texts: [String] = []
  private var bytes: [UInt8] = []
  private var starts: [Int32] = [0]

  init() {}

  init(_ texts: [String]) {
    self.texts = texts
    for text in texts {
      bytes += SeriesData.Encoder.jsonString(text)
      starts.append(Int32(truncatingIfNeeded: bytes.count))
    }
  }

  /// Calls `body` with the strings read in place.
  func withView<R>(_ body: (View) -> R) -> R {
    bytes.withUnsafeBufferPointer { bytes in
      starts.withUnsafeBufferPointer { starts in body(View(bytes: bytes, starts: starts)) }
    }
  }

  /// The strings, in place.
  struct View {
    let bytes: UnsafeBufferPointer<UInt8>
    let starts: UnsafeBufferPointer<Int32>

    /// The `index`-th string's JSON text.
    @inline(__always)
    subscript(index: Int32) -> UnsafeBufferPointer<UInt8> {
      let start = Int(starts[Int(index)])
      let end = Int(starts[Int(index) + 1])
      return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
  }
}

/// The elements of some of a row's cells, written straight into memory: each exactly as
/// ``SeriesData/Encoder/append(period:value:status:note:position:)`` writes the observation the
/// cell stands for (see ``ObservationRow/observations``).
///
/// An upper bound of the size is worked out first (``capacity``), then the bytes are written
/// through a pointer: appending them to an array a piece at a time cost more than the JSON itself.
/// The pointer is a ``Cursor`` that knows where its memory ends and checks before every write (as
/// swift-nio's `ByteBuffer` does), so a bound worked out wrong stops the process before a byte
/// lands outside the memory, rather than after.
struct RowElements {
  /// The cells to write.
  let cells: UnsafeBufferPointer<ObservationRow.Cell>
  let periods: JSONStrings.View
  let statuses: JSONStrings.View
  /// The row's note as JSON text, if it has one.
  let note: UnsafeBufferPointer<UInt8>?
  /// The row's line, or `nil` for a row of element positions (each cell's line and index).
  let line: Int?
  /// Whether the series row the elements go in has ``line`` as its own: the elements then leave
  /// their position out (see `SeriesData`).
  let omitsLine: Bool
  /// The row's text, which the cells' texts are ranges of.
  let text: UnsafeBufferPointer<UInt8>

  /// At least the number of bytes ``write(to:first:)`` writes.
  var capacity: Int {
    let noteLength = note?.count ?? 0
    // Brackets, commas, `null` and a position (a line, or `[line,index]`) fit in 64 bytes.
    var total = 0
    for cell in cells {
      let textLength = Int(cell.textEnd - cell.textStart)
      total += 64 + periods[cell.period].count + max(textLength, SeriesData.Encoder.maxNumberLength) + noteLength
      if cell.status >= 0 { total += statuses[cell.status].count }
    }
    return total
  }

  /// Writes the elements into `out` (at least ``capacity`` bytes), comma-separated, `first` (if
  /// any) before the first one; returns the number of bytes written.
  func write(to out: UnsafeMutableBufferPointer<UInt8>, first: UInt8?) -> Int {
    var cursor = Cursor(out)
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: SeriesData.Encoder.maxNumberLength) { digits in
      var lineDigits: UnsafeBufferPointer<UInt8>?
      if let line {
        let count = SeriesData.Encoder.writeDigits(
          UInt64(line.magnitude), negative: line < 0, to: digits.baseAddress!)
        lineDigits = UnsafeBufferPointer(rebasing: digits[..<count])
      }
      var isFirst = true
      for cell in cells {
        if isFirst {
          if let first { cursor.put(first) }
          isFirst = false
        } else {
          cursor.put(UInt8(ascii: ","))
        }
        cursor.put(UInt8(ascii: "["))
        cursor.put(periods[cell.period])
        cursor.put(UInt8(ascii: ","))
        let given = UnsafeBufferPointer(rebasing: text[Int(cell.textStart)..<Int(cell.textEnd)])
        if !given.isEmpty, SeriesData.Encoder.isWrittenAsIs(given, value: cell.value) {
          cursor.put(given)
        } else {
          cursor.write(atMost: SeriesData.Encoder.maxNumberLength) {
            SeriesData.Encoder.writeNumber(cell.value, to: $0)
          }
        }
        let hasMore = cell.status >= 0 || note != nil
        if let lineDigits {
          if !omitsLine {
            cursor.put(UInt8(ascii: ","))
            cursor.put(lineDigits)
          } else if hasMore {
            cursor.put(UInt8(ascii: ","))
            cursor.put("null")
          }
        } else {
          cursor.put(UInt8(ascii: ","))
          cursor.put(UInt8(ascii: "["))
          cursor.write(atMost: Cursor.maxIntegerLength) {
            SeriesData.Encoder.writeDigits(UInt64(cell.line.magnitude), negative: cell.line < 0, to: $0)
          }
          cursor.put(UInt8(ascii: ","))
          cursor.write(atMost: Cursor.maxIntegerLength) {
            SeriesData.Encoder.writeDigits(UInt64(cell.index.magnitude), negative: cell.index < 0, to: $0)
          }
          cursor.put(UInt8(ascii: "]"))
        }
        if hasMore {
          cursor.put(UInt8(ascii: ","))
          if cell.status >= 0 {
            cursor.put(statuses[cell.status])
          } else {
            cursor.put("null")
          }
          if let note {
            cursor.put(UInt8(ascii: ","))
            cursor.put(note)
          }
        }
        cursor.put(UInt8(ascii: "]"))
      }
    }
    return cursor.written
  }

  /// Where the next byte goes, and where the memory ends: every write checks that it fits first.
  struct Cursor {
    /// The most bytes ``SeriesData/Encoder/writeDigits(_:negative:fractionDigits:to:)`` writes
    /// for an integer: the 20 digits of `UInt64.max` and a sign.
    static let maxIntegerLength = 21

    private let start: UnsafeMutablePointer<UInt8>
    private var pointer: UnsafeMutablePointer<UInt8>
    private let end: UnsafeMutablePointer<UInt8>

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
      start = buffer.baseAddress!
      pointer = start
      end = start + buffer.count
    }

    /// The bytes written so far.
    var written: Int { pointer - start }

    @inline(__always)
    mutating func put(_ byte: UInt8) {
      precondition(pointer < end, "a row's elements outgrew their bound")
      pointer.initialize(to: byte)
      pointer += 1
    }

    @inline(__always)
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
      guard let base = bytes.baseAddress else { return }
      precondition(end - pointer >= bytes.count, "a row's elements outgrew their bound")
      pointer.initialize(from: base, count: bytes.count)
      pointer += bytes.count
    }

    @inline(__always)
    mutating func put(_ text: StaticString) {
      text.withUTF8Buffer { put($0) }
    }

    /// Lets `body` write at most `limit` bytes at the cursor (checked to fit before) and moves past
    /// the number it returns.
    @inline(__always)
    mutating func write(atMost limit: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
      precondition(end - pointer >= limit, "a row's elements outgrew their bound")
      let count = body(pointer)
      precondition(count <= limit)
      pointer += count
    }
  }
}
