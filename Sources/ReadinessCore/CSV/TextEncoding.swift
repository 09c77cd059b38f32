/// Checks whether a file is valid UTF-8, streaming it in chunks (a multi-byte sequence split
/// across chunks is carried over). Used to decide, before an import starts, whether a CSV is
/// UTF-8 or a legacy single-byte export (the WGI panel is Latin-1).
public enum TextEncoding {
  /// `true` when every byte sequence of the file is valid UTF-8.
  public static func isValidUTF8(path: String) throws(ReadinessError) -> Bool {
    let source = try ByteSource(path: path)
    var buffer: [UInt8] = []
    var carry: [UInt8] = []
    while source.read(into: &buffer) {
      var bytes = carry + buffer
      carry = []
      // Keep back an incomplete sequence at the end of the chunk.
      var tail = 0
      var index = bytes.count - 1
      while index >= 0 && tail < 4 && bytes[index] & 0xC0 == 0x80 {
        tail += 1
        index -= 1
      }
      if index >= 0 {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        if length > tail + 1 {
          carry = Array(bytes[index...])
          bytes.removeSubrange(index...)
        }
      }
      if String(validating: bytes, as: UTF8.self) == nil { return false }
    }
    if let failure = source.failure { throw failure }
    return carry.isEmpty
  }
}
