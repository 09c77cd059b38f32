import ReadinessCore
import ReadinessReport

/// JSON output goes through the report module's stable encoder.
enum JSONRendererBridge {
  static func render<Value: Encodable>(_ value: Value) throws -> String {
    try JSONRenderer.render(value)
  }
}
