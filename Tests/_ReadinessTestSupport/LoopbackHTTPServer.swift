import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests: serves canned responses chosen by a handler,
/// one connection at a time, and records the request targets it saw. Bound to an ephemeral
/// port on loopback only; stops when the object is released or `stop()` is called.
public final class LoopbackHTTPServer: @unchecked Sendable {
  // @unchecked: `requests` is guarded by `lock`; the socket is only touched by the accept thread
  // and `stop()`.
  public typealias Handler = @Sendable (_ target: String, _ count: Int) -> (status: Int, body: [UInt8])

  private let socketFD: Int32
  private let handler: Handler
  private let lock = NSLock()
  private var seen: [String] = []
  private var running = true
  /// The port it listens on.
  public let port: UInt16

  public init(handler: @escaping Handler) throws {
    self.handler = handler
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(fd, 16) == 0 else {
      close(fd)
      throw POSIXError(.EADDRINUSE)
    }
    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    socketFD = fd
    port = UInt16(bigEndian: actual.sin_port)
    let thread = Thread { [weak self] in self?.serve() }
    thread.start()
  }

  deinit { stop() }

  /// The request targets (path and query) received so far.
  public var requests: [String] {
    lock.lock()
    defer { lock.unlock() }
    return seen
  }

  public func stop() {
    lock.lock()
    let wasRunning = running
    running = false
    lock.unlock()
    if wasRunning {
      shutdown(socketFD, Int32(SHUT_RDWR))
      close(socketFD)
    }
  }

  private func serve() {
    while true {
      let client = accept(socketFD, nil, nil)
      if client < 0 { return }
      var request: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 4096)
      while !request.containsHeaderEnd() {
        let n = recv(client, &buffer, buffer.count, 0)
        if n <= 0 { break }
        request += buffer[0..<n]
      }
      let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
      let target = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
      lock.lock()
      seen.append(target)
      let count = seen.count
      lock.unlock()
      let (status, body) = handler(target, count)
      let head =
        "HTTP/1.1 \(status) X\r\nContent-Type: application/xml\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
      let response = Array(head.utf8) + body
      _ = response.withUnsafeBytes { send(client, $0.baseAddress, response.count, 0) }
      close(client)
    }
  }
}

extension Array where Element == UInt8 {
  fileprivate func containsHeaderEnd() -> Bool {
    guard count >= 4 else { return false }
    for index in 0...(count - 4)
    where self[index] == 13 && self[index + 1] == 10 && self[index + 2] == 13 && self[index + 3] == 10 {
      return true
    }
    return false
  }
}
