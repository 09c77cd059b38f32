extension Observation {
  /// Where in its file an observation was read, kept in parts so that a workspace can store
  /// millions of them compactly (a line number, or the series' path once and a number per value).
  public enum Position: Sendable, Hashable, CustomStringConvertible {
    /// A line of a text file: `line 12`.
    case line(Int)
    /// The `index`-th observation (from 1) under the element at `path`, which starts on `line`:
    /// `/DataSet/Series[3]/Obs[12] (line 456)`.
    case element(path: String, index: Int, line: Int)
    /// Any other description (a JSON path, a sheet cell).
    case text(String)

    /// The position a text describes: `line N` and element paths of the form above are read
    /// back into their parts, anything else is kept as text.
    public init(parsing text: String) {
      if let line = Position.number(after: "line ", in: Substring(text)) {
        self = .line(line)
        return
      }
      // `PATH/Obs[K] (line L)`
      if text.hasSuffix(")"), let open = text.range(of: "/Obs[", options: .backwards),
        let close = text[open.upperBound...].firstIndex(of: "]"),
        let index = Int(text[open.upperBound..<close]), index > 0,
        text[close...].hasPrefix("] (line "),
        let line = Position.number(
          after: "line ", in: text[text.index(close, offsetBy: 3)..<text.index(before: text.endIndex)]),
        String(describing: Position.element(path: String(text[..<open.lowerBound]), index: index, line: line)) == text
      {
        self = .element(path: String(text[..<open.lowerBound]), index: index, line: line)
        return
      }
      self = .text(text)
    }

    /// `prefix` followed by a canonical decimal number (no sign, no leading zero) and nothing else.
    private static func number(after prefix: String, in text: Substring) -> Int? {
      guard text.hasPrefix(prefix) else { return nil }
      let digits = text.dropFirst(prefix.count)
      guard let first = digits.first, first != "0", digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber })
      else { return nil }
      return Int(digits)
    }

    public var description: String {
      switch self {
      case .line(let line): "line \(line)"
      case .element(let path, let index, let line): "\(path)/Obs[\(index)] (line \(line))"
      case .text(let text): text
      }
    }
  }
}

extension Observation.Position: Codable {
  public init(from decoder: any Decoder) throws {
    self.init(parsing: try decoder.singleValueContainer().decode(String.self))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
