import Foundation
import ReadinessCore
import ReadinessImport

/// libFuzzer entry for the file importers. The first byte picks the format (sniffing, or any
/// importer but the self-assessment form, which needs the project's question bank); the rest is
/// the file. Every importer must return or throw a ReadinessError: no crash, no hang.
let reference: ReferenceData = {
  var data = ReferenceData()
  data.add(Country(iso3: "MYS", iso2: "MY", numeric: "458", name: "Malaysia"))
  data.add(Country(iso3: "KEN", iso2: "KE", numeric: "404", name: "Kenya"))
  data.addAggregate(code: "WLD", name: "World")
  return data
}()
let path = NSTemporaryDirectory() + "readiness-fuzz-\(getpid()).dat"

let formats: [ImportFormat?] = [nil] + ImportFormat.allCases.filter { $0 != .selfAssessment && $0 != .dossier }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0 else { return 0 }
  let format = formats[Int(data[0]) % formats.count]
  let body = Data(UnsafeBufferPointer(start: data + 1, count: size - 1))
  guard FileManager.default.createFile(atPath: path, contents: body) else { return 0 }
  do {
    _ = try Importers.run(file: path, format: format, context: ImportContext(reference: reference)) { _ in }
  } catch {
    precondition(error is ReadinessError, "importers throw only ReadinessError, got \(error)")
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
@_cdecl("FuzzImporters_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  var count = argc
  var arguments = argv
  return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
