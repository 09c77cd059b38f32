import Yams

/// The keys a YAML configuration file may use, level by level, and for some scalars the values
/// allowed. Unknown keys are errors with the file and line, so that a typo (`normalize:`,
/// `goalpost:`) does not silently drop a setting and leave the default in its place.
public struct YAMLKeys: Sendable {
  /// The keys allowed in a mapping here, each with what its value may hold.
  public var children: [String: YAMLKeys]
  /// When set, a mapping here may use any key (codes chosen by the user); each value is checked
  /// against this.
  public var anyKey: [YAMLKeys]
  /// When set, a scalar here must be one of these.
  public var values: [String]?

  public init(_ children: [String: YAMLKeys] = [:], anyKey: YAMLKeys? = nil, values: [String]? = nil) {
    self.children = children
    self.anyKey = anyKey.map { [$0] } ?? []
    self.values = values
  }

  /// A scalar (or a sequence of scalars) with no keys below it.
  public static let leaf = YAMLKeys()

  /// A scalar that must be one of `values`.
  public static func oneOf(_ values: [String]) -> YAMLKeys { YAMLKeys(values: values) }

  /// Checks `node` (a document's root) against these keys.
  ///
  /// - Parameters:
  ///   - what: the kind of file, for the message (`"pipeline"`).
  /// - Throws: ``ReadinessError`` `invalidConfiguration` at the line of the first unknown key
  ///   or value not allowed.
  public func check(_ node: Node, file: String, what: String) throws(ReadinessError) {
    try check(node, path: "", file: file, what: what)
  }

  private func check(_ node: Node, path: String, file: String, what: String) throws(ReadinessError) {
    switch node {
    case .mapping(let mapping):
      for (keyNode, value) in mapping {
        guard let key = keyNode.string else { continue }
        let child: YAMLKeys
        if let known = children[key] {
          child = known
        } else if let any = anyKey.first {
          child = any
        } else {
          let expected = children.keys.sorted().joined(separator: ", ")
          throw ReadinessError(
            .invalidConfiguration,
            "unknown key \"\(key)\"\(path.isEmpty ? "" : " in \(path)") of the \(what) (expected "
              + (children.isEmpty ? "no keys here" : "one of: \(expected)") + ")",
            at: SourceLocation(file: file, line: keyNode.mark?.line, column: keyNode.mark?.column))
        }
        try child.check(value, path: path.isEmpty ? key : path + "." + key, file: file, what: what)
      }
    case .sequence(let sequence):
      for (index, element) in sequence.enumerated() {
        try check(element, path: path + "[\(index)]", file: file, what: what)
      }
    case .scalar(let scalar):
      if let values, !values.contains(scalar.string) {
        throw ReadinessError(
          .invalidConfiguration,
          "\(path) is \"\(scalar.string)\" (expected \(values.count == 2 ? values.joined(separator: " or ") : "one of: " + values.joined(separator: ", ")))",
          at: SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column))
      }
    default:
      return
    }
  }
}
