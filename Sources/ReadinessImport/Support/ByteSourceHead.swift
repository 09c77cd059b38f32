import Foundation
import ReadinessCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads the first bytes of a file, for format sniffing. Owns a `FILE *`.
final class ByteSourceHead {
  private let handle: UnsafeMutablePointer<FILE>

  init(path: String) throws(ReadinessError) {
    guard let handle = fopen(path, "rb") else {
      throw ReadinessError.cannotOpen(path, reason: String(cString: strerror(errno)))
    }
    self.handle = handle
  }

  deinit { fclose(handle) }

  func read(count: Int) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: count)
    let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, count, handle) }
    return Array(buffer.prefix(n))
  }

  /// `true` when the last read failed (as opposed to reaching the end).
  var failed: Bool { ferror(handle) != 0 }

  /// The whole file (JSON messages, which are decoded whole), refusing files over `limit` bytes.
  func readAll(limit: Int, file: String) throws(ReadinessError) -> [UInt8] {
    var out: [UInt8] = []
    while true {
      let chunk = read(count: 1 << 16)
      if failed { throw ReadinessError(.io, "read error", at: SourceLocation(file: file)) }
      if chunk.isEmpty { return out }
      out += chunk
      if out.count > limit {
        throw ReadinessError(
          .limitExceeded, "larger than \(limit >> 20) MiB, the limit for JSON messages (they are decoded whole)",
          at: SourceLocation(file: file))
      }
    }
  }
}

/// The most useful text of a JSONSerialization error: its debug description carries the position.
func jsonErrorDetail(_ error: any Error) -> String {
  let nsError = error as NSError
  return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
}
