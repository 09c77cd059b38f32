import Foundation
import Yams

/// Strict reading of a YAML document for the self-assessment files: every mapping's keys are checked
/// against the allowed ones, every value's type against the expected one, and each error names the
/// file and the line (and column) of the node at fault.
struct StrictYAML {
  let path: String
  /// The error code for problems in the content (`unexpectedContent` for user data,
  /// `invalidConfiguration` for the bundled configuration files).
  let code: ReadinessError.Code

  /// Parses `text` into its root node.
  func root(_ text: String) throws(ReadinessError) -> Node {
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw ReadinessError(code, "the file is empty", at: SourceLocation(file: path))
      }
      return node
    } catch let error as ReadinessError {
      throw error
    } catch let error as YamlError {
      throw ReadinessError(
        .malformedInput, "not valid YAML: \(error)", at: SourceLocation(file: path, line: Self.line(of: error)))
    } catch {
      throw ReadinessError(.malformedInput, "not valid YAML: \(error)", at: SourceLocation(file: path))
    }
  }

  private static func line(of error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
    default: return nil
    }
  }

  func location(_ node: Node?) -> SourceLocation {
    SourceLocation(file: path, line: node?.mark.map { $0.line }, column: node?.mark.map { $0.column })
  }

  func fail(_ message: String, _ node: Node?) -> ReadinessError {
    ReadinessError(code, message, at: location(node))
  }

  /// The mapping's key nodes by name, after checking every key is allowed and the required ones are there.
  @discardableResult
  func mapping(_ node: Node, allowed: [String], required: [String] = [], what: String) throws(ReadinessError)
    -> [String: Node]
  {
    guard let mapping = node.mapping else { throw fail("\(what) must be a mapping (key: value lines)", node) }
    var keys: [String: Node] = [:]
    for (key, _) in mapping {
      guard let name = key.string, allowed.contains(name) else {
        throw fail(
          "unknown key \"\(key.string ?? "?")\" in \(what) (expected one of: \(allowed.joined(separator: ", ")))", key)
      }
      guard keys[name] == nil else { throw fail("key \"\(name)\" appears twice in \(what)", key) }
      keys[name] = key
    }
    for key in required where keys[key] == nil {
      throw fail("\(what) needs \"\(key)\"", node)
    }
    return keys
  }

  /// A text value (a plain scalar of any kind is accepted as text), or nil when the key is absent.
  func text(_ node: Node, _ key: String, what: String) throws(ReadinessError) -> String? {
    guard let value = node[key] else { return nil }
    guard case .scalar(let scalar) = value else { throw fail("\(key) in \(what) must be text", value) }
    if scalar.tag.description == Tag.Name.null.rawValue || (scalar.style == .plain && scalar.string == "~") {
      return nil
    }
    return scalar.string
  }

  /// A required, non-empty text value.
  func requiredText(_ node: Node, _ key: String, what: String) throws(ReadinessError) -> String {
    guard let text = try text(node, key, what: what), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw fail("\(what) needs a non-empty \"\(key)\"", node[key] ?? node)
    }
    return text
  }

  func integer(_ node: Node, _ key: String, what: String) throws(ReadinessError) -> Int? {
    guard let value = node[key] else { return nil }
    guard case .scalar(let scalar) = value, scalar.style == .plain, let number = Int(scalar.string) else {
      throw fail("\(key) in \(what) must be a whole number", value)
    }
    return number
  }

  func number(_ node: Node, _ key: String, what: String) throws(ReadinessError) -> Double? {
    guard let value = node[key] else { return nil }
    guard case .scalar(let scalar) = value, scalar.style == .plain, let number = Double(scalar.string),
      number.isFinite
    else {
      throw fail("\(key) in \(what) must be a number", value)
    }
    return number
  }

  func bool(_ node: Node, _ key: String, what: String) throws(ReadinessError) -> Bool? {
    guard let value = node[key] else { return nil }
    guard case .scalar(let scalar) = value, scalar.style == .plain,
      let flag = ["true": true, "false": false][scalar.string]
    else {
      throw fail("\(key) in \(what) must be true or false", value)
    }
    return flag
  }

  /// A date `YYYY-MM-DD` (a real calendar day), or nil when absent.
  func date(_ node: Node, _ key: String, what: String) throws(ReadinessError) -> String? {
    guard let value = node[key] else { return nil }
    guard case .scalar(let scalar) = value, StrictYAML.isDate(scalar.string) else {
      throw fail("\(key) in \(what) must be a date YYYY-MM-DD", value)
    }
    return scalar.string
  }

  /// A list, or an empty list when the key is absent.
  func list(_ node: Node, _ key: String, what: String) throws(ReadinessError) -> [Node] {
    guard let value = node[key] else { return [] }
    if case .scalar(let scalar) = value, scalar.string.isEmpty || scalar.string == "~" { return [] }
    guard let items = value.sequence else { throw fail("\(key) in \(what) must be a list", value) }
    return Array(items)
  }

  /// Whether `text` is a calendar date `YYYY-MM-DD`.
  static func isDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), day >= 1
    else { return false }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return day <= days
  }
}
