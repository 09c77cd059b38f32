import Foundation
import ReadinessCore

/// Runs `body` on a task of its own and waits for it: the bridge from the synchronous commands to
/// the asynchronous PostgreSQL code. The calling thread only waits (the commands run on the main
/// thread, outside Swift's task pool), so the task never waits for it.
@discardableResult
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
  let box = ResultBox<T>()
  let done = DispatchSemaphore(value: 0)
  Task.detached {
    do {
      box.set(.success(try await body()))
    } catch {
      box.set(.failure(error))
    }
    done.signal()
  }
  done.wait()
  return try box.get()
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var result: Result<T, any Error>?

  func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
  func get() throws -> T { try lock.withLock { result! }.get() }
}

/// Temporary folders removed when the process exits (materialised PostgreSQL workspaces).
final class TemporaryFolders: @unchecked Sendable {
  static let shared = TemporaryFolders()
  private let lock = NSLock()
  private var folders: [String] = []

  private init() {
    atexit { TemporaryFolders.shared.removeAll() }
  }

  /// A new empty folder under the system's temporary folder, removed at exit.
  func make(_ prefix: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw ReadinessError.cannotOpen(folder, what: "temporary folder", reason: "\(error)")
    }
    lock.withLock { folders.append(folder) }
    return folder
  }

  func removeAll() {
    let all = lock.withLock {
      defer { folders.removeAll() }
      return folders
    }
    for folder in all { try? FileManager.default.removeItem(atPath: folder) }
  }
}
