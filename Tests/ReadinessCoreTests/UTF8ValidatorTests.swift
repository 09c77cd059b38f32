import Testing

@testable import ReadinessCore

/// `UTF8Validator` against the standard library's own validation (`String(validating:)`), on
/// random byte strings fed in random chunks.
@Suite("UTF-8 validation")
struct UTF8ValidatorTests {
  /// Feeds `bytes` in chunks of the given sizes (cycled).
  static func validate(_ bytes: [UInt8], chunks: [Int]) -> Bool {
    var validator = UTF8Validator()
    var start = 0
    var next = 0
    while start < bytes.count {
      let end = min(bytes.count, start + max(chunks[next % chunks.count], 1))
      next += 1
      _ = bytes[start..<end].withUnsafeBufferPointer { validator.feed($0) }
      start = end
    }
    return validator.isComplete
  }

  @Test(
    "Boundary cases of table 3-7",
    arguments: [
      ([0x41], true), ([0x7F], true), ([0x80], false), ([0xC1, 0xBF], false), ([0xC2, 0x80], true),
      ([0xDF, 0xBF], true), ([0xE0, 0x9F, 0x80], false), ([0xE0, 0xA0, 0x80], true), ([0xED, 0x9F, 0xBF], true),
      ([0xED, 0xA0, 0x80], false), ([0xEF, 0xBB, 0xBF], true), ([0xF0, 0x8F, 0xBF, 0xBF], false),
      ([0xF0, 0x90, 0x80, 0x80], true), ([0xF4, 0x8F, 0xBF, 0xBF], true), ([0xF4, 0x90, 0x80, 0x80], false),
      ([0xF5, 0x80, 0x80, 0x80], false), ([0xFF], false), ([0xE2, 0x82], false), ([0xC3], false),
      ([0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0xC3, 0xA9], true),
      ([0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0xE9], false),
    ] as [([UInt8], Bool)])
  func boundaries(bytes: [UInt8], valid: Bool) {
    #expect((String(validating: bytes, as: UTF8.self) != nil) == valid)
    for size in 1...4 { #expect(Self.validate(bytes, chunks: [size]) == valid) }
  }

  @Test("Agrees with String(validating:) on random input in random chunks")
  func random() {
    var random = SplitMix64(seed: 0x5554_4638)
    // Mostly ASCII with some well-formed sequences and some stray bytes, as real files go wrong.
    let pieces: [[UInt8]] = [
      Array("Côte d'Ivoire,".utf8), Array("São Tomé".utf8), Array("€".utf8), Array("𝄞".utf8),
      Array("abcdefghijklmnop,1.5\n".utf8), [0xE9], [0x80], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90], [0xE2, 0x82],
    ]
    var invalid = 0
    for _ in 0..<3000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int(random.next() % 12) {
        let roll = Int(random.next() % 100)
        // Most strings stay well-formed, so that both answers are exercised.
        let piece = roll < 85 ? pieces[roll % 5] : pieces[Int(random.next() % UInt64(pieces.count))]
        bytes += piece
      }
      let expected = String(validating: bytes, as: UTF8.self) != nil
      if !expected { invalid += 1 }
      let chunks = (0..<3).map { _ in Int(random.next() % 11) + 1 }
      #expect(Self.validate(bytes, chunks: chunks) == expected, "\(bytes) in chunks \(chunks)")
      #expect(Self.validate(bytes, chunks: [max(bytes.count, 1)]) == expected)
    }
    #expect(invalid > 300 && invalid < 2700)
  }
}
