/// Checks whether a file is valid UTF-8, streaming it in chunks (a multi-byte sequence split
/// across chunks is carried over). Used to decide, before an import starts, whether a CSV is
/// UTF-8 or a legacy single-byte export (the WGI panel is Latin-1).
public enum TextEncoding {
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
