import CLibXML2
import ReadinessCore

/// The record of one XML node that ``PipelinedXMLReader``'s parsing thread writes and its replay
/// reads: both halves of the format in one type, so that they cannot drift apart.
///
/// A record: type (1 byte), is-empty (1), depth (4), line (8), then its name; for a text-like
/// node its value; for an element the number of attributes (4) and, per attribute, its name and
/// value. A name is its id (4) and a flag (1): 1 when its text follows (the first time the id is
/// recorded, and always for -1). A text is its length (4), its bytes and a NUL (so that a value
/// can be handed out as a C string).
enum XMLNodeRecord {
  /// A node's header and where its parts are, as ranges of the block's bytes.
  struct Node {
    var type = XMLStreamReader.NodeType.other
    var isEmpty = false
    var depth = 0
    var line = 0
    var nameID = -1
    /// The name's text where the record has it (see ``Encoder``), else empty.
    var name: Range<Int> = 0..<0
    var value: Range<Int>?
    var attributes = 0
    var attributesStart = 0
  }

  /// Whether a node of this type has a text value recorded.
  static func hasValue(_ type: XMLStreamReader.NodeType) -> Bool {
    switch type {
    case .text, .cdata, .whitespace, .significantWhitespace, .comment, .processingInstruction: true
    default: false
    }
  }

  /// The writing half: records the live reader's current node. Keeps which name ids have had
  /// their text recorded, so that a name's text is written once per document.
  struct Encoder {
    private var defined: [Bool] = []

    mutating func record(_ type: XMLStreamReader.NodeType, of reader: XMLStreamReader, into block: RecordBlock) {
      block.put(UInt8(truncatingIfNeeded: type.rawValue))
      block.put(UInt8(reader.isEmptyElement ? 1 : 0))
      block.put(Int32(truncatingIfNeeded: reader.depth))
      block.put(Int64(reader.line))
      if name(reader.localNameID, into: block) {
        reader.withLocalNameBytes { block.putText($0.baseAddress, count: $0.count) }
      }
      if XMLNodeRecord.hasValue(type) {
        reader.withValueBytes { block.putText($0.baseAddress, count: $0.count) }
      } else if type == .element {
        let countOffset = block.count
        block.put(UInt32(0))
        var count: UInt32 = 0
        reader.forEachPlainAttribute { name, value in
          if self.name(name.id, into: block) { block.putText(name.pointer, count: Int(xmlStrlen(name.pointer))) }
          value.withUnsafeBufferPointer { block.putText($0.baseAddress, count: $0.count) }
          count += 1
        }
        block.patch(count, at: countOffset)
      }
    }

    /// Writes a name's id and flag; `true` when its text must follow.
    private mutating func name(_ id: Int, into block: RecordBlock) -> Bool {
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

  /// The reading half: a position in a block's bytes. Every read checks that the record's bytes
  /// are there (they always are for a block the encoder wrote; a violation is a bug, and traps
  /// before reading out of bounds).
  struct Decoder {
    let bytes: UnsafeRawBufferPointer
    var offset: Int

    /// Reads the node at ``offset`` and moves past it; `define` is called with each name whose
    /// text the record brings (the node's and its attributes').
    mutating func node(define: (Int, Range<Int>) -> Void) -> Node {
      var node = Node()
      node.type = XMLStreamReader.NodeType(rawValue: Int32(integer(UInt8.self))) ?? .other
      node.isEmpty = integer(UInt8.self) == 1
      node.depth = Int(integer(Int32.self))
      node.line = Int(integer(Int64.self))
      let name = self.name()
      if let text = name.text, name.id >= 0 { define(name.id, text) }
      node.nameID = name.id
      node.name = name.text ?? 0..<0
      if XMLNodeRecord.hasValue(node.type) {
        node.value = text()
      } else if node.type == .element {
        node.attributes = Int(integer(UInt32.self))
        node.attributesStart = offset
        for _ in 0..<node.attributes {
          let attribute = self.name()
          if let text = attribute.text, attribute.id >= 0 { define(attribute.id, text) }
          _ = text()
        }
      }
      return node
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T {
      precondition(offset + MemoryLayout<T>.size <= bytes.count, "a node record ends early")
      let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
      offset += MemoryLayout<T>.size
      return value
    }

    /// A text: its range (the NUL after it left out).
    mutating func text() -> Range<Int> {
      let count = Int(integer(UInt32.self))
      precondition(offset + count < bytes.count, "a node record's text ends early")
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
}

/// Bytes of node records, written through a raw pointer (appending to an array cost as much as
/// parsing). Every write makes room for itself first, so a write never passes the end.
///
/// A class because it owns its allocation and is handed between threads whole.
final class RecordBlock: @unchecked Sendable {  // unchecked: one owner at a time, handed over by a channel
  private(set) var base: UnsafeMutableRawPointer
  private var capacity: Int
  private(set) var count = 0

  init(capacity: Int) {
    self.capacity = max(capacity, 64)
    base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 8)
  }

  deinit { base.deallocate() }

  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  /// Makes room for `extra` more bytes: one comparison on the hot path, the growth out of line.
  @inline(__always)
  private func reserve(_ extra: Int) {
    if _slowPath(count + extra > capacity) { grow(extra) }
  }

  @inline(never)
  private func grow(_ extra: Int) {
    let grown = max(capacity * 2, count + extra)
    let moved = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
    moved.copyMemory(from: base, byteCount: count)
    base.deallocate()
    base = moved
    capacity = grown
  }

  /// Writes an integer.
  @inline(__always)
  func put<T: FixedWidthInteger>(_ value: T) {
    reserve(MemoryLayout<T>.size)
    base.storeBytes(of: value, toByteOffset: count, as: T.self)
    count += MemoryLayout<T>.size
  }

  /// Overwrites an integer written before.
  func patch<T: FixedWidthInteger>(_ value: T, at offset: Int) {
    precondition(offset >= 0 && offset + MemoryLayout<T>.size <= count, "patching outside the written records")
    base.storeBytes(of: value, toByteOffset: offset, as: T.self)
  }

  /// Writes a text: its length, its bytes and a NUL.
  @inline(__always)
  func putText(_ text: UnsafePointer<UInt8>?, count length: Int) {
    precondition(length >= 0 && length <= Int(UInt32.max), "a text longer than a record can say")
    reserve(length + 5)
    put(UInt32(truncatingIfNeeded: length))
    if let text, length > 0 { (base + count).copyMemory(from: text, byteCount: length) }
    count += length
    put(UInt8(0))
  }
}
