import Foundation

/// Writes files atomically: to a temporary file in the same folder, then renamed over the
/// target, so a reader never sees a half-written report.
public enum AtomicFile {
  /// Writes `bytes` to `path`, creating parent folders.
  public static func write(_ bytes: [UInt8], to path: String) throws(ReadinessError) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
      var moved = false
      defer { if !moved { try? FileManager.default.removeItem(at: temporary) } }
      guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
        throw ReadinessError(.io, "cannot create a temporary file beside it", at: SourceLocation(file: path))
      }
      let handle = try FileHandle(forWritingTo: temporary)
      try handle.write(contentsOf: Data(bytes))
      try handle.synchronize()  // the bytes reach the disk before the name points at them
      try handle.close()
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        throw ReadinessError(.io, "cannot move the new file into place: \(reason)", at: SourceLocation(file: path))
      }
      moved = true
    } catch let error as ReadinessError {
      throw error
    } catch {
      throw ReadinessError(.io, "cannot write file: \(error.localizedDescription)", at: SourceLocation(file: path))
    }
  }

  /// Writes UTF-8 text to `path`.
  public static func write(_ text: String, to path: String) throws(ReadinessError) {
    try write(Array(text.utf8), to: path)
  }

  /// The SHA-256 of a file's bytes, streamed.
  public static func sha256(path: String) throws(ReadinessError) -> String {
    try sha256(path: path, isCancelled: { false })!
  }

  /// ``sha256(path:)`` that stops between chunks once `isCancelled` answers `true` (a failed
  /// import no longer needs it), giving `nil`.
  public static func sha256(path: String, isCancelled: () -> Bool) throws(ReadinessError) -> String? {
    let source = try ByteSource(path: path)
    var hasher = SHA256()
    var buffer: [UInt8] = []
    while source.read(into: &buffer) {
      if isCancelled() { return nil }
      hasher.update(buffer)
    }
    if let failure = source.failure { throw failure }
    return hasher.finalizeHex()
  }
}
