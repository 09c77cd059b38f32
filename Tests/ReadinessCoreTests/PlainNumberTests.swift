import Testing
import _ReadinessTestSupport

@testable import ReadinessCore

/// `parsePlainNumber` against Swift's own correctly rounded `Double(_:)`: the fast path must give
/// the same bits, and text it cannot take must fall back to the same answer.
@Suite struct PlainNumberTests {
  /// `Double(_:)` within the range the importers accept: finite, and not a nonzero decimal
  /// that underflows to zero or to a subnormal.
  static func reference(_ text: String) -> Double? {
    guard let value = Double(text), value.isFinite else { return nil }
    let mantissa = text.prefix { $0 != "e" && $0 != "E" }
    if value.isSubnormal || (value == 0 && mantissa.contains(where: { ("1"..."9").contains($0) })) { return nil }
    return value
  }

  @Test(arguments: [
    "0", "-0", "+0", "0.05", "85.5", "1.2e+006", "1.2E-6", "-3.14159", ".5", "5.", "-.5e3", "007", "0.000001",
    "123456789012345678", "9007199254740993", "1e22", "1e23", "1e-22", "1e-23", "4.35", "0.1", "0.3",
    "2.2250738585072014e-308", "1e999", "1e", "e5", "-", "+", ".", "1-2", "1e5.5", "--1", "1.2.3", "",
    "99999999999999999999", "0.00000000000000000000000000001", "17976931348623157e292",
    "12345678", "1234567890123456789", "12345678901234567890", "00000000123456789012345678", "0.1234567812345678",
    "15.4428229480349", "0.00472256824217368", "9007199254740992.5", "12345678.87654321e-5", "1234567a", "12345678.a",
  ])
  func agreesWithDoubleOnAwkwardText(text: String) {
    let got = parsePlainNumber(text)
    let want = PlainNumberTests.reference(text)
    #expect(got?.bitPattern == want?.bitPattern, "\(text): \(String(describing: got)) vs \(String(describing: want))")
  }

  @Test func agreesWithDoubleOnRandomDecimals() {
    var generator = SeededGenerator(seed: 2026)
    let alphabet = Array("0123456789.-+eE")
    var fast = 0
    for round in 0..<200_000 {
      let text: String
      if round % 4 == 1 {
        // Long runs of digits with leading zeros: eight at a time, and across the 19-digit limit.
        func run() -> String {
          String(repeating: "0", count: Int.random(in: 0...9, using: &generator))
            + String(
              (0..<Int.random(in: 0...22, using: &generator)).map { _ in "0123456789".randomElement(using: &generator)!
              })
        }
        text = run() + (Bool.random(using: &generator) ? "." + run() : "")
      } else if round % 2 == 0 {
        // Realistic: statistical offices' decimals and exponents.
        let integer = String(
          UInt64.random(in: 0...UInt64(1) << UInt64.random(in: 1...60, using: &generator), using: &generator))
        let fraction = String(UInt64.random(in: 0...999_999_999, using: &generator)).prefix(
          Int.random(in: 0...9, using: &generator))
        var candidate = (Bool.random(using: &generator) ? "-" : "") + integer
        if !fraction.isEmpty { candidate += "." + fraction }
        if Int.random(in: 0..<4, using: &generator) == 0 {
          candidate += "e" + String(Int.random(in: -30...30, using: &generator))
        }
        text = candidate
      } else {
        text = String(
          (0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
      }
      let got = parsePlainNumber(text)
      let want = PlainNumberTests.reference(text)
      if got?.bitPattern != want?.bitPattern {
        Issue.record("\(text): \(String(describing: got)) vs \(String(describing: want))")
        return
      }
      if case .value = text.utf8.withContiguousStorageIfAvailable({ PlainNumber.parse($0) }) { fast += 1 }
      // The bytes-only fast path answers the same or leaves the text to the full parse.
      var bytes = Array(text.utf8)
      if let quick = bytes.withUnsafeMutableBufferPointer({ parseFastPlainNumber(UnsafeBufferPointer($0)) }),
        quick.bitPattern != want?.bitPattern
      {
        Issue.record("bytes \(text): \(quick) vs \(String(describing: want))")
        return
      }
    }
    // The fast path must actually be taken for most realistic values.
    #expect(fast > 60_000)
  }

  @Test func textOutsideThePlainAlphabetIsLeftToTheFullChecks() {
    for text in [" 1", "1 ", "1,5", "NA", "..", "nan", "inf", "0x10", "1_000", "١٢"] {
      #expect(parsePlainNumber(text) == nil, "\(text)")
    }
  }
}

/// `trimmingSpaces()` against the plain Character-by-Character trim it speeds up.
@Suite("Trimming spaces")
struct TrimmingSpacesTests {
  static func reference(_ text: String) -> String {
    var characters = Array(text)
    while let first = characters.first, first == " " || first == "\t" { characters.removeFirst() }
    while let last = characters.last, last == " " || last == "\t" { characters.removeLast() }
    return String(characters)
  }

  @Test(arguments: ["", " ", "\t\t", "a", " a ", "\tKorea, Rep.\t", "é ", " \u{301}", "a \u{301}", " \u{301} ", "ABW"])
  func examples(text: String) {
    #expect(text.trimmingSpaces() == Self.reference(text))
  }

  @Test func agreesOnRandomText() {
    var generator = SeededGenerator(seed: 7)
    let alphabet: [String] = [" ", "\t", "a", "é", "\u{301}", "🇲🇾", ","]
    for _ in 0..<5000 {
      let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        .joined()
      #expect(text.trimmingSpaces() == Self.reference(text), "\(Array(text.unicodeScalars))")
    }
  }
}
