import Foundation
import Testing

@testable import ReadinessStore

/// ``WriterThread``: the rule under which the importer's thread and the writer's share one SQLite
/// connection. Checked on a log of who ran when, not on timings: whatever the scheduling, work
/// sent runs on another thread, in order, and `whenIdle` and `send` run only after all of it.
@Suite("The writer's thread rule")
struct WriterThreadTests {
  /// A log that two threads append to (under a lock).
  final class Log: @unchecked Sendable {  // unchecked: every access under `lock`
    private let lock = NSLock()
    private var entries: [String] = []
    func append(_ entry: String) { lock.withLock { entries.append(entry) } }
    var all: [String] { lock.withLock { entries } }
  }

  @Test func whenIdleWaitsForEveryBatchSent() {
    let log = Log()
    let thread = WriterThread(log)
    for batch in 0..<20 {
      thread.send { log in
        // Slow work: a caller that did not wait would log before it ends.
        Thread.sleep(forTimeInterval: batch % 5 == 0 ? 0.01 : 0)
        log.append("batch \(batch)")
      }
      if batch % 7 == 6 { thread.whenIdle { log in log.append("idle after \(batch)") } }
    }
    thread.whenIdle { log in log.append("end") }
    var expected: [String] = []
    for batch in 0..<20 {
      expected.append("batch \(batch)")
      if batch % 7 == 6 { expected.append("idle after \(batch)") }
    }
    #expect(log.all == expected + ["end"])
  }

  @Test func workRunsOnAnotherThreadAndDeinitWaits() {
    let log = Log()
    let caller = pthread_self()
    do {
      let thread = WriterThread(log)
      thread.send { log in
        Thread.sleep(forTimeInterval: 0.02)
        log.append(pthread_equal(pthread_self(), caller) != 0 ? "on the caller's thread" : "on another thread")
      }
    }
    // The thread object is gone: its deinit waited for the work.
    #expect(log.all == ["on another thread"])
  }
}
