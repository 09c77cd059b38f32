import Foundation
import ReadinessCore

/// A file's SHA-256 computed on another thread while the file is imported (machines have at least
/// two cores; hashing a large file otherwise costs as much as a raw XML walk of it).
///
/// A class because the result is shared between the hashing thread and the importer; every
/// access goes through the semaphore and the lock.
final class BackgroundDigest: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var result: Result<String, ReadinessError>?

  /// Starts hashing `path`.
  init(path: String) {
    Thread.detachNewThread { [self] in
      let outcome = Result { () throws(ReadinessError) -> String in try AtomicFile.sha256(path: path) }
      lock.withLock { result = outcome }
      done.signal()
    }
  }

  /// Waits for the digest.
  func value() throws(ReadinessError) -> String {
    let outcome: Result<String, ReadinessError>? = lock.withLock { result }
    if let outcome { return try outcome.get() }
    done.wait()
    done.signal()
    return try lock.withLock { result! }.get()
  }
}
