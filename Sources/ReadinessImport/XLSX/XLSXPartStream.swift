import Foundation
import ReadinessCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One part of a workbook (a worksheet) inflated on a thread of its own into a pipe whose other
/// end libxml2 reads (``reader(name:)``): parsing starts with the first inflated bytes instead of
/// after the whole part is written to a temporary file, and the part never touches the disk.
///
/// The ZIP-bomb limits and the checksum apply as to every part (``XLSXArchive/inflate(_:limit:_:)``):
/// a refused part stops the inflating, the reader meets the end of its input early, and
/// ``finish(checkingTheRest:)`` gives the refusal, which the caller throws instead of the parse
/// error. It must be called once the part has been read or given up: it stops the inflating (or,
/// after a parse error, lets it check the rest) and waits for its thread, which alone uses the
/// archive until then.
///
/// A class because it owns the pipe and the thread; `@unchecked Sendable` because the archive,
/// the pipe's write end and `readerGone` are used by the inflating thread alone, the read end by
/// the caller alone, and `mode` and `failure` are under `lock`.
final class XLSXPartStream: @unchecked Sendable {
  private let archive: XLSXArchive
  private let part: String
  /// The pipe: the reader's end (handed to libxml2 by ``reader(name:)``), the inflater's end.
  private var readEnd: Int32
  private let writeEnd: Int32
  private let done = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  /// What the inflater does with the next chunk: hand it to the reader, drop it (the reader has
  /// gone, but the rest is still checked against the limits and the checksum), or stop.
  private enum Mode { case deliver, discard, stop }
  private var mode = Mode.deliver
  private var failure: ReadinessError?
  private var finished = false

  /// Starts inflating `part` of `archive`; the archive must not be used elsewhere until
  /// ``finish(checkingTheRest:)`` returns.
  init(archive: XLSXArchive, part: String) throws(ReadinessError) {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else {
      throw ReadinessError(.io, "cannot create a pipe (errno \(errno))", at: SourceLocation(file: archive.file))
    }
    self.archive = archive
    self.part = part
    readEnd = ends[0]
    writeEnd = ends[1]
    _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
    _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
    // The inflater waits for room with poll(), so that it can notice it is cancelled.
    _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
    #if os(Linux)
      // A larger pipe lets the inflater run further ahead of the parser (the default is 64 KiB);
      // F_SETPIPE_SZ (1031, Linux's fcntl.h) is not exported by Glibc's Swift module.
      let setPipeSize: Int32 = 1031
      _ = fcntl(writeEnd, setPipeSize, Int32(XLSXPartStream.pipeBytes))
    #endif
    let thread = Thread { [self] in run() }
    thread.name = "readiness.xlsx-inflate"
    thread.start()
  }

  /// The pipe's capacity asked for.
  static let pipeBytes = 1 << 20

  /// A libxml2 reader over the inflated bytes (the same options and refusals as for a file);
  /// `name` stands for the part in errors. Called once.
  func reader(name: String) throws(ReadinessError) -> XMLStreamReader {
    precondition(readEnd >= 0, "the part's reader was already made")
    let descriptor = readEnd
    readEnd = -1
    return try XMLStreamReader(descriptor: descriptor, name: name)
  }

  /// Stops the inflating if it still runs and waits for its thread; the refusal or error it
  /// met, if any (none when it was stopped here). With `checkingTheRest` (after the parse failed),
  /// the rest of the part is inflated and dropped instead, so that a ZIP bomb or a damaged part is
  /// still named as such rather than by the truncated XML it made (bounded by the limits).
  @discardableResult
  func finish(checkingTheRest: Bool = false) -> ReadinessError? {
    lock.withLock { if mode == .deliver || !checkingTheRest { mode = checkingTheRest ? .discard : .stop } }
    if !finished {
      done.wait()
      finished = true
      if readEnd >= 0 {
        close(readEnd)
        readEnd = -1
      }
    }
    return lock.withLock { failure }
  }

  deinit {
    // The thread holds this object while it runs: here it has ended.
    if readEnd >= 0 { close(readEnd) }
  }

  private var currentMode: Mode { lock.withLock { mode } }

  /// The inflating thread.
  private func run() {
    // A write to a pipe whose reader has gone fails with EPIPE here, without a signal.
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGPIPE)
    pthread_sigmask(SIG_BLOCK, &signals, nil)
    var met: ReadinessError?
    do {
      try archive.inflate(part, limit: archive.limits.maximumEntryBytes) { chunk in write(chunk) }
    } catch {
      met = error
    }
    close(writeEnd)
    lock.withLock { failure = met }
    done.signal()
  }

  /// Once the reader has gone (a write failed with EPIPE), chunks are dropped.
  private var readerGone = false

  /// Writes `chunk` into the pipe, waiting for room; `false` to stop inflating.
  private func write(_ chunk: Data) -> Bool {
    switch currentMode {
    case .stop: return false
    case .discard: return true
    case .deliver: if readerGone { return true }
    }
    return chunk.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
      var offset = 0
      while offset < bytes.count {
        let written = systemWrite(writeEnd, bytes.baseAddress! + offset, bytes.count - offset)
        if written > 0 {
          offset += written
          continue
        }
        if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
          switch currentMode {
          case .stop: return false
          case .discard: return true
          case .deliver:
            var wait = pollfd(fd: writeEnd, events: Int16(POLLOUT), revents: 0)
            _ = poll(&wait, 1, 50)
            continue
          }
        }
        // EPIPE: the reader has gone; go on inflating (dropping) until finish() says what to do.
        readerGone = true
        return true
      }
      return true
    }
  }
}

/// `write(2)`, named apart from ``XLSXPartStream``'s own method.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}
