/// How ``CSVReader`` reads a file.
public struct CSVOptions: Sendable, Hashable {
  /// The text encoding of the file.
  public enum Encoding: String, Sendable, Hashable, CaseIterable {
    /// UTF-8, validated: an invalid byte sequence is an error with its position.
    case utf8
    /// ISO-8859-1, each byte one code point (the WGI panel and some Excel exports).
    case latin1
  }

  /// The field delimiter byte (`,`, `;` or tab), or `nil` to detect it from the first record.
  public var delimiter: UInt8?
  /// The text encoding.
  public var encoding: Encoding
  /// The longest field accepted, in bytes; longer is a ``ReadinessError/Code/limitExceeded``.
  public var maxFieldBytes: Int
  /// The most fields accepted in one record.
  public var maxFieldsPerRecord: Int

  public init(
    delimiter: UInt8? = nil, encoding: Encoding = .utf8, maxFieldBytes: Int = 1 << 20,
    maxFieldsPerRecord: Int = 100_000
  ) {
    self.delimiter = delimiter
    self.encoding = encoding
    self.maxFieldBytes = maxFieldBytes
    self.maxFieldsPerRecord = maxFieldsPerRecord
  }
}
