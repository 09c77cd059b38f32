import CLibXML2
import ReadinessCore

/// The node-by-node reading the XML importers do: served live by ``XMLStreamReader`` or, with
/// libxml2 parsing on a thread of its own, replayed by ``PipelinedXMLReader``.
protocol XMLNodeReader: AnyObject {
  /// The file name used in error locations.
  var fileName: String { get }
  /// Advances to the next node and returns its type; `nil` at the end of the document.
  ///
  /// - Throws: ``ReadinessError`` for malformed XML or a refused construct (DTD, entity).
  func readNode() throws(ReadinessError) -> XMLStreamReader.NodeType?
  var nodeType: XMLStreamReader.NodeType { get }
  var depth: Int { get }
  var isEmptyElement: Bool { get }
  /// The line of the current node.
  var line: Int { get }
  /// A number standing for the local name: equal names have equal ids within one reader (-1
  /// once names are no longer interned; compare ``localName`` then).
  var localNameID: Int { get }
  /// The local name (without prefix).
  var localName: String { get }
  /// The text value of a text node.
  var value: String? { get }
  /// Calls `body` with each attribute of the current element that has no namespace, in document
  /// order: its name and its value's bytes. The value is a `Span`: every read is checked against
  /// its end, and it cannot outlive the call (libxml2's buffer, or the record block, it views is
  /// reused after it); no pointer of the reader's reaches an importer.
  func forEachPlainAttribute(_ body: (XMLStreamReader.AttributeName, Span<UInt8>) throws -> Void) rethrows
  /// The text of an attribute's name met in ``forEachPlainAttribute(_:)``.
  func text(of name: XMLStreamReader.AttributeName) -> String
  /// An attribute of the current element by name (a name without a prefix: the attribute without
  /// a namespace).
  func attribute(_ name: String) -> String?
}

extension XMLNodeReader {
  /// Advances to the next node; `false` at the end of the document.
  ///
  /// - Throws: ``ReadinessError`` for malformed XML or a refused construct (DTD, entity).
  func read() throws(ReadinessError) -> Bool {
    try readNode() != nil
  }

  /// The element's attributes that have no namespace (SDMX components), in document order.
  /// Namespaced attributes (`xsi:type`, `data:structureRef`) and namespace declarations are left out.
  func plainAttributes() -> [(name: String, value: String)] {
    var out: [(name: String, value: String)] = []
    forEachPlainAttribute { name, value in out.append((text(of: name), value.string)) }
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
}

extension Span where Element == UInt8 {
  /// The bytes as a string (UTF-8, invalid sequences repaired).
  var string: String { withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } }
}
