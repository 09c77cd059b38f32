import Foundation
import ReadinessCore
import Testing

/// `concurrentMap` is a map: the same results, in index order, as `(0..<count).map` serially.
@Suite("concurrentMap")
struct ConcurrentMapTests {
  @Test(arguments: [0, 1, 2, 7, 1000])
  func sameResultsAsASerialMap(count: Int) {
    let work = { (i: Int) -> [Double] in (0..<(i % 17)).map { sin(Double(i * 31 + $0)) } }
    #expect(concurrentMap(count, work) == (0..<count).map(work))
  }

  /// Each index draws from its own generator, seeded from (seed, index): the draws are the ones a
  /// serial loop makes, on every run, whatever the scheduling.
  @Test func perIndexSeedsAreDeterministic() {
    let draws = { (seed: UInt64) in
      concurrentMap(500, seed: seed) { index, generator in [UInt64(index), generator.next(), generator.next()] }
    }
    let serial = (0..<500).map { index -> [UInt64] in
      var generator = SplitMix64(seed: 42 &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
      return [UInt64(index), generator.next(), generator.next()]
    }
    #expect(draws(42) == serial)
    #expect(draws(42) == draws(42))
    #expect(draws(43) != serial)
    #expect(Set(serial.map { $0[1] }).count == 500, "every index has a stream of its own")
  }

  struct Failure: Error, Equatable { let index: Int }

  /// Every index runs; the error of the lowest failing index is the one rethrown.
  @Test func theLowestIndexErrorIsRethrown() {
    let ran = NSLock()
    nonisolated(unsafe) var count = 0
    #expect(throws: Failure(index: 3)) {
      _ = try concurrentMap(100) { (index: Int) throws(Failure) -> Int in
        ran.lock()
        count += 1
        ran.unlock()
        if index == 3 || index == 60 || index == 99 { throw Failure(index: index) }
        return index
      }
    }
    #expect(count == 100)
  }
}
