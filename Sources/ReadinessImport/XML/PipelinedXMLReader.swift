import CLibXML2
import Foundation
import ReadinessCore

/// An ``XMLNodeReader`` whose parsing runs on a thread of its own: that thread steps an
/// ``XMLStreamReader`` (the same libxml2 reader, options and refusals) through the document and
/// records each node — type, depth, line, name, text value, attributes without a namespace —
/// into blocks of bytes; this reader replays them. Turning elements into observations then
/// runs alongside libxml2's parsing instead of after it, node by node.
///
/// Memory stays flat: at most ``PipelinedXMLReader/blocksInFlight`` blocks of about 256 KiB are
/// waiting. An error met by the parsing thread is thrown here when the nodes before it have
/// been replayed, as the live reader would have thrown it. Attributes with a namespace are not
/// recorded (``attribute(_:)`` takes names without a prefix).
///
/// A class because it owns the parsing thread's channel; dropping it stops that thread.
final class PipelinedXMLReader: XMLNodeReader {
  let fileName: String
  private let channel: HandOff<RecordBlock>
  private var block = Block(capacity: 0)
  /// Where the current node's record starts in `block`, and its decoded header.
  private var node = XMLNodeRecord.Node()
  /// Where the next record starts.
  private var next = 0
  /// Names by id, in the order the records define them.
  private var names: [String] = []

  /// Blocks recorded ahead of the replay at most.
  static let blocksInFlight = 4
  /// A block is handed over once it holds this many bytes.
  static let blockBytes = 1 << 18

  /// Opens `path` (errors opening it are thrown here) and starts parsing it on a new thread;
  /// blocks are handed over once they hold `blockBytes` (tests make it small).
  convenience init(path: String, blockBytes: Int = PipelinedXMLReader.blockBytes) throws(ReadinessError) {
    self.init(live: try XMLStreamReader(path: path), blockBytes: blockBytes)
  }

  /// Starts parsing with `live`, a reader no one else uses from now on, on a new thread.
  init(live: XMLStreamReader, blockBytes: Int = PipelinedXMLReader.blockBytes) {
    fileName = live.fileName
    channel = HandOff(capacity: PipelinedXMLReader.blocksInFlight)
    let producer = Producer(reader: live, channel: channel, blockBytes: blockBytes)
    let thread = Thread { producer.run() }
    thread.name = "readiness.xml-parse"
    thread.start()
  }

  deinit {
    channel.cancel()
  }

  /// Blocks of records (see ``XMLNodeRecord`` for the format).
  fileprivate typealias Block = RecordBlock

  // MARK: Replay

  func readNode() throws(ReadinessError) -> XMLStreamReader.NodeType? {
    while next >= block.count {
      guard let taken = try channel.take() else { return nil }
      block = taken
      next = 0
    }
    let bytes = block.bytes
    var decoder = XMLNodeRecord.Decoder(bytes: bytes, offset: next)
    node = decoder.node { id, text in define(id, text, in: bytes) }
    next = decoder.offset
    return node.type
  }

  /// Notes a name whose text the record brings.
  private func define(_ id: Int, _ range: Range<Int>, in bytes: UnsafeRawBufferPointer) {
    if id >= names.count { names += Array(repeating: "", count: id - names.count + 1) }
    names[id] = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }

  var nodeType: XMLStreamReader.NodeType { node.type }
  var depth: Int { node.depth }
  var isEmptyElement: Bool { node.isEmpty }
  var line: Int { node.line }
  var localNameID: Int { node.nameID }

  var localName: String {
    node.nameID >= 0 ? names[node.nameID] : string(node.name)
  }

  var value: String? { node.value.map(string) }

  /// Calls `body` with the bytes of the node's text value (``value`` without building a string;
  /// empty when there is none), valid only during the call.
  func withValueBytes(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    guard let range = node.value else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
    let raw = UnsafeRawBufferPointer(rebasing: block.bytes[range])
    body(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
  }

  private func string(_ range: Range<Int>) -> String {
    String(decoding: UnsafeRawBufferPointer(rebasing: block.bytes[range]), as: UTF8.self)
  }

  func forEachPlainAttribute(_ body: (XMLStreamReader.AttributeName, Span<UInt8>) throws -> Void) rethrows {
    guard node.type == .element, node.attributes > 0 else { return }
    let bytes = block.bytes
    let base = bytes.baseAddress!
    var decoder = XMLNodeRecord.Decoder(bytes: bytes, offset: node.attributesStart)
    for _ in 0..<node.attributes {
      let name = decoder.name()
      let value = decoder.text()
      let valuePointer = base.advanced(by: value.lowerBound).assumingMemoryBound(to: xmlChar.self)
      // The name's own text where the record has it (always for -1); the id says it otherwise.
      let namePointer = name.text.map { base.advanced(by: $0.lowerBound).assumingMemoryBound(to: xmlChar.self) }
      let valueBytes = UnsafeBufferPointer(start: valuePointer, count: value.count)
      try body(XMLStreamReader.AttributeName(id: name.id, pointer: namePointer ?? valuePointer), valueBytes.span)
    }
  }

  func text(of name: XMLStreamReader.AttributeName) -> String {
    name.id >= 0 ? names[name.id] : String(cString: name.pointer)
  }

  func attribute(_ name: String) -> String? {
    precondition(!name.utf8.contains(UInt8(ascii: ":")), "only attributes without a namespace are recorded")
    var found: String?
    forEachPlainAttribute { attributeName, value in
      if found == nil, text(of: attributeName) == name { found = value.string }
    }
    return found
  }
}

/// The parsing thread's side: steps the live reader and writes a record per node.
private final class Producer: @unchecked Sendable {  // unchecked: used only on the parsing thread
  private let reader: XMLStreamReader
  private let channel: HandOff<RecordBlock>
  private let blockBytes: Int

  init(reader: XMLStreamReader, channel: HandOff<RecordBlock>, blockBytes: Int) {
    self.reader = reader
    self.channel = channel
    self.blockBytes = blockBytes
  }

  func run() {
    var encoder = XMLNodeRecord.Encoder()
    var block = PipelinedXMLReader.Block(capacity: blockBytes + 4096)
    var failure: ReadinessError?
    do {
      while let type = try reader.readNode() {
        encoder.record(type, of: reader, into: block)
        if block.count >= blockBytes {
          guard channel.put(block) else { return }
          block = PipelinedXMLReader.Block(capacity: blockBytes + 4096)
        }
      }
    } catch {
      failure = error
    }
    if block.count > 0 { _ = channel.put(block) }
    channel.close(error: failure)
  }
}
