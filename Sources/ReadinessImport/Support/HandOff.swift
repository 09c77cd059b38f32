import Foundation
import ReadinessCore

/// Blocks handed from a producing thread to the one consuming them, in order, at most
/// `capacity` waiting, then how the producing ended: the producer waits for room, the consumer
/// for a block. Used where one thread parses (``PipelinedXMLReader``, ``XLSXRowReader``) while
/// another reads what it made.
///
/// A class because both threads share it; `@unchecked Sendable` because all its state is under
/// `condition`.
final class HandOff<Block: Sendable>: @unchecked Sendable {  // unchecked: all state under `condition`
  private let condition = NSCondition()
  private let capacity: Int
  private var queue: [Block] = []
  private var cancelled = false
  /// Set by ``close(error:)``: the producer is done (failed when the error is set).
  private var closed = false
  private var error: ReadinessError?

  /// A channel holding at most `capacity` blocks (at least 1).
  init(capacity: Int) {
    self.capacity = max(1, capacity)
  }

  /// Waits for room and adds `block`; `false` once the consumer has stopped (``cancel()``).
  func put(_ block: Block) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while queue.count >= capacity && !cancelled { condition.wait() }
    if cancelled { return false }
    queue.append(block)
    condition.broadcast()
    return true
  }

  /// The producer is done: after the blocks put before, ``take()`` ends (`nil`) or, with
  /// `error`, throws it; every later call does the same.
  func close(error: ReadinessError? = nil) {
    condition.lock()
    defer { condition.unlock() }
    guard !closed else { return }
    closed = true
    self.error = error
    condition.broadcast()
  }

  /// Waits for the next block; `nil` once the producer has closed the channel and every block is
  /// taken, or the error it closed it with.
  func take() throws(ReadinessError) -> Block? {
    condition.lock()
    defer { condition.unlock() }
    while queue.isEmpty && !closed { condition.wait() }
    if queue.isEmpty {
      if let error { throw error }
      return nil
    }
    let block = queue.removeFirst()
    condition.broadcast()
    return block
  }

  /// The consumer has stopped: blocks waiting are dropped and the producer's next ``put(_:)``
  /// returns `false`.
  func cancel() {
    condition.lock()
    cancelled = true
    queue.removeAll()
    condition.broadcast()
    condition.unlock()
  }
}
