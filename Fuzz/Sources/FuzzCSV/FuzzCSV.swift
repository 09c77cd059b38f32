import ReadinessCore

/// libFuzzer entry: the CSV reader must either read every record or throw a ReadinessError —
/// never crash, hang or read out of bounds — for any bytes, with every delimiter and encoding;
/// records read as bytes (`nextRow`) must be the same as records read as text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  for options in [
    CSVOptions(), CSVOptions(delimiter: UInt8(ascii: ";")), CSVOptions(encoding: .latin1, maxFieldBytes: 64),
  ] {
    do {
      var reader = try CSVReader(bytes: bytes, name: "fuzz", options: options)
      var records = 0
      while let record = try reader.next() {
        records += 1
        precondition(record.fields.count == record.columns.count, "every field has a column")
        precondition(record.line >= 1)
      }
      precondition(records <= size + 1, "no more records than bytes")
    } catch {
      // Errors are fine; crashes are not.
    }
    // Records read as bytes are the same records, and fail the same way.
    var asText: [String] = []
    var asBytes: [String] = []
    if var reader = try? CSVReader(bytes: bytes, name: "fuzz", options: options) {
      do {
        while let record = try reader.next() { asText.append("\(record.line) \(record.columns) \(record.fields)") }
      } catch { asText.append("\(error)") }
    }
    if var reader = try? CSVReader(bytes: bytes, name: "fuzz", options: options) {
      do {
        while let row = try reader.nextRow() {
          let record = row.record
          asBytes.append("\(record.line) \(record.columns) \(record.fields)")
        }
      } catch { asBytes.append("\(error)") }
    }
    precondition(asText == asBytes, "next() and nextRow() disagree")
  }
  return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

/// SwiftPM links an executable's entry point as `<target>_main`; hand control to libFuzzer.
@_cdecl("FuzzCSV_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  var count = argc
  var arguments = argv
  return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
