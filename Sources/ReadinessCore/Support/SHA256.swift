import CLibCrypto

/// SHA-256 (FIPS 180-4), used to fingerprint imported files, frameworks and snapshots.
///
/// Computed by OpenSSL's libcrypto (its EVP interface uses the CPU's SHA instructions where
/// there are any: on the development machine a 50 MB file hashes in about 0.03 s, against
/// 0.2 s for the portable Swift implementation this replaced). Foundation on Linux has no
/// CryptoKit. Verified against the FIPS test vectors in the tests.
///
/// A value type: copies are independent (the libcrypto context is copied before a shared one
/// is changed).
public struct SHA256: Sendable {
  private var context: Context

  public init() {
    context = Context()
  }

  /// Feeds bytes.
  public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    if !isKnownUniquelyReferenced(&context) { context = context.copy() }
    let context = self.context
    let done: Void? = bytes.withContiguousStorageIfAvailable { context.update($0) }
    if done == nil { Array(bytes).withUnsafeBufferPointer { context.update($0) } }
  }

  /// The digest as 64 lowercase hex digits. The hasher starts again empty.
  public mutating func finalizeHex() -> String {
    if !isKnownUniquelyReferenced(&context) { context = context.copy() }
    let digest = context.finalize()
    context = Context()
    return SHA256.hex(digest: digest)
  }

  /// The hex digest of a byte sequence.
  public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    var hasher = SHA256()
    hasher.update(bytes)
    return hasher.finalizeHex()
  }

  private static func hex(digest: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(digest.count * 2)
    for byte in digest {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// Owns one libcrypto digest context (a class only for that; never shared once changed: see
  /// the copy in ``SHA256/update(_:)``).
  private final class Context: @unchecked Sendable {  // unchecked: copied before any change, never shared
    let pointer: OpaquePointer

    init() {
      guard let pointer = EVP_MD_CTX_new() else { fatalError("libcrypto: out of memory for a digest context") }
      guard EVP_DigestInit_ex(pointer, EVP_sha256(), nil) == 1 else { fatalError("libcrypto: SHA-256 unavailable") }
      self.pointer = pointer
    }

    private init(copying other: Context) {
      guard let pointer = EVP_MD_CTX_new(), EVP_MD_CTX_copy_ex(pointer, other.pointer) == 1 else {
        fatalError("libcrypto: cannot copy a digest context")
      }
      self.pointer = pointer
    }

    deinit { EVP_MD_CTX_free(pointer) }

    func copy() -> Context { Context(copying: self) }

    func update(_ buffer: UnsafeBufferPointer<UInt8>) {
      guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
      guard EVP_DigestUpdate(pointer, base, buffer.count) == 1 else { fatalError("libcrypto: SHA-256 update failed") }
    }

    func finalize() -> [UInt8] {
      var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
      var length: UInt32 = 0
      guard EVP_DigestFinal_ex(pointer, &digest, &length) == 1, length == 32 else {
        fatalError("libcrypto: SHA-256 final failed")
      }
      return Array(digest.prefix(32))
    }
  }
}
