import ReadinessCore
import Yams

/// Strict reading of the report's YAML data files: unknown keys and missing required keys are
/// errors at their line, so a typo in an editable file never silently drops content.
struct YAMLStrict {
  let path: String

  func root() throws(ReadinessError) -> Node {
    let text: String
    do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
      throw ReadinessError.cannotOpen(path)
    }
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw ReadinessError(.invalidConfiguration, "the file is empty", at: SourceLocation(file: path))
      }
      return node
    } catch let error as ReadinessError {
      throw error
    } catch {
      throw ReadinessError(.invalidConfiguration, "not valid YAML: \(error)", at: SourceLocation(file: path))
    }
  }

  func location(_ node: Node?) -> SourceLocation {
    SourceLocation(file: path, line: node?.mark.map { $0.line }, column: node?.mark.map { $0.column })
  }

  /// Checks a mapping's keys against the allowed and required ones.
  func check(_ node: Node, allowed: Set<String>, required: Set<String>, what: String) throws(ReadinessError) {
    guard let mapping = node.mapping else {
      throw ReadinessError(.invalidConfiguration, "\(what) must be a mapping", at: location(node))
    }
    for (key, _) in mapping {
      let name = key.string ?? ""
      if !allowed.contains(name) {
        throw ReadinessError(
          .invalidConfiguration,
          "unknown key \"\(name)\" in \(what) (expected one of: \(allowed.sorted().joined(separator: ", ")))",
          at: location(key))
      }
    }
    for key in required.sorted() where node[key] == nil {
      throw ReadinessError(.invalidConfiguration, "\(what) needs \"\(key)\"", at: location(node))
    }
  }

  func string(_ node: Node, _ key: String, what: String) throws(ReadinessError) -> String? {
    guard let value = node[key] else { return nil }
    guard let text = value.string else {
      throw ReadinessError(.invalidConfiguration, "\(key) in \(what) must be text", at: location(value))
    }
    return text
  }
}
