#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import ReadinessCore

/// Reads the first bytes of a file, for format sniffing. Owns a `FILE *`.
final class ByteSourceHead {
  private let handle: UnsafeMutablePointer<FILE>

  init(path: String) throws(ReadinessError) {
    guard let handle = fopen(path, "rb") else {
      let reason = String(cString: strerror(errno))
      throw ReadinessError(.io, "cannot open file: \(reason)", at: SourceLocation(file: path))
    }
    self.handle = handle
  }

  deinit { fclose(handle) }

  func read(count: Int) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: count)
    let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, count, handle) }
    return Array(buffer.prefix(n))
  }

  /// The whole file (used only for small JSON API pages).
  func readAll(limit: Int) throws(ReadinessError) -> [UInt8] {
    var out: [UInt8] = []
    while true {
      let chunk = read(count: 1 << 16)
      if chunk.isEmpty { return out }
      out += chunk
      if out.count > limit {
        throw ReadinessError(.limitExceeded, "file larger than \(limit) bytes")
      }
    }
  }
}
