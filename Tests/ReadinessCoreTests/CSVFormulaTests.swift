import Testing

@testable import ReadinessCore

/// CSV formula injection (OWASP): text that a spreadsheet would run as a formula is written with
/// a `'` before it; numbers are written as numbers.
@Suite struct CSVFormulaTests {
  @Test(arguments: [
    "=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tx", "\r=1", "＝1+1", "-", "+",
    "=",
    "-1.5 percent",
  ])
  func formulaTextIsNeutralised(text: String) throws {
    let written = CSVWriter.field(text)
    #expect(written.hasPrefix("'") || written.hasPrefix("\"'"), "\(text) written as \(written)")
    // Quoted or not, the cell reads back as the text with a `'` before it.
    var reader = try CSVReader(string: "h,i\n" + written + ",x\n", options: CSVOptions(delimiter: UInt8(ascii: ",")))
    _ = try reader.next()
    let cell = try reader.next()?.fields.first
    #expect(cell == "'" + text, "\(text) written as \(written)")
  }

  @Test(arguments: ["-1.5", "+2", "-0", "-1e-5", "-123456789.125", "1.5", "0"])
  func numbersAreWrittenAsNumbers(text: String) {
    #expect(CSVWriter.field(text) == text)
    #expect(CSVWriter.field(CSVWriter.number(-1.5)) == "-1.5")
  }

  @Test func plainTextIsUnchanged() {
    #expect(CSVWriter.row(["Malaysia", "a=b", "x-y", "Korea, Rep."]) == "Malaysia,a=b,x-y,\"Korea, Rep.\"\n")
  }
}
