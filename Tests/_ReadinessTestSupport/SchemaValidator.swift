import Foundation

/// A small JSON Schema validator for the keywords `Reports/schema/*.json` use: `type`,
/// `required`, `properties`, `additionalProperties: false`, `items`, `$ref` to `#/$defs/…`,
/// `minimum`, `maximum` and `pattern`. Returns the problems found (empty when valid).
public struct SchemaValidator {
  let root: [String: Any]

  public init(schemaPath: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: schemaPath))
    root = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }

  public func validate(_ value: Any) -> [String] {
    var problems: [String] = []
    check(value, against: root, path: "$", problems: &problems)
    return problems
  }

  private func resolve(_ schema: [String: Any]) -> [String: Any] {
    guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/$defs/") else { return schema }
    let name = String(ref.dropFirst("#/$defs/".count))
    return (root["$defs"] as? [String: Any])?[name] as? [String: Any] ?? [:]
  }

  private func check(_ value: Any, against raw: [String: Any], path: String, problems: inout [String]) {
    let schema = resolve(raw)
    // `type` is a name or a list of names (["number", "null"]).
    let types = (schema["type"] as? String).map { [$0] } ?? (schema["type"] as? [String])
    if let types {
      func matches(_ type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "integer": return (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return value is NSNumber
        case "boolean": return value is Bool
        case "null": return value is NSNull
        default: return true
        }
      }
      if !types.contains(where: matches) {
        problems.append("\(path): expected \(types.joined(separator: " or "))")
        return
      }
    }
    if let number = value as? NSNumber {
      if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum {
        problems.append("\(path): below \(minimum)")
      }
      if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum {
        problems.append("\(path): above \(maximum)")
      }
    }
    if let text = value as? String, let pattern = schema["pattern"] as? String,
      text.range(of: pattern, options: .regularExpression) == nil
    {
      problems.append("\(path): \"\(text)\" does not match \(pattern)")
    }
    if let object = value as? [String: Any] {
      let properties = schema["properties"] as? [String: Any] ?? [:]
      for key in schema["required"] as? [String] ?? [] where object[key] == nil {
        problems.append("\(path): missing \(key)")
      }
      for (key, child) in object {
        if let childSchema = properties[key] as? [String: Any] {
          check(child, against: childSchema, path: path + "." + key, problems: &problems)
        } else if (schema["additionalProperties"] as? Bool) == false {
          problems.append("\(path): unexpected key \(key)")
        }
      }
    }
    if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
      for (index, element) in array.enumerated() {
        check(element, against: items, path: path + "[\(index)]", problems: &problems)
      }
    }
  }
}
