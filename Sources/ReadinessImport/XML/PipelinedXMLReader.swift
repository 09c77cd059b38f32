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
  private let channel: Channel
  private var block = Block(capacity: 0)
  /// Where the current node's record starts in `block`, and its decoded header.
  private var node = Node()
  /// Where the next record starts.
  private var next = 0
  private var finished = false
  /// Names by id, in the order the records define them.
  private var names: [String] = []

  /// Blocks recorded ahead of the replay at most.
  static let blocksInFlight = 4
  /// A block is handed over once it holds this many bytes.
  static let blockBytes = 1 << 18

  /// Opens `path` (errors opening it are thrown here) and starts parsing it on a new thread;
  /// blocks are handed over once they hold `blockBytes` (tests make it small).
  init(path: String, blockBytes: Int = PipelinedXMLReader.blockBytes) throws(ReadinessError) {
    let live = try XMLStreamReader(path: path)
    fileName = path
    channel = Channel()
    let producer = Producer(reader: live, channel: channel, blockBytes: blockBytes)
    let thread = Thread { producer.run() }
    thread.name = "readiness.xml-parse"
    thread.start()
  }

  deinit {
    channel.cancel()
  }

  // MARK: Records

  /// A node's record: type (1 byte), is-empty (1), depth (4), line (8), then its name; for a
  /// text-like node its value, for an element the number of attributes (4) and per attribute its
  /// name and value. A name is its id (4) and a flag (1): 1 when its text follows (the first time
  /// the id is recorded, and always for -1). A text is its length (4), its bytes and a NUL.
  fileprivate final class Block: @unchecked Sendable {  // unchecked: one owner at a time, handed over by Channel
    /// The records, written through a raw pointer (appending to an array cost as much as parsing).
    private(set) var base: UnsafeMutableRawPointer
    private var capacity: Int
    private(set) var count = 0
    /// The document ended after these records.
    var end = false
    /// Reading failed after these records.
    var error: ReadinessError?

    init(capacity: Int) {
      self.capacity = max(capacity, 64)
      base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
      guard count + extra > capacity else { return }
      let grown = max(capacity * 2, count + extra)
      let moved = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
      moved.copyMemory(from: base, byteCount: count)
      base.deallocate()
      base = moved
      capacity = grown
    }

    /// Writes an integer (room reserved first).
    @inline(__always)
    func put<T: FixedWidthInteger>(_ value: T) {
      base.storeBytes(of: value, toByteOffset: count, as: T.self)
      count += MemoryLayout<T>.size
    }

    /// Writes a text: its length, its bytes and a NUL (room reserved here).
    @inline(__always)
    func putText(_ text: UnsafePointer<UInt8>?, count length: Int) {
      reserve(length + 5)
      put(UInt32(truncatingIfNeeded: length))
      if let text, length > 0 { (base + count).copyMemory(from: text, byteCount: length) }
      count += length
      put(UInt8(0))
    }
  }

  private struct Node {
    var type = XMLStreamReader.NodeType.other
    var isEmpty = false
    var depth = 0
    var line = 0
    var nameID = -1
    var name: Range<Int> = 0..<0
    var value: Range<Int>?
    var attributes = 0
    var attributesStart = 0
  }

  fileprivate static func hasValue(_ type: XMLStreamReader.NodeType) -> Bool {
    switch type {
    case .text, .cdata, .whitespace, .significantWhitespace, .comment, .processingInstruction: true
    default: false
    }
  }

  /// Reads records from `bytes`: the replay's side of ``Producer``'s writing.
  private struct Cursor {
    let bytes: UnsafeRawBufferPointer
    var offset: Int

    mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T {
      let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
      offset += MemoryLayout<T>.size
      return value
    }

    /// A text: its range (the NUL after it left out).
    mutating func text() -> Range<Int> {
      let count = Int(integer(UInt32.self))
      let range = offset..<(offset + count)
      offset += count + 1
      return range
    }

    /// A name: its id and, when it follows, the range of its text.
    mutating func name() -> (id: Int, text: Range<Int>?) {
      let id = Int(integer(Int32.self))
      return (id, integer(UInt8.self) == 1 ? text() : nil)
    }
  }

  // MARK: Replay

  func readNode() throws(ReadinessError) -> XMLStreamReader.NodeType? {
    while next >= block.count {
      if let error = block.error { throw error }
      if block.end || finished {
        finished = true
        return nil
      }
      block = channel.take()
      next = 0
    }
    let bytes = block.bytes
    var cursor = Cursor(bytes: bytes, offset: next)
    node.type = XMLStreamReader.NodeType(rawValue: Int32(cursor.integer(UInt8.self))) ?? .other
    node.isEmpty = cursor.integer(UInt8.self) == 1
    node.depth = Int(cursor.integer(Int32.self))
    node.line = Int(cursor.integer(Int64.self))
    let name = cursor.name()
    define(name, in: bytes)
    node.nameID = name.id
    node.name = name.text ?? 0..<0
    node.value = nil
    node.attributes = 0
    if PipelinedXMLReader.hasValue(node.type) {
      node.value = cursor.text()
    } else if node.type == .element {
      node.attributes = Int(cursor.integer(UInt32.self))
      node.attributesStart = cursor.offset
      for _ in 0..<node.attributes {
        define(cursor.name(), in: bytes)
        _ = cursor.text()
      }
    }
    next = cursor.offset
    return node.type
  }

  /// Notes a name whose text the record brings.
  private func define(_ name: (id: Int, text: Range<Int>?), in bytes: UnsafeRawBufferPointer) {
    guard name.id >= 0, let range = name.text else { return }
    if name.id >= names.count { names += Array(repeating: "", count: name.id - names.count + 1) }
    names[name.id] = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
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

  func forEachPlainAttribute(_ body: (XMLStreamReader.AttributeName, UnsafePointer<xmlChar>) throws -> Void) rethrows {
    guard node.type == .element, node.attributes > 0 else { return }
    let bytes = block.bytes
    let base = bytes.baseAddress!
    var cursor = Cursor(bytes: bytes, offset: node.attributesStart)
    for _ in 0..<node.attributes {
      let name = cursor.name()
      let value = cursor.text()
      let valuePointer = base.advanced(by: value.lowerBound).assumingMemoryBound(to: xmlChar.self)
      // The name's own text where the record has it (always for -1); the id says it otherwise.
      let namePointer = name.text.map { base.advanced(by: $0.lowerBound).assumingMemoryBound(to: xmlChar.self) }
      try body(XMLStreamReader.AttributeName(id: name.id, pointer: namePointer ?? valuePointer), valuePointer)
    }
  }

  func text(of name: XMLStreamReader.AttributeName) -> String {
    name.id >= 0 ? names[name.id] : String(cString: name.pointer)
  }

  func attribute(_ name: String) -> String? {
    precondition(!name.utf8.contains(UInt8(ascii: ":")), "only attributes without a namespace are recorded")
    var found: String?
    forEachPlainAttribute { attributeName, value in
      if found == nil, text(of: attributeName) == name { found = String(cString: value) }
    }
    return found
  }
}

/// The parsing thread's side: steps the live reader and writes a record per node.
private final class Producer: @unchecked Sendable {  // unchecked: used only on the parsing thread
  private let reader: XMLStreamReader
  private let channel: PipelinedXMLReader.Channel
  private let blockBytes: Int

  init(reader: XMLStreamReader, channel: PipelinedXMLReader.Channel, blockBytes: Int) {
    self.reader = reader
    self.channel = channel
    self.blockBytes = blockBytes
  }

  func run() {
    // Ids whose text has been recorded: a local, not a stored property (every use of one was
    // checked for exclusive access at run time).
    var defined: [Bool] = []
    var block = PipelinedXMLReader.Block(capacity: blockBytes + 4096)
    do {
      while let type = try reader.readNode() {
        Producer.record(type, of: reader, into: block, defined: &defined)
        if block.count >= blockBytes {
          guard channel.put(block) else { return }
          block = PipelinedXMLReader.Block(capacity: blockBytes + 4096)
        }
      }
      block.end = true
    } catch {
      block.error = error
    }
    _ = channel.put(block)
  }

  private static func record(
    _ type: XMLStreamReader.NodeType, of reader: XMLStreamReader, into block: PipelinedXMLReader.Block,
    defined: inout [Bool]
  ) {
    block.reserve(32)
    block.put(UInt8(truncatingIfNeeded: type.rawValue))
    block.put(UInt8(reader.isEmptyElement ? 1 : 0))
    block.put(Int32(truncatingIfNeeded: reader.depth))
    block.put(Int64(reader.line))
    let id = reader.localNameID
    if needsText(id: id, defined: &defined, block: block) {
      reader.withLocalNameBytes { block.putText($0.baseAddress, count: $0.count) }
    }
    if PipelinedXMLReader.hasValue(type) {
      reader.withValueBytes { block.putText($0.baseAddress, count: $0.count) }
    } else if type == .element {
      block.reserve(4)
      let countOffset = block.count
      block.put(UInt32(0))
      var count: UInt32 = 0
      reader.forEachPlainAttribute { name, value in
        block.reserve(5)
        if needsText(id: name.id, defined: &defined, block: block) {
          block.putText(name.pointer, count: Int(xmlStrlen(name.pointer)))
        }
        block.putText(value, count: Int(xmlStrlen(value)))
        count += 1
      }
      block.base.storeBytes(of: count, toByteOffset: countOffset, as: UInt32.self)
    }
  }

  /// Writes a name's id and flag (room for them reserved); `true` when its text must follow.
  @inline(__always)
  private static func needsText(id: Int, defined: inout [Bool], block: PipelinedXMLReader.Block) -> Bool {
    block.put(Int32(truncatingIfNeeded: id))
    if id >= 0, id < defined.count, defined[id] {
      block.put(UInt8(0))
      return false
    }
    block.put(UInt8(1))
    if id >= 0 {
      if id >= defined.count { defined += Array(repeating: false, count: id - defined.count + 1) }
      defined[id] = true
    }
    return true
  }
}

extension PipelinedXMLReader {
  /// Blocks from the parsing thread to the replay, at most ``blocksInFlight`` waiting.
  fileprivate final class Channel: @unchecked Sendable {  // unchecked: all state under `condition`
    private let condition = NSCondition()
    private var queue: [Block] = []
    private var cancelled = false

    /// Waits for room; `false` once the replay has stopped.
    func put(_ block: Block) -> Bool {
      condition.lock()
      defer { condition.unlock() }
      while queue.count >= PipelinedXMLReader.blocksInFlight && !cancelled { condition.wait() }
      if cancelled { return false }
      queue.append(block)
      condition.broadcast()
      return true
    }

    /// Waits for the next block.
    func take() -> Block {
      condition.lock()
      defer { condition.unlock() }
      while queue.isEmpty { condition.wait() }
      let block = queue.removeFirst()
      condition.broadcast()
      return block
    }

    /// The replay has stopped: the parsing thread ends at its next block.
    func cancel() {
      condition.lock()
      cancelled = true
      queue.removeAll()
      condition.broadcast()
      condition.unlock()
    }
  }
}
