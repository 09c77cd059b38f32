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
final class XMLStreamReader: XMLNodeReader {
  enum NodeType: Int32 {
    case element = 1
    case text = 3
    case cdata = 4
    case entityReference = 5
    case entity = 6
    case processingInstruction = 7
    case comment = 8
    case documentType = 10
    case whitespace = 13
    case significantWhitespace = 14
    case endElement = 15
    case endEntity = 16
    case other = -1
  }

  private let reader: xmlTextReaderPtr
  /// The structural limits' state while a file's bytes are read (see ``maxAttributes``).
  private var limits: UnsafeMutablePointer<readiness_xml_guard>?
  /// The document for `init(bytes:)`, owned here because libxml2 reads it lazily.
  private var memory: UnsafeMutableRawBufferPointer?
  let fileName: String
  fileprivate var firstError: (message: String, line: Int, column: Int)?

  private static let setUp: Void = {
    xmlInitParser()
    readiness_install_refusing_entity_loader()
  }()

  /// Opens a file for streaming.
  convenience init(path: String) throws(ReadinessError) {
    // The file's bytes reach libxml2 through callbacks that check the structural limits first.
    try self.init(name: path, failure: ReadinessError.cannotOpen(path, what: "XML file")) { limits in
      readiness_xml_reader_for_guarded_file(path, Int32(XMLParseOptions.safe.rawValue), limits)
    }
  }

  /// Streams the document read from `descriptor` (the end of a pipe, which the reader takes and
  /// closes in every case); `name` stands for the document in errors.
  convenience init(descriptor: Int32, name: String) throws(ReadinessError) {
    try self.init(
      name: name, failure: ReadinessError(.io, "cannot read the document", at: SourceLocation(file: name))
    ) { limits in
      readiness_xml_reader_for_guarded_fd(descriptor, name, Int32(XMLParseOptions.safe.rawValue), limits)
    }
  }

  /// A reader made by `open` over bytes that pass through a new guard of the structural limits;
  /// `failure` when it cannot be made (the guard's file, if `open` left one, is closed).
  private init(
    name: String, failure: @autoclosure () -> ReadinessError,
    open: (UnsafeMutablePointer<readiness_xml_guard>) -> xmlTextReaderPtr?
  ) throws(ReadinessError) {
    _ = XMLStreamReader.setUp
    let limits = XMLStreamReader.newLimits()
    guard let reader = open(limits) else {
      if let file = limits.pointee.file { fclose(file) }
      limits.deallocate()
      throw failure()
    }
    self.reader = reader
    self.limits = limits
    self.fileName = name
    installErrorHandler()
  }

  /// Reads a document held in memory.
  init(bytes: [UInt8], name: String) throws(ReadinessError) {
    _ = XMLStreamReader.setUp
    guard bytes.count < Int(Int32.max) else {
      throw ReadinessError(
        .limitExceeded, "an in-memory XML document must be under 2 GiB", at: SourceLocation(file: name))
    }
    let limits = XMLStreamReader.newLimits()
    defer { limits.deallocate() }
    _ = bytes.withUnsafeBufferPointer { readiness_xml_guard_scan(limits, $0.baseAddress, $0.count) }
    if let error = XMLStreamReader.limitError(limits, file: name) { throw error }
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
    storage.copyBytes(from: bytes)
    let created = xmlReaderForMemory(
      storage.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), name, nil,
      XMLParseOptions.safe.rawValue)
    guard let created else {
      storage.deallocate()
      throw ReadinessError(.malformedInput, "cannot read XML from memory", at: SourceLocation(file: name))
    }
    self.memory = storage
    self.reader = created
    self.fileName = name
    installErrorHandler()
  }

  deinit {
    xmlFreeTextReader(reader)
    memory?.deallocate()
    limits?.deallocate()
  }

  /// The most attributes one element may have. libxml2 2.9 compares an element's attributes
  /// pairwise (duplicates), so 40,000 of them took ~20 s; SDMX elements have a few dozen.
  static let maxAttributes = 1_000
  /// The longest start tag (name and attributes) accepted, in bytes: as the CSV reader's field.
  static let maxStartTagBytes = 1 << 20

  private static func newLimits() -> UnsafeMutablePointer<readiness_xml_guard> {
    let limits = UnsafeMutablePointer<readiness_xml_guard>.allocate(capacity: 1)
    readiness_xml_guard_init(limits, maxAttributes, maxStartTagBytes)
    return limits
  }

  /// The error for a limit the bytes exceeded, if any.
  private static func limitError(_ limits: UnsafeMutablePointer<readiness_xml_guard>?, file: String) -> ReadinessError?
  {
    guard let state = limits?.pointee, Int(state.violation) != Int(READINESS_XML_OK) else { return nil }
    let at = SourceLocation(file: file, line: state.violationLine)
    switch Int(state.violation) {
    case Int(READINESS_XML_TOO_MANY_ATTRIBUTES):
      return ReadinessError(
        .limitExceeded,
        "an element has more than \(maxAttributes) attributes; refused (no statistical format needs so many)", at: at)
    case Int(READINESS_XML_TAG_TOO_LONG):
      return ReadinessError(
        .limitExceeded, "a start tag is longer than \(maxStartTagBytes / (1 << 20)) MiB; refused", at: at)
    default:
      return ReadinessError(.io, "read error", at: at)
    }
  }

  private func installErrorHandler() {
    let context = Unmanaged.passUnretained(self).toOpaque()
    xmlTextReaderSetStructuredErrorHandler(
      reader,
      { context, error in
        guard let context, let error else { return }
        let me = Unmanaged<XMLStreamReader>.fromOpaque(context).takeUnretainedValue()
        // Warnings (a relative namespace URI, XML 1.1) do not make a document unreadable.
        guard me.firstError == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "XML error"
        me.firstError = (
          message.trimmingSpaces().replacingOccurrencesOfNewlines(), Int(error.pointee.line),
          Int(error.pointee.int2)
        )
      }, context)
  }

  /// Advances to the next node and returns its type; `nil` at the end of the document.
  ///
  /// - Throws: ``ReadinessError`` for malformed XML or a refused construct (DTD, entity).
  func readNode() throws(ReadinessError) -> NodeType? {
    let status = xmlTextReaderRead(reader)
    if let error = XMLStreamReader.limitError(limits, file: fileName) { throw error }
    if let firstError {
      // libxml2 meets a hostile DTD (an entity loop, an external entity) while reading ahead of
      // the DOCTYPE node: that is a refusal for safety, not merely bad XML.
      let entity = firstError.message.lowercased().contains("entity")
      throw ReadinessError(
        entity ? .refusedInput : .malformedInput,
        entity
          ? "entities are refused for safety (\(firstError.message))"
          : "not well-formed XML: \(firstError.message)",
        at: SourceLocation(
          file: fileName, line: firstError.line, column: firstError.column > 0 ? firstError.column : nil))
    }
    if status < 0 {
      throw ReadinessError(
        .malformedInput, "not well-formed XML", at: SourceLocation(file: fileName, line: line))
    }
    if status == 0 { return nil }
    let type = nodeType
    switch type {
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
      return type
    }
  }

  var nodeType: NodeType { NodeType(rawValue: xmlTextReaderNodeType(reader)) ?? .other }
  /// Whether the current node is an element's start tag: attributes are read there only.
  private var isStartTag: Bool { xmlTextReaderNodeType(reader) == NodeType.element.rawValue }
  var depth: Int { Int(xmlTextReaderDepth(reader)) }
  var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
  /// The line of the current node (the parser itself may already be further on).
  var line: Int {
    if let node = xmlTextReaderCurrentNode(reader) {
      let number = xmlGetLineNo(node)
      if number > 0 { return Int(number) }
    }
    return Int(xmlTextReaderGetParserLineNumber(reader))
  }

  /// A number standing for the local name (see ``nameID(_:)``); -1 once names are no longer
  /// interned (then compare ``localName``).
  var localNameID: Int {
    guard let pointer = localNamePointer else { return -1 }
    return nameID(pointer)
  }

  /// Calls `body` with the bytes of the local name (``localName`` without building a string).
  func withLocalNameBytes(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    guard let pointer = localNamePointer else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
    body(UnsafeBufferPointer(start: pointer, count: Int(xmlStrlen(pointer))))
  }

  /// Calls `body` with the bytes of the node's text value (``value`` without building a string;
  /// empty when there is none).
  func withValueBytes(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    guard let pointer = xmlTextReaderConstValue(reader) else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
    body(UnsafeBufferPointer(start: pointer, count: Int(xmlStrlen(pointer))))
  }

  /// The local name (without prefix).
  var localName: String {
    guard let pointer = localNamePointer else { return "" }
    let id = nameID(pointer)
    return id >= 0 ? nameTable.names[id] : String(cString: pointer)
  }

  /// An element's name straight from its node (namespace-aware parsing keeps the local name
  /// there); other nodes through the reader.
  private var localNamePointer: UnsafePointer<xmlChar>? {
    if let node = xmlTextReaderCurrentNode(reader), node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name
    {
      return name
    }
    return xmlTextReaderConstLocalName(reader)
  }

  // Interned names. libxml2 returns every name from its per-document dictionary, so one
  // pointer stands for one name for the reader's life: the table maps pointers to ids and ids
  // to Swift strings, built once each instead of once per element (a large message repeats a
  // handful of names millions of times).
  private var nameTable = NameTable()
  /// Beyond this many distinct names (a hostile file) names are no longer interned.
  static let maxInternedNames = 1 << 16

  /// A small number standing for a name: equal names have equal ids within one reader (-1 once
  /// the table is full; compare names then). Only the reader's dictionary strings live as long
  /// as the reader, so a pointer met for the first time is checked against the dictionary and
  /// only its interned form is remembered (a pointer into a node freed since could otherwise be
  /// reused for another name).
  @inline(__always)
  func nameID(_ pointer: UnsafePointer<xmlChar>) -> Int {
    if let id = nameTable.lookup(pointer) { return id }
    guard let interned = xmlTextReaderConstString(reader, pointer) else { return -1 }
    if interned != pointer, let id = nameTable.lookup(interned) { return id }
    return nameTable.insert(interned)
  }

  /// Open addressing on the pointer's bits; a value type so that a lookup is one access to the
  /// reader's storage.
  private struct NameTable {
    private(set) var names: [String] = []
    private var slots = [UnsafePointer<xmlChar>?](repeating: nil, count: 256)
    private var slotIDs = [Int32](repeating: 0, count: 256)

    func lookup(_ pointer: UnsafePointer<xmlChar>) -> Int? {
      let mask = slots.count - 1
      var slot = (Int(bitPattern: pointer) >> 3) & mask
      while let occupant = slots[slot] {
        if occupant == pointer { return Int(slotIDs[slot]) }
        slot = (slot + 1) & mask
      }
      return nil
    }

    /// Adds a pointer not in the table; -1 when the table is full.
    mutating func insert(_ pointer: UnsafePointer<xmlChar>) -> Int {
      guard names.count < XMLStreamReader.maxInternedNames else { return -1 }
      let mask = slots.count - 1
      var slot = (Int(bitPattern: pointer) >> 3) & mask
      while slots[slot] != nil { slot = (slot + 1) & mask }
      let id = names.count
      names.append(String(cString: pointer))
      slots[slot] = pointer
      slotIDs[slot] = Int32(id)
      if names.count * 2 > slots.count { grow() }
      return id
    }

    private mutating func grow() {
      let old = zip(slots, slotIDs).compactMap { pointer, id in pointer.map { ($0, id) } }
      slots = [UnsafePointer<xmlChar>?](repeating: nil, count: slots.count * 2)
      slotIDs = [Int32](repeating: 0, count: slots.count)
      let mask = slots.count - 1
      for (pointer, id) in old {
        var slot = (Int(bitPattern: pointer) >> 3) & mask
        while slots[slot] != nil { slot = (slot + 1) & mask }
        slots[slot] = pointer
        slotIDs[slot] = id
      }
    }
  }

  /// Calls `body` with each attribute of the current element that has no namespace (SDMX
  /// components), in document order: its name (an ``AttributeName``: the id, and the text when
  /// asked for) and its value's bytes, valid only during the call.
  ///
  /// Walks the element node's attribute list directly (namespace declarations are not on it):
  /// stepping the reader through each attribute cost several calls and two dictionary lookups
  /// per attribute. A value that is not one text node (character references split it) is
  /// joined by libxml2. At an end tag there are none (as ``PipelinedXMLReader`` records them).
  func forEachPlainAttribute(_ body: (AttributeName, Span<UInt8>) throws -> Void) rethrows {
    guard isStartTag, let node = xmlTextReaderCurrentNode(reader), node.pointee.type == XML_ELEMENT_NODE else { return }
    var next = node.pointee.properties
    while let attribute = next {
      next = attribute.pointee.next
      guard attribute.pointee.ns == nil, let pointer = attribute.pointee.name else { continue }
      let name = AttributeName(id: nameID(pointer), pointer: pointer)
      try Self.withValue(of: attribute, in: node) { value in
        try body(name, UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value))).span)
      }
    }
  }

  /// An attribute's name during ``forEachPlainAttribute(_:)``: its id (see ``nameID(_:)``) and,
  /// built only when asked for, its text.
  struct AttributeName {
    let id: Int
    let pointer: UnsafePointer<xmlChar>
  }

  /// The text of an attribute's name (once per name and reader, from the interned names).
  func text(of name: AttributeName) -> String {
    name.id >= 0 ? nameTable.names[name.id] : String(cString: name.pointer)
  }

  /// Calls `body` with an attribute's value as a NUL-terminated C string valid only during the
  /// call: its one text node's content, or the text nodes joined by libxml2 (character
  /// references split a value into several).
  private static func withValue<R>(
    of attribute: UnsafeMutablePointer<xmlAttr>, in node: UnsafeMutablePointer<xmlNode>,
    _ body: (UnsafePointer<xmlChar>) throws -> R
  ) rethrows -> R {
    if let child = attribute.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE,
      let content = child.pointee.content
    {
      return try body(content)
    } else if attribute.pointee.children == nil {
      return try body(Self.emptyString)
    } else {
      let joined = xmlNodeListGetString(node.pointee.doc, attribute.pointee.children, 1)
      defer { if let joined { readiness_xml_free(joined) } }
      return try body(joined.map { UnsafePointer($0) } ?? Self.emptyString)
    }
  }

  private static var emptyString: UnsafePointer<xmlChar> { ("" as StaticString).utf8Start }
  /// The qualified name (with prefix).
  var name: String { Self.string(xmlTextReaderConstName(reader)) ?? "" }
  /// The namespace URI of the node.
  var namespaceURI: String? { Self.string(xmlTextReaderConstNamespaceUri(reader)) }
  /// The text value of a text node.
  var value: String? { Self.string(xmlTextReaderConstValue(reader)) }

  /// An attribute of the current element by qualified name (at its start tag).
  ///
  /// A name without a prefix is looked up on the element's node directly (the attributes without
  /// a namespace, as libxml2's `xmlTextReaderGetAttribute` does, without copying the value twice).
  func attribute(_ name: String) -> String? {
    guard isStartTag else { return nil }
    if !name.utf8.contains(UInt8(ascii: ":")), let node = xmlTextReaderCurrentNode(reader),
      node.pointee.type == XML_ELEMENT_NODE
    {
      return name.withCString { wanted -> String? in
        var next = node.pointee.properties
        while let attribute = next {
          next = attribute.pointee.next
          guard attribute.pointee.ns == nil, let pointer = attribute.pointee.name,
            xmlStrEqual(pointer, UnsafeRawPointer(wanted).assumingMemoryBound(to: xmlChar.self)) == 1
          else { continue }
          return Self.withValue(of: attribute, in: node) { String(cString: $0) }
        }
        return nil
      }
    }
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
