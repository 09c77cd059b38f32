import Foundation
@_spi(RowStorage) import ReadinessCore
@_spi(RowStorage) import ReadinessImport
@_spi(RowStorage) import ReadinessStore

/// libFuzzer entry for the store's pointer writers (`RowElements`, `SeriesData.Encoder`, the
/// series rows' binding): the first byte picks a format as FuzzImporters does, the rest is the
/// file; whatever the importer emits — single observations and rows — is written into a real
/// workspace, then read back. Every value written must read back (same count, same values bit
/// for bit), and nothing may crash. Each input gets a new workspace.
let reference: ReferenceData = {
  var data = ReferenceData()
  data.add(Country(iso3: "MYS", iso2: "MY", numeric: "458", name: "Malaysia"))
  data.add(Country(iso3: "KEN", iso2: "KE", numeric: "404", name: "Kenya"))
  data.addAggregate(code: "WLD", name: "World")
  return data
}()
// In memory where the system has it (/dev/shm): a workspace per input costs file creation and syncs.
let folder =
  (FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory())
  + "readiness-fuzz-store-\(getpid())"
let path = folder + "/input.dat"
let created: Void = {
  try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
}()

let formats: [ImportFormat?] = [nil] + ImportFormat.allCases.filter { $0 != .selfAssessment && $0 != .dossier }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0 else { return 0 }
  let format = formats[Int(data[0]) % formats.count]
  let body = Data(UnsafeBufferPointer(start: data + 1, count: size - 1))
  _ = created
  guard FileManager.default.createFile(atPath: path, contents: body) else { return 0 }
  for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: folder + "/ws.sqlite" + suffix) }
  let workspace = try! Workspace(path: folder + "/ws.sqlite")
  var written: [Double] = []
  let report: ImportReport
  do {
    report = try workspace.importFile(file: "input.dat", sha256: "input", format: "fuzz") { writer in
      let sink = ObservationSink(
        observation: { (observation: consuming Observation) in
          written.append(observation.value)
          try writer.write(observation)
        },
        row: { row in
          for observation in row.observations { written.append(observation.value) }
          try writer.write(row)
        })
      return try Importers.run(file: path, format: format, context: ImportContext(reference: reference), sink: sink)
    }
  } catch {
    precondition(error is ReadinessError, "importing throws only ReadinessError, got \(error)")
    return 0
  }
  _ = report
  let read = try! workspace.observations().map(\.observation.value)
  precondition(read.count == written.count, "wrote \(written.count) values, read back \(read.count)")
  precondition(
    read.map(\.bitPattern).sorted() == written.map(\.bitPattern).sorted(), "a value changed on its way through the store")
  return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

/// SwiftPM links an executable's entry point as `<target>_main`; hand control to libFuzzer.
@_cdecl("FuzzStore_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  var count = argc
  var arguments = argv
  return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
