import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

  /// Writes a set of files (relative paths, subfolders allowed) into `folder` so that a failure
  /// (a full disk, a kill) never leaves part of them there: they are written and synced in a
  /// hidden temporary folder beside it (`.NAME.tmp-PID-UUID`), then the folder is renamed into
  /// place when it did not exist, or each file renamed over its old version when it did (files of
  /// the folder not in the set are kept). A temporary folder left by an earlier run that was
  /// killed (its process gone) is removed first.
  public static func writeAll(_ files: [(name: String, text: String)], into folder: String) throws(ReadinessError) {
    let target = URL(fileURLWithPath: folder).standardizedFileURL
    let parent = target.deletingLastPathComponent()
    let prefix = "." + target.lastPathComponent + ".tmp-"
    let manager = FileManager.default
    do {
      try manager.createDirectory(at: parent, withIntermediateDirectories: true)
    } catch {
      throw ReadinessError(
        .io, "cannot create the folder: \(error.localizedDescription)", at: SourceLocation(file: parent.path))
    }
    removeStaleTemporaryFolders(in: parent.path, prefix: prefix)
    let temporary = parent.appendingPathComponent(prefix + "\(getpid())-\(UUID().uuidString)")
    var done = false
    defer { if !done { try? manager.removeItem(at: temporary) } }
    do {
      try manager.createDirectory(at: temporary, withIntermediateDirectories: false)
      for (name, text) in files {
        let url = temporary.appendingPathComponent(name)
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard manager.createFile(atPath: url.path, contents: nil) else {
          throw ReadinessError(
            .io, "cannot create \(name) in a temporary folder beside it", at: SourceLocation(file: folder))
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(text.utf8))
        try handle.synchronize()
      }
    } catch let error as ReadinessError {
      throw error
    } catch {
      throw ReadinessError(
        .io, "cannot write the files (nothing was changed there): \(error.localizedDescription)",
        at: SourceLocation(file: folder))
    }
    var isFolder: ObjCBool = false
    if !manager.fileExists(atPath: target.path, isDirectory: &isFolder) {
      if rename(temporary.path, target.path) != 0 {
        throw ReadinessError(
          .io, "cannot move the new folder into place: \(String(cString: strerror(errno)))",
          at: SourceLocation(file: folder))
      }
      done = true
      return
    }
    guard isFolder.boolValue else {
      throw ReadinessError(.io, "exists and is not a folder", at: SourceLocation(file: folder))
    }
    for (name, _) in files {
      let destination = target.appendingPathComponent(name)
      do {
        try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
      } catch {
        throw ReadinessError(
          .io, "cannot create the folder for \(name): \(error.localizedDescription)", at: SourceLocation(file: folder))
      }
      if rename(temporary.appendingPathComponent(name).path, destination.path) != 0 {
        throw ReadinessError(
          .io, "cannot move \(name) into place: \(String(cString: strerror(errno)))", at: SourceLocation(file: folder))
      }
    }
  }

  /// Removes the temporary folders (`prefix` + `PID-…`) whose process no longer runs.
  static func removeStaleTemporaryFolders(in parent: String, prefix: String) {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
    for entry in entries where entry.hasPrefix(prefix) {
      guard let pid = Int32(entry.dropFirst(prefix.count).prefix { $0.isNumber }) else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH {
        try? FileManager.default.removeItem(atPath: parent + "/" + entry)
      }
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
