import Foundation
import ReadinessCore

/// Runs `body` on a task of its own and waits for it: the bridge from the synchronous commands to
/// the asynchronous PostgreSQL code. The commands' `run()` is called on a thread of Swift's task
/// pool (ArgumentParser's async `main`), which waits here; the task prefers an executor of its own
/// (a thread started for it), so it never needs a pool thread, even where the pool has one.
@discardableResult
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
  let box = ResultBox<T>()
  let done = DispatchSemaphore(value: 0)
  let operation: @Sendable () async -> Void = {
    do {
      box.set(.success(try await body()))
    } catch {
      box.set(.failure(error))
    }
    done.signal()
  }
  if #available(macOS 15, *) {
    let executor = ThreadExecutor()
    Task.detached(executorPreference: executor, operation: operation)
    done.wait()
    executor.stop()
  } else {
    Task.detached(operation: operation)
    done.wait()
  }
  return try box.get()
}

/// A task executor running its jobs on one thread of its own, until stopped.
@available(macOS 15, *)
private final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
  private let condition = NSCondition()
  private var jobs: [UnownedJob] = []
  private var stopped = false

  init() {
    let thread = Thread { [self] in run() }
    thread.name = "readiness-postgres"
    thread.start()
  }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    condition.withLock {
      jobs.append(job)
      condition.signal()
    }
  }

  func stop() {
    condition.withLock {
      stopped = true
      condition.signal()
    }
  }

  private func run() {
    while true {
      let next: UnownedJob? = condition.withLock {
        while jobs.isEmpty && !stopped { condition.wait() }
        return jobs.isEmpty ? nil : jobs.removeFirst()
      }
      guard let next else { return }
      next.runSynchronously(on: asUnownedTaskExecutor())
    }
  }
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
