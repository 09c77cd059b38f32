import Foundation
import ReadinessCore
import ReadinessScoring
import Testing
import _ReadinessTestSupport

/// A misspelt key in a pipeline or uncertainty specification is an error at its line, never a
/// step silently left at its default.
@Suite("Unknown keys in pipeline and uncertainty files")
struct ConfigurationKeyTests {
  static func write(_ text: String) throws -> String {
    let path = TestPaths.temporaryDirectory() + "/config.yaml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  static let pipeline = """
    denominate: true
    impute: {method: mean}
    treat: {method: coinr, winmax: 5}
    normalise: {method: zscore}
    aggregate: {method: geometric, nodes: {Sust: arithmetic}}
    """

  @Test func theFullPipelineVocabularyIsAccepted() throws {
    let pipeline = try CoinPipeline.load(path: try Self.write(Self.pipeline))
    #expect(pipeline.normalise.method == .zscore && pipeline.aggregate.method(for: "Sust") == .arithmetic)
    _ = try CoinPipeline.load(path: TestPaths.indicators + "/pipelines/coinr-asem-example.yaml")
    _ = try CoinUncertainty.Spec.load(path: TestPaths.indicators + "/pipelines/coinr-asem-uncertainty.yaml")
  }

  @Test(arguments: [
    ("normalise: {method: zscore}", "normalize: {method: zscore}", "normalize", 4),
    ("treat: {method: coinr, winmax: 5}", "treat: {method: coinr, winmx: 5}", "winmx", 3),
    ("aggregate: {method: geometric", "agregate: {method: geometric", "agregate", 5),
    ("impute: {method: mean}", "impute: {method: mean, grup: G}", "grup", 2),
  ])
  func aMisspeltPipelineKeyIsRefusedWithItsLine(original: String, replacement: String, key: String, line: Int) throws {
    let path = try Self.write(Self.pipeline.replacingOccurrences(of: original, with: replacement))
    do {
      _ = try CoinPipeline.load(path: path)
      Issue.record("accepted \(replacement)")
    } catch {
      #expect(error.code == .invalidConfiguration)
      #expect(error.location?.file == path && error.location?.line == line, "\(error)")
      #expect(error.message.contains("unknown key \"\(key)\""), "\(error)")
    }
  }

  @Test func aMisspeltUncertaintyKeyIsRefusedWithItsLine() throws {
    let path = try Self.write("runs: 100\nseed: 1\nwinmx: [3, 5]\n")
    do {
      _ = try CoinUncertainty.Spec.load(path: path)
      Issue.record("accepted winmx")
    } catch {
      #expect(error.code == .invalidConfiguration)
      #expect(error.location?.line == 3 && error.message.contains("unknown key \"winmx\""), "\(error)")
    }
  }
}
