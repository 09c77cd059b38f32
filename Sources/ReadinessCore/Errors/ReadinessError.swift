#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The error every readiness module throws for bad input or a failed operation.
///
/// Modelled on swift-nio's `FileSystemError`: an extensible ``Code``, a message written for
/// the person running the tool, the input position at fault where there is one, and the
/// underlying cause. Only the command-line layer maps these to exit codes.
///
///     do { try importer.run() }
///     catch let error as ReadinessError where error.code == .malformedInput { … }
public struct ReadinessError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is. New codes can be added without breaking callers.
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// The input is not well formed (a CSV quote left open, XML that does not parse).
    public static let malformedInput = Code(rawValue: "malformed input")
    /// The input is well formed but not what the format requires (a missing column).
    public static let unexpectedContent = Code(rawValue: "unexpected content")
    /// The file's format is not one the tool reads.
    public static let unsupportedFormat = Code(rawValue: "unsupported format")
    /// The input tried something refused for safety (a DTD, an external entity).
    public static let refusedInput = Code(rawValue: "refused input")
    /// The input exceeds a safety limit (a field or line too long).
    public static let limitExceeded = Code(rawValue: "limit exceeded")
    /// A file could not be opened, read or written.
    public static let io = Code(rawValue: "I/O error")
    /// A publisher's response that reports an error instead of data.
    public static let publisherError = Code(rawValue: "publisher error")
    /// A framework or configuration file is invalid.
    public static let invalidConfiguration = Code(rawValue: "invalid configuration")
    /// Something asked for is not there (a country, an indicator, a workspace).
    public static let notFound = Code(rawValue: "not found")
    /// The workspace database failed.
    public static let database = Code(rawValue: "database error")
  }

  /// What kind of failure this is.
  public var code: Code
  /// A one-line message for the user, saying what was expected.
  public var message: String
  /// Where in the input the problem is, if it comes from an input file.
  public var location: SourceLocation?
  /// The underlying error, if any.
  public var cause: (any Error & Sendable)?

  public init(
    _ code: Code, _ message: String, at location: SourceLocation? = nil,
    cause: (any Error & Sendable)? = nil
  ) {
    self.code = code
    self.message = message
    self.location = location
    self.cause = cause
  }

  /// `file:line:column: message`, on one line, control characters escaped.
  public var description: String {
    var text = ""
    if let location { text += "\(location): " }
    text += message
    if let cause { text += " (\(cause))" }
    // Text from files (names, cells) is quoted in messages: its control characters, ANSI
    // escape sequences among them, are written out (`\u{1B}`) rather than sent to the terminal.
    return escapingControlCharacters(text.replacingNewlines())
  }
}

extension ReadinessError {
  /// The error for a file that cannot be opened or read: ``Code/notFound`` (exit 66) when
  /// nothing is at `path`, ``Code/io`` (exit 74) otherwise. `what` names the file's role.
  public static func cannotOpen(_ path: String, what: String = "file", reason: String? = nil) -> ReadinessError {
    var status = stat()
    if stat(path, &status) != 0 && (errno == ENOENT || errno == ENOTDIR) {
      return ReadinessError(.notFound, "no such \(what)", at: SourceLocation(file: path))
    }
    return ReadinessError(
      .io, "cannot read the \(what)" + (reason.map { ": " + $0 } ?? ""), at: SourceLocation(file: path))
  }
}

extension String {
  /// The string with line breaks replaced by spaces, so that an error stays on one line.
  func replacingNewlines() -> String {
    String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
  }
}
