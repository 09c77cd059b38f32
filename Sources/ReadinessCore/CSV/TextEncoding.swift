/// Checks whether a file is valid UTF-8, streaming it in chunks (a multi-byte sequence split
/// across chunks is carried over). Used to decide, before an import starts, whether a CSV is
/// UTF-8 or a legacy single-byte export (the WGI panel is Latin-1).
public enum TextEncoding {
  /// Why the first bytes of a file show it is not UTF-8 or Latin-1 text, or `nil`: a UTF-16 or
  /// UTF-32 byte-order mark (naming what the text looks like: XML, JSON or other text), or
  /// binary data (NUL bytes in more than 1/16 of them: `/dev/zero`, a spreadsheet's .xls, UTF-16
  /// without a mark). A stray NUL or two is left to the readers, which report its line.
  public static func notTextProblem(head: [UInt8]) -> String? {
    if let problem = unicodeEncodingProblem(head: head) { return problem }
    let nuls = head.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
    if nuls >= 4 && nuls > head.count / 16 {
      return "the file holds binary data, not text (\(nuls) of its first \(head.count) bytes are NUL); "
        + "expected UTF-8 (or Latin-1) text"
    }
    return nil
  }

  /// The UTF-16 or UTF-32 part of ``notTextProblem(head:)``: a byte-order mark, named with what
  /// the text looks like (XML, JSON or other text); `nil` otherwise.
  public static func unicodeEncodingProblem(head: [UInt8]) -> String? {
    func looksLike(_ decoded: String) -> String {
      let start = decoded.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
      if start.hasPrefix("<") { return "XML" }
      if start.hasPrefix("{") || start.hasPrefix("[") { return "JSON" }
      return "text"
    }
    func utf16(bigEndian: Bool) -> String {
      var units: [UInt16] = []
      var index = 2
      while index + 1 < head.count {
        let first = UInt16(head[index])
        let second = UInt16(head[index + 1])
        units.append(bigEndian ? (first << 8) | second : (second << 8) | first)
        index += 2
      }
      return String(decoding: units, as: UTF16.self)
    }
    if head.starts(with: [0xFF, 0xFE, 0, 0]) || head.starts(with: [0, 0, 0xFE, 0xFF]) {
      return "the file is UTF-32 text; it must be UTF-8 (re-save it as UTF-8, e.g. iconv -f UTF-32 -t UTF-8)"
    }
    for (mark, bigEndian, name) in [([UInt8(0xFF), 0xFE], false, "UTF-16LE"), ([0xFE, 0xFF], true, "UTF-16BE")]
    where head.starts(with: mark) {
      return "the file is \(name) \(looksLike(utf16(bigEndian: bigEndian))) (it starts with a UTF-16 byte-order mark); "
        + "it must be UTF-8: re-save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)"
    }
    return nil
  }

  /// `true` when every byte sequence of the file is valid UTF-8. Stops reading at the first
  /// ill-formed one.
  public static func isValidUTF8(path: String) throws(ReadinessError) -> Bool {
    let source = try ByteSource(path: path)
    var buffer: [UInt8] = []
    var validator = UTF8Validator()
    while source.read(into: &buffer) {
      if !buffer.withUnsafeBufferPointer({ validator.feed($0) }) { return false }
    }
    if let failure = source.failure { throw failure }
    return validator.isComplete
  }
}
