import Testing

@testable import ReadinessCore

/// Numbers from data are read strictly: what `Double(_:)` would quietly cut, reinterpret or
/// round to zero is refused, with a message that says why.
@Suite struct StrictNumberTests {
  @Test(arguments: ["5\u{0}0", "78\u{0}.788", "\u{0}1", "1\u{0}"])
  func aNulByteInsideANumberIsRefused(text: String) {
    #expect(parseStatisticalNumber(text) == nil)
    #expect(parsePlainNumber(text) == nil)
    #expect(describeRefusedNumber(text).contains("NUL byte"))
    // The message shows the byte escaped, never raw.
    #expect(!describeRefusedNumber(text).unicodeScalars.contains("\u{0}"))
  }

  @Test(arguments: ["0x1A", "0X1a", "-0x10", "+0x1p3", "0x1.8p1", "0x"])
  func hexadecimalIsRefused(text: String) {
    #expect(Double(text) != nil || text == "0x", "the standard library accepts \(text); the importers must not")
    #expect(parseStatisticalNumber(text) == nil)
    #expect(parsePlainNumber(text) == nil)
    #expect(describeRefusedNumber(text).contains("hexadecimal"))
  }

  @Test(arguments: ["1e400", "-1e400", "1e-400", "-1e-400", "4.9e-324", "1e-310", "0.000001e-320"])
  func bothEndsOfTheRangeAreRefusedAlike(text: String) {
    #expect(parseStatisticalNumber(text) == nil)
    #expect(parsePlainNumber(text) == nil)
    #expect(describeRefusedNumber(text).contains("is out of range"), "\(describeRefusedNumber(text))")
  }

  @Test func zeroWrittenWithAnyExponentIsStillZeroAndTheRangeEndsAreKept() {
    #expect(parseStatisticalNumber("0e-400") == 0)
    #expect(parseStatisticalNumber("0.000e999") == 0)
    #expect(parseStatisticalNumber("2.2250738585072014e-308") == Double.leastNormalMagnitude)
    #expect(parseStatisticalNumber("1.7976931348623157e308") == Double.greatestFiniteMagnitude)
    #expect(parseStatisticalNumber("-1.5") == -1.5)
    #expect(parseStatisticalNumber(" 1.2e+006 ") == 1_200_000)
  }

  @Test func errorsEscapeControlCharacters() {
    let error = ReadinessError(
      .unexpectedContent, "name \"\u{1B}[31mRed\u{7}\" is unknown", at: SourceLocation(file: "f.csv", line: 2))
    #expect(error.description == "f.csv:2: name \"\\u{1B}[31mRed\\u{7}\" is unknown")
    #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
  }
}

@Suite struct SuggestionTests {
  @Test func editDistanceCountsSwapsAsOne() {
    #expect(editDistance("scroe", "score") == 1)
    #expect(editDistance("MAL", "MLI") == 2)
    #expect(editDistance("kitten", "sitting") == 3)
    #expect(editDistance("", "abc") == 3)
  }
}
