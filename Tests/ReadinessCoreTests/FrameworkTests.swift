import ReadinessCore
import Testing
import _ReadinessTestSupport

@Suite("Framework files")
struct FrameworkTests {
  @Test func defaultFrameworkIsValidAndRAMShaped() throws {
    let framework = try Framework.load(path: TestPaths.indicators + "/frameworks/ram-digital-divide.yaml")
    #expect(framework.dimensions.map(\.code) == ["LEG", "SOC", "ECO", "SCI", "TEC"])
    #expect(framework.indicators.count >= 20)
    #expect(framework.label == "RAM-aligned, unofficial")
    for indicator in framework.indicators {
      #expect(!indicator.source.organisation.isEmpty)
      #expect(indicator.source.licence?.isEmpty == false, "\(indicator.code) licence")
    }
    #expect(framework.requiredSeries.contains("SP.POP.TOTL"), "per-capita denominators are required series")
  }

  static let minimal = """
    schema: readiness-framework/1
    id: t
    name: T
    version: "1"
    label: L
    description: d
    scoring: {window_years: 5, coverage: {pillar: 0.5, dimension: 0.5, index: 0.8}, bands: [[0, 50, "Low"], [50, 100, "High"]]}
    dimensions:
      - code: D
        name: Dim
        pillars:
          - code: D.P
            name: Pil
            indicators:
              - {code: X, name: X, unit: "%", direction: higher, goalposts: [0, 100], lever: policy, rationale: r, source: {organisation: O, dataset: D, licence: CC BY 4.0, url: "u"}}
    """

  @Test func minimalFrameworkParses() throws {
    let framework = try Framework.parse(yaml: FrameworkTests.minimal)
    #expect(framework.indicators.map(\.code) == ["X"])
    #expect(framework.scoring.band(for: 50) == "High")
    #expect(framework.scoring.band(for: 100) == "High")
    #expect(framework.scoring.band(for: 49.9) == "Low")
  }

  @Test(arguments: [
    ("goalposts: [0, 100]", "goalposts: [100, 0]", "low < high"),
    ("direction: higher", "direction: upward", "direction"),
    ("goalposts: [0, 100]", "goalpost: [0, 100]", "goalpost"),
    ("schema: readiness-framework/1", "schema: readiness-framework/9", "schema"),
    ("code: X, name: X", "code: D.P, name: X", "duplicate"),
    ("lever: policy, ", "", "missing key \"lever\""),
    ("licence: CC BY 4.0, ", "", "missing key \"licence\""),
    ("id: t", "id: Test Framework", "lower-case"),
    ("goalposts: [0, 100]", "goalposts: [0, .inf]", "goalposts"),
    ("bands: [[0, 50, \"Low\"], [50, 100, \"High\"]]", "bands: [[0, 50, \"Low\"]]", "end at 100"),
  ])
  func invalidFrameworksAreRefusedWithTheReason(original: String, replacement: String, mention: String) {
    let yaml = FrameworkTests.minimal.replacingOccurrences(of: original, with: replacement)
    do {
      _ = try Framework.parse(yaml: yaml, file: "bad.yaml")
      Issue.record("accepted an invalid framework (\(replacement))")
    } catch {
      #expect(error.code == .invalidConfiguration)
      #expect(error.description.hasPrefix("bad.yaml"))
      #expect(error.description.contains(mention), "\(error.description)")
    }
  }

  @Test(arguments: [("direction: higher", "direction: upward", "direction"), ("lever: policy", "lever: fast", "lever")])
  func anInvalidEnumerationValueIsNamedWithItsLine(original: String, replacement: String, key: String) {
    let yaml = FrameworkTests.minimal.replacingOccurrences(of: original, with: replacement)
    do {
      _ = try Framework.parse(yaml: yaml, file: "bad.yaml")
      Issue.record("accepted \(replacement)")
    } catch {
      #expect(error.code == .invalidConfiguration)
      // The indicator is on line 15 of the minimal framework; the message names the key, the value
      // and what is allowed, not the decoder's "Cannot initialize … from invalid String value".
      #expect(error.location?.line == 15, "\(error)")
      #expect(
        error.message.contains("dimensions[0].pillars[0].indicators[0].\(key) is \"")
          && error.message.contains("expected"))
      #expect(!error.message.contains("Cannot initialize"), "\(error)")
    }
  }
}
