import Foundation
import ReadinessCore

/// Renders profiles and results as stable JSON (sorted keys, pretty-printed).
public enum JSONRenderer {
  /// Encodes any value of the report model.
  public static func render<Value: Encodable>(_ value: Value) throws(ReadinessError) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    } catch {
      throw ReadinessError(.invalidConfiguration, "cannot encode JSON: \(error)")
    }
  }
}
