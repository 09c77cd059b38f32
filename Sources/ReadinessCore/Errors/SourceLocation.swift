/// A position in an input file: the file, and where known the 1-based line and column.
///
/// Every error that comes from reading user input carries one, so that the command line can
/// say exactly where a file went wrong (`file.csv:12:7: …`).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The file as the user named it.
  public var file: String
  /// The 1-based line, or `nil` when the position is not a line (an XML path, say).
  public var line: Int?
  /// The 1-based column in bytes, or `nil` when unknown.
  public var column: Int?
  /// A structural position (an XML element path or a JSON pointer) when there is no line.
  public var path: String?

  public init(file: String, line: Int? = nil, column: Int? = nil, path: String? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.path = path
  }

  /// `file:line:column`, `file:line` or `file (path)`.
  public var description: String {
    var text = file
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    if let path { text += " (\(path))" }
    return text
  }
}
