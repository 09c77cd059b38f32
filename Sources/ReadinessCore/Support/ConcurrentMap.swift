import Dispatch

/// `(0..<count).map(transform)` with the indices spread over the cores
/// (`DispatchQueue.concurrentPerform`). Each index writes only its own slot of a preallocated
/// buffer, so the results come back in index order whatever the scheduling, and no lock is needed.
/// Every index runs; if some throw, the error of the lowest one is rethrown.
public func concurrentMap<T, E: Error>(_ count: Int, _ transform: (Int) throws(E) -> T) throws(E) -> [T] {
  guard count > 0 else { return [] }
  let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
  results.initialize(repeating: nil)
  let errors = UnsafeMutableBufferPointer<E?>.allocate(capacity: count)
  errors.initialize(repeating: nil)
  defer {
    results.deinitialize().deallocate()
    errors.deinitialize().deallocate()
  }
  // Unsafe buffers are not Sendable: each iteration touches only its own index.
  nonisolated(unsafe) let resultSlots = results
  nonisolated(unsafe) let errorSlots = errors
  withoutActuallyEscaping(transform) { transform in
    // The closure is called on several threads at once: callers' closures capture only values
    // that are safe to share (immutable ones, or a counter behind a lock; see the call sites).
    nonisolated(unsafe) let transform = transform
    DispatchQueue.concurrentPerform(iterations: count) { index in
      do throws(E) {
        resultSlots[index] = try transform(index)
      } catch {
        errorSlots[index] = error
      }
    }
  }
  if let error = errors.lazy.compactMap({ $0 }).first { throw error }
  return results.map { $0! }
}

/// ``concurrentMap(_:_:)`` handing each index its own generator, seeded from `seed` and the index
/// (``SplitMix64/init(seed:index:)``): the draws of an index never depend on the scheduling.
public func concurrentMap<T, E: Error>(
  _ count: Int, seed: UInt64, _ transform: (Int, inout SplitMix64) throws(E) -> T
) throws(E) -> [T] {
  try concurrentMap(count) { (index: Int) throws(E) -> T in
    var generator = SplitMix64(seed: seed, index: index)
    return try transform(index, &generator)
  }
}
