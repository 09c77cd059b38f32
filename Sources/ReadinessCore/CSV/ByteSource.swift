#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file in fixed-size chunks, so that readers stream in constant memory.
///
/// A class only because it owns a C `FILE *`, closed in `deinit`.
final class ByteSource {
  private let handle: UnsafeMutablePointer<FILE>?
  private let bytes: [UInt8]?
  private var offset = 0
  private let path: String
  let chunkSize: Int
  /// Set when a read failed (an I/O error, or the path is a folder): callers must not take the
  /// short read for the end of the file.
  private(set) var failure: ReadinessError?

  /// Opens `path` for reading.
  init(path: String, chunkSize: Int = 1 << 18) throws(ReadinessError) {
    guard let handle = fopen(path, "rb") else {
      throw ReadinessError.cannotOpen(path, reason: String(cString: strerror(errno)))
    }
    self.handle = handle
    self.bytes = nil
    self.path = path
    self.chunkSize = chunkSize
  }

  /// Serves bytes already in memory (tests, downloaded responses), in chunks of `chunkSize`
  /// (all at once by default; tests use tiny chunks to exercise chunk boundaries).
  init(bytes: [UInt8], chunkSize: Int? = nil) {
    self.handle = nil
    self.bytes = bytes
    self.path = "<memory>"
    self.chunkSize = max(chunkSize ?? bytes.count, 1)
  }

  deinit {
    if let handle { fclose(handle) }
  }

  /// Replaces `buffer` with the next chunk; returns `false` at end of input.
  func read(into buffer: inout [UInt8]) -> Bool {
    if let bytes {
      guard offset < bytes.count else { return false }
      let end = min(bytes.count, offset + chunkSize)
      buffer = Array(bytes[offset..<end])
      offset = end
      return true
    }
    if buffer.count != chunkSize { buffer = [UInt8](repeating: 0, count: chunkSize) }
    let n = buffer.withUnsafeMutableBytes { raw in
      fread(raw.baseAddress, 1, chunkSize, handle)
    }
    if let handle, ferror(handle) != 0 {
      failure = ReadinessError(
        .io, "read error: \(String(cString: strerror(errno)))", at: SourceLocation(file: path))
      return false
    }
    if n == 0 { return false }
    if n < chunkSize { buffer.removeSubrange(n...) }
    return true
  }
}
