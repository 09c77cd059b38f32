import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

/// FIPS 180-4 / NIST example vectors.
@Suite("SHA-256")
struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func vectors(message: String, digest: String) {
    #expect(SHA256.hex(Array(message.utf8)) == digest)
  }

  @Test func millionAs() {
    var hasher = SHA256()
    hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
    #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  /// Fed in pieces (of every size around the 64-byte block), the digest is the one-shot digest;
  /// a copy taken half-way goes on independently (the type is a value).
  @Test func piecesAndCopies() {
    let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
    for cut in 0...message.count {
      var hasher = SHA256()
      hasher.update(message[..<cut])
      var copy = hasher
      hasher.update(message[cut...])
      #expect(hasher.finalizeHex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
      copy.update(Array("!".utf8))
      #expect(copy.finalizeHex() == SHA256.hex(message[..<cut] + Array("!".utf8)))
    }
    // After finalizing, the hasher starts again.
    var hasher = SHA256()
    hasher.update(Array("xyz".utf8))
    _ = hasher.finalizeHex()
    hasher.update(Array("abc".utf8))
    #expect(hasher.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    // A sequence without contiguous storage.
    #expect(
      SHA256.hex("abc".utf8.lazy.map { $0 }) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }
}

@Suite("Fixed-decimal formatting")
struct FixedFormattingTests {
  /// Against the reference implementation, String(format: "%.6f"), on random values of every
  /// magnitude and sign (ties at exactly half a millionth are rare in binary and skipped).
  @Test(arguments: [UInt64(1), 2, 3])
  func matchesPrintf(seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    for _ in 0..<5000 {
      let magnitude = pow(10, Double(Int(generator.next() % 14)) - 6)
      let value = (Double(generator.next() >> 11) / Double(1 << 53) - 0.5) * 2 * magnitude
      let reference = String(format: "%.6f", value)
      let scaledFraction = abs(value) * 1_000_000 - (abs(value) * 1_000_000).rounded(.down)
      if abs(scaledFraction - 0.5) < 1e-6 { continue }
      #expect(formatFixed6(value) == (reference == "-0.000000" ? "0.000000" : reference), "\(value)")
    }
    #expect(formatFixed6(68.38) == "68.380000")
    #expect(formatFixed6(-0.5) == "-0.500000")
  }
}
