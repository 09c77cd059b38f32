import Foundation
import ReadinessCore
import Testing

@testable import ReadinessImport

/// ``HandOff``, the bounded channel between a parsing thread and its reader, on its own: blocks
/// arrive in order whatever the capacity, and a stopped reader releases a waiting producer.
@Suite("Hand-off between two threads")
struct HandOffTests {
  /// A producer thread puts 0..<20,000 through channels of capacity 1, 2 and 8, then closes
  /// them; the consumer takes exactly that sequence (the naive reference: the numbers in order,
  /// none lost or repeated), then the end, and the end again when asked once more.
  @Test(arguments: [1, 2, 8])
  func blocksArriveInOrderThenTheEnd(capacity: Int) throws {
    let channel = HandOff<Int>(capacity: capacity)
    let count = 20_000
    let thread = Thread {
      for value in 0..<count { _ = channel.put(value) }
      channel.close()
    }
    thread.start()
    var taken: [Int] = []
    while let value = try channel.take() { taken.append(value) }
    #expect(taken == Array(0..<count))
    #expect(try channel.take() == nil)
  }

  /// Closed with an error, the channel gives every block put before it, then throws the error,
  /// and throws it again on the next call (a reader asked again after a failure).
  @Test func anErrorComesAfterTheBlocksBeforeIt() throws {
    let channel = HandOff<Int>(capacity: 4)
    let failure = ReadinessError(.malformedInput, "broken", at: SourceLocation(file: "f.xml", line: 3))
    let thread = Thread {
      for value in 0..<1_000 { _ = channel.put(value) }
      channel.close(error: failure)
      channel.close()  // a second close changes nothing
    }
    thread.start()
    var taken: [Int] = []
    var thrown: [ReadinessError] = []
    for _ in 0..<1_002 {
      do {
        if let value = try channel.take() { taken.append(value) }
      } catch {
        thrown.append(error)
      }
    }
    #expect(taken == Array(0..<1_000))
    #expect(thrown.map(\.message) == ["broken", "broken"])
  }

  /// A producer waiting for room (capacity 1, one block not taken) is released by ``HandOff/cancel()``:
  /// its `put` returns `false`, and later ones too, without waiting.
  @Test func cancelReleasesAWaitingProducer() {
    let channel = HandOff<Int>(capacity: 1)
    let results = Results()
    let first = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      results.add(channel.put(1))  // room: true
      first.signal()
      results.add(channel.put(2))  // full: waits until cancelled, then false
      results.add(channel.put(3))  // cancelled: false at once
      done.signal()
    }
    thread.start()
    // The first block is in; give the producer time to reach its wait on the second (were it
    // slower, its put would see the cancel at once: false all the same, never a hang).
    first.wait()
    Thread.sleep(forTimeInterval: 0.05)
    channel.cancel()
    let finished = done.wait(timeout: .now() + 30) == .success
    #expect(finished, "the producer was not released")
    #expect(results.values == [true, false, false])
  }

  /// Values from the producer's thread, read after it has signalled.
  final class Results: @unchecked Sendable {  // unchecked: under `lock`
    private let lock = NSLock()
    private var stored: [Bool] = []
    func add(_ value: Bool) { lock.withLock { stored.append(value) } }
    var values: [Bool] { lock.withLock { stored } }
  }
}
