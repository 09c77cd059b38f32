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
  private var consumedInMemory = false
  let chunkSize: Int

  /// Opens `path` for reading.
  init(path: String, chunkSize: Int = 1 << 18) throws(ReadinessError) {
    guard let handle = fopen(path, "rb") else {
      let reason = String(cString: strerror(errno))
      throw ReadinessError(.io, "cannot open file: \(reason)", at: SourceLocation(file: path))
    }
    self.handle = handle
    self.bytes = nil
    self.chunkSize = chunkSize
  }

  /// Serves bytes already in memory (tests, downloaded responses).
  init(bytes: [UInt8]) {
    self.handle = nil
    self.bytes = bytes
    self.chunkSize = max(bytes.count, 1)
  }

  deinit {
    if let handle { fclose(handle) }
  }

  /// Replaces `buffer` with the next chunk; returns `false` at end of input.
  func read(into buffer: inout [UInt8]) -> Bool {
    if let bytes {
      if consumedInMemory { return false }
      consumedInMemory = true
      buffer = bytes
      return !bytes.isEmpty
    }
    if buffer.count != chunkSize { buffer = [UInt8](repeating: 0, count: chunkSize) }
    let n = buffer.withUnsafeMutableBytes { raw in
      fread(raw.baseAddress, 1, chunkSize, handle)
    }
    if n == 0 { return false }
    if n < chunkSize { buffer.removeSubrange(n...) }
    return true
  }
}
