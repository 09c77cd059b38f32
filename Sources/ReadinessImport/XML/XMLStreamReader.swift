import CLibXML2
import ReadinessCore

/// A safe streaming XML reader over libxml2's `xmlTextReader`.
///
/// Safety: parses with ``XMLParseOptions/safe`` only, installs a process-wide external
/// entity loader that refuses everything, and refuses any document that declares a DTD
/// (and so any entity) — no statistical format we read needs one. Errors are captured per
/// reader through the structured error handler (never `xmlGetLastError`, which is global
/// and stale) and thrown as ``ReadinessError`` with the line and column.
///
/// A class only because it owns the C reader, freed in `deinit`.
final class XMLStreamReader {
  enum NodeType: Int32 {
    case element = 1, text = 3, cdata = 4, entityReference = 5, entity = 6, processingInstruction = 7
    case comment = 8, documentType = 10, whitespace = 13, significantWhitespace = 14
    case endElement = 15, endEntity = 16, other = -1
  }

  private let reader: xmlTextReaderPtr
  private var memory: [UInt8]?
  let fileName: String
  fileprivate var firstError: (message: String, line: Int, column: Int)?

  private static let setUp: Void = {
    xmlInitParser()
    readiness_install_refusing_entity_loader()
  }()

  /// Opens a file for streaming.
  init(path: String) throws(ReadinessError) {
    _ = XMLStreamReader.setUp
    guard let reader = xmlReaderForFile(path, nil, XMLParseOptions.safe.rawValue) else {
      throw ReadinessError(.io, "cannot open XML file", at: SourceLocation(file: path))
    }
    self.reader = reader
    self.fileName = path
    installErrorHandler()
  }

  /// Reads a document held in memory.
  init(bytes: [UInt8], name: String) throws(ReadinessError) {
    _ = XMLStreamReader.setUp
    let copy = bytes
    self.memory = copy
    let created: xmlTextReaderPtr? = copy.withUnsafeBufferPointer { buffer in
      buffer.baseAddress.flatMap { base in
        base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
          xmlReaderForMemory($0, Int32(buffer.count), name, nil, XMLParseOptions.safe.rawValue)
        }
      }
    }
    guard let created else {
      throw ReadinessError(.malformedInput, "cannot read XML from memory", at: SourceLocation(file: name))
    }
    self.reader = created
    self.fileName = name
    installErrorHandler()
  }

  deinit {
    xmlFreeTextReader(reader)
  }

  private func installErrorHandler() {
    let context = Unmanaged.passUnretained(self).toOpaque()
    xmlTextReaderSetStructuredErrorHandler(
      reader,
      { context, error in
        guard let context, let error else { return }
        let me = Unmanaged<XMLStreamReader>.fromOpaque(context).takeUnretainedValue()
        guard me.firstError == nil else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "XML error"
        me.firstError = (
          message.trimmingSpaces().replacingOccurrencesOfNewlines(), Int(error.pointee.line),
          Int(error.pointee.int2)
        )
      }, context)
  }

  /// Advances to the next node; `false` at the end of the document.
  ///
  /// - Throws: ``ReadinessError`` for malformed XML or a refused construct (DTD, entity).
  func read() throws(ReadinessError) -> Bool {
    let status = xmlTextReaderRead(reader)
    if let firstError {
      throw ReadinessError(
        .malformedInput, "not well-formed XML: \(firstError.message)",
        at: SourceLocation(file: fileName, line: firstError.line, column: firstError.column > 0 ? firstError.column : nil))
    }
    if status < 0 {
      throw ReadinessError(
        .malformedInput, "not well-formed XML", at: SourceLocation(file: fileName, line: line))
    }
    if status == 0 { return false }
    switch nodeType {
    case .documentType:
      throw ReadinessError(
        .refusedInput,
        "the document declares a DTD; DTDs and entities are refused for safety (expected plain XML)",
        at: SourceLocation(file: fileName, line: line))
    case .entityReference, .entity:
      throw ReadinessError(
        .refusedInput, "entity references are refused for safety",
        at: SourceLocation(file: fileName, line: line))
    default:
      return true
    }
  }

  var nodeType: NodeType { NodeType(rawValue: xmlTextReaderNodeType(reader)) ?? .other }
  var depth: Int { Int(xmlTextReaderDepth(reader)) }
  var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
  var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }

  /// The local name (without prefix).
  var localName: String { Self.string(xmlTextReaderConstLocalName(reader)) ?? "" }
  /// The qualified name (with prefix).
  var name: String { Self.string(xmlTextReaderConstName(reader)) ?? "" }
  /// The namespace URI of the node.
  var namespaceURI: String? { Self.string(xmlTextReaderConstNamespaceUri(reader)) }
  /// The text value of a text node.
  var value: String? { Self.string(xmlTextReaderConstValue(reader)) }

  /// An attribute of the current element by qualified name.
  func attribute(_ name: String) -> String? {
    guard let raw = xmlTextReaderGetAttribute(reader, name) else { return nil }
    defer { readiness_xml_free(raw) }
    return String(cString: raw)
  }

  /// An attribute of the current element by local name in any namespace (or none).
  func attribute(local name: String) -> String? {
    if let plain = attribute(name) { return plain }
    guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return nil }
    defer { xmlTextReaderMoveToElement(reader) }
    repeat {
      if localName == name { return value }
    } while xmlTextReaderMoveToNextAttribute(reader) == 1
    return nil
  }

  /// The element's attributes that have no namespace (SDMX components), in document order.
  /// Namespaced attributes (`xsi:type`, `data:structureRef`) and namespace declarations are left out.
  func plainAttributes() -> [(name: String, value: String)] {
    guard xmlTextReaderHasAttributes(reader) == 1, xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return [] }
    defer { xmlTextReaderMoveToElement(reader) }
    var out: [(String, String)] = []
    repeat {
      if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
      if xmlTextReaderConstNamespaceUri(reader) != nil { continue }
      out.append((name, value ?? ""))
    } while xmlTextReaderMoveToNextAttribute(reader) == 1
    return out
  }

  /// Reads the concatenated text content of the current element and moves past its end.
  /// For an empty element returns "".
  func readElementText() throws(ReadinessError) -> String {
    if isEmptyElement { return "" }
    let startDepth = depth
    var text = ""
    while try read() {
      switch nodeType {
      case .text, .cdata, .significantWhitespace, .whitespace:
        text += value ?? ""
      case .endElement where depth == startDepth:
        return text
      default:
        continue
      }
    }
    throw ReadinessError(
      .malformedInput, "document ended inside an element", at: SourceLocation(file: fileName, line: line))
  }

  private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }
}

extension String {
  func replacingOccurrencesOfNewlines() -> String {
    String(map { $0 == "\n" || $0 == "\r" ? " " : $0 })
  }
}
