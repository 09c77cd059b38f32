import Foundation
import ReadinessCore

/// A file's SHA-256 computed on another thread while the file is imported (machines have at least
/// two cores; hashing a large file otherwise costs as much as a raw XML walk of it).
///
/// A class because the result is shared between the hashing thread and the importer; every
/// access goes through the semaphore and the lock. The thread must be joined with ``finish()``
/// on every path, the failing ones included: a process that exits while it still hashes can die
/// by a signal after printing its error (libcrypto and the file torn down under the thread).
final class BackgroundDigest: @unchecked Sendable {  // unchecked: state guarded by `lock` and `done`
  private let done = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var result: Result<String?, ReadinessError>?
  private var cancelled = false

  /// Starts hashing `path`.
  init(path: String) {
    Thread.detachNewThread { [self] in
      let outcome = Result { () throws(ReadinessError) -> String? in
        try AtomicFile.sha256(path: path, isCancelled: { self.lock.withLock { self.cancelled } })
      }
      lock.withLock { result = outcome }
      done.signal()
    }
  }

  /// Waits for the digest.
  func value() throws(ReadinessError) -> String {
    join()
    let outcome = lock.withLock { result! }
    guard let digest = try outcome.get() else {
      throw ReadinessError(.io, "the file's digest was not computed (cancelled)")
    }
    return digest
  }

  /// Stops the hashing if it is still running (its digest is no longer wanted) and waits for
  /// its thread to end. Safe to call more than once, and after ``value()``.
  func finish() {
    lock.withLock { cancelled = true }
    join()
  }

  /// Waits until the thread has stored its outcome (and so no longer touches the file or
  /// libcrypto); the signal is passed on so that any number of waits return.
  private func join() {
    done.wait()
    done.signal()
  }
}
