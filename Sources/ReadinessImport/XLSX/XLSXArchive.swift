import Foundation
import ReadinessCore
import ZIPFoundation

/// An Office Open XML workbook (`.xlsx`): a ZIP archive read through ZIPFoundation with limits,
/// its parts parsed with libxml2's streaming reader (``XMLStreamReader``: network off, DTDs and
/// entities refused).
///
/// A class only because it owns the open archive.
///
/// Refused: a file that is not a ZIP archive, an encrypted workbook (an OLE compound file holding
/// an `EncryptedPackage`) or a legacy `.xls`, an entry path that climbs out of the archive (`..`,
/// absolute), a part that inflates past ``Limits/maximumEntryBytes`` or past
/// ``Limits/maximumRatio`` times its compressed size (a ZIP bomb), more than
/// ``Limits/maximumTotalBytes`` inflated in all.
final class XLSXArchive {
  /// Limits against ZIP bombs; counted on the bytes actually inflated, not the sizes the archive
  /// declares.
  struct Limits: Sendable {
    /// The most bytes one part may inflate to.
    var maximumEntryBytes: Int = 1 << 30
    /// The most bytes all parts read may inflate to together.
    var maximumTotalBytes: Int = 2 << 30
    /// The highest inflated/compressed ratio allowed for a part larger than 1 MiB.
    var maximumRatio: Int = 200
    /// The most shared strings' characters kept in memory.
    var maximumSharedStringBytes: Int = 256 << 20
  }

  /// A worksheet: its name as the workbook lists it and the part that holds it.
  struct Sheet: Sendable, Equatable {
    var name: String
    var part: String
  }

  let file: String
  let limits: Limits
  private let archive: Archive
  private var inflatedTotal = 0
  /// Sheets in workbook order.
  private(set) var sheets: [Sheet] = []

  init(file: String, limits: Limits = Limits()) throws(ReadinessError) {
    self.file = file
    self.limits = limits
    let head: [UInt8]
    do { head = try ByteSourceHead(path: file).read(count: 4096) } catch { throw error }
    if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
      let utf16 = Array("EncryptedPackage".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
      let all = (try? ByteSourceHead(path: file).read(count: 1 << 20)) ?? head
      let encrypted = all.indices.contains { start in all[start...].starts(with: utf16) }
      throw ReadinessError(
        .unsupportedFormat,
        encrypted
          ? "an encrypted (password-protected) workbook: open it in a spreadsheet, remove the password and save it as .xlsx"
          : "a legacy Excel 97-2003 (.xls) workbook: save it as .xlsx or CSV",
        at: SourceLocation(file: file))
    }
    guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
      throw ReadinessError(
        .unsupportedFormat, "not a workbook: an .xlsx file is a ZIP archive (it starts with PK)",
        at: SourceLocation(file: file))
    }
    do {
      archive = try Archive(url: URL(fileURLWithPath: file), accessMode: .read)
    } catch {
      throw ReadinessError(.malformedInput, "not a readable ZIP archive: \(error)", at: SourceLocation(file: file))
    }
    for entry in archive {
      let path = entry.path
      if path.hasPrefix("/") || path.hasPrefix("\\") || path.split(separator: "/").contains("..")
        || path.contains("\\..")
      {
        throw ReadinessError(
          .refusedInput, "refused: the archive holds an entry whose path leaves the archive (\(path))",
          at: SourceLocation(file: file))
      }
    }
    sheets = try readSheets()
  }

  /// The sheet named `name`, or the `N`th (from 1) when `name` is a number and no sheet has that name.
  func sheet(_ selector: String?) throws(ReadinessError) -> Sheet {
    guard let selector else {
      guard let first = sheets.first else {
        throw ReadinessError(.unexpectedContent, "the workbook has no worksheet", at: SourceLocation(file: file))
      }
      return first
    }
    if let named = sheets.first(where: { $0.name == selector })
      ?? sheets.first(where: { $0.name.lowercased() == selector.lowercased() })
    {
      return named
    }
    if let number = Int(selector), number >= 1, number <= sheets.count { return sheets[number - 1] }
    throw ReadinessError(
      .notFound,
      "the workbook has no sheet \"\(selector)\"; its sheets: \(sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))",
      at: SourceLocation(file: file))
  }

  /// Whether the archive has a part at `path`.
  func has(_ path: String) -> Bool { archive[path] != nil }

  /// Inflates the part at `path` into memory (for the small parts: workbook, relationships,
  /// styles, shared strings).
  func data(_ path: String, limit: Int) throws(ReadinessError) -> [UInt8] {
    var bytes: [UInt8] = []
    try inflate(path, limit: limit) { chunk in
      bytes.append(contentsOf: chunk)
      return true
    }
    return bytes
  }

  /// Inflates the part at `path`, handing `consume` each chunk, with the limits against ZIP bombs
  /// (per part, its ratio, the archive in all) and its CRC-32 checked at the end; `consume`
  /// returns `false` to stop early (then nothing is thrown).
  func inflate(_ path: String, limit: Int, _ consume: (Data) -> Bool) throws(ReadinessError) {
    guard let entry = archive[path] else {
      throw ReadinessError(.unexpectedContent, "the workbook has no part \(path)", at: SourceLocation(file: file))
    }
    let compressed = max(Int(clamping: entry.compressedSize), 1)
    var inflated = 0
    var refusal: ReadinessError?
    var stopped = false
    struct Stop: Error {}
    do {
      let checksum = try archive.extract(entry, bufferSize: 64 << 10, skipCRC32: false) { chunk in
        inflated += chunk.count
        inflatedTotal += chunk.count
        if inflated > limit {
          refusal = ReadinessError(
            .limitExceeded, "refused: the part \(path) inflates past \(limit >> 20) MiB (a ZIP bomb?)",
            at: SourceLocation(file: file))
        } else if inflated > 1 << 20 && inflated / compressed > limits.maximumRatio {
          refusal = ReadinessError(
            .limitExceeded,
            "refused: the part \(path) inflates more than \(limits.maximumRatio) times its compressed size (a ZIP bomb?)",
            at: SourceLocation(file: file))
        } else if inflatedTotal > limits.maximumTotalBytes {
          refusal = ReadinessError(
            .limitExceeded,
            "refused: the workbook inflates past \(limits.maximumTotalBytes >> 20) MiB in all (a ZIP bomb?)",
            at: SourceLocation(file: file))
        }
        if refusal != nil { throw Stop() }
        if !consume(chunk) {
          stopped = true
          throw Stop()
        }
      }
      // ZIPFoundation computes the checksum of what it hands over but leaves the comparing to us.
      guard checksum == entry.checksum else {
        throw ReadinessError(
          .malformedInput, "cannot inflate the part \(path): its CRC-32 does not match (a damaged workbook)",
          at: SourceLocation(file: file))
      }
    } catch let error as ReadinessError {
      throw error
    } catch {
      if let refusal { throw refusal }
      if stopped { return }
      throw ReadinessError(.malformedInput, "cannot inflate the part \(path): \(error)", at: SourceLocation(file: file))
    }
  }

  /// Sheets from `xl/workbook.xml` and their parts from `xl/_rels/workbook.xml.rels`.
  private func readSheets() throws(ReadinessError) -> [Sheet] {
    let workbookPart = "xl/workbook.xml"
    guard has(workbookPart) else {
      throw ReadinessError(
        .unsupportedFormat, "a ZIP archive without xl/workbook.xml: not an .xlsx workbook",
        at: SourceLocation(file: file))
    }
    var named: [(name: String, id: String)] = []
    try forEachElement(workbookPart) { reader in
      if reader.localName == "sheet", let name = reader.attribute("name") {
        let id = reader.attribute("r:id") ?? reader.attribute(local: "id") ?? ""
        named.append((name, id))
      }
    }
    var targets: [String: String] = [:]
    let relsPart = "xl/_rels/workbook.xml.rels"
    if has(relsPart) {
      try forEachElement(relsPart) { reader in
        if reader.localName == "Relationship", let id = reader.attribute("Id"), let target = reader.attribute("Target")
        {
          targets[id] = target
        }
      }
    }
    return try named.enumerated().map { (index, sheet) throws(ReadinessError) in
      var part = targets[sheet.id] ?? "worksheets/sheet\(index + 1).xml"
      if part.hasPrefix("/") { part.removeFirst() } else { part = "xl/" + part }
      if part.split(separator: "/").contains("..") {
        throw ReadinessError(
          .refusedInput, "refused: sheet \"\(sheet.name)\" points outside the workbook (\(part))",
          at: SourceLocation(file: file))
      }
      return Sheet(name: sheet.name, part: part)
    }
  }

  /// Calls `body` at every start tag of a small part.
  func forEachElement(_ part: String, _ body: (XMLStreamReader) throws(ReadinessError) -> Void) throws(ReadinessError) {
    let bytes = try data(part, limit: 64 << 20)
    let reader = try XMLStreamReader(bytes: bytes, name: "\(file) (\(part))")
    while let type = try reader.readNode() {
      if type == .element { try body(reader) }
    }
  }
}
