import Foundation
import Yams

/// The self-assessment question bank (`Indicators/self-assessment/questions.yaml`): qualitative
/// questions modelled on the RAM, each stored under an `SA.…` indicator with ordinal answer
/// scores from 0 (nothing in place) to 1 (fully in place). The importer scores answers with it;
/// profiles list it as the governance checklist.
public struct QuestionBank: Sendable, Hashable {
  /// One question.
  public struct Question: Sendable, Hashable, Codable {
    public var id: String
    /// The `SA.…` indicator code answers are stored under.
    public var indicator: String
    /// The RAM dimension code (LEG, SOC, ECO, SCI, TEC), when given.
    public var dimension: String?
    public var text: String
    /// Answer → ordinal score.
    public var options: [String: Double]

    public init(id: String, indicator: String, dimension: String? = nil, text: String, options: [String: Double]) {
      self.id = id
      self.indicator = indicator
      self.dimension = dimension
      self.text = text
      self.options = options
    }
  }

  /// The questions in file order.
  public var questions: [Question]

  public init(questions: [Question]) { self.questions = questions }

  /// A question by id.
  public subscript(id: String) -> Question? { questions.first { $0.id == id } }

  /// Loads a question bank.
  ///
  /// - Throws: ``ReadinessError`` `io` when unreadable, `invalidConfiguration` (with the line) when
  ///   a question lacks `id`, `indicator` or `options`.
  public static func load(path: String) throws(ReadinessError) -> QuestionBank {
    let text: String
    do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
      throw ReadinessError.cannotOpen(path, what: "question bank")
    }
    guard let root = try? Yams.compose(yaml: text), let nodes = root["questions"]?.sequence else {
      throw ReadinessError(.invalidConfiguration, "expected a questions list", at: SourceLocation(file: path))
    }
    var questions: [Question] = []
    for node in nodes {
      guard let id = node["id"]?.string, let indicator = node["indicator"]?.string,
        let options = node["options"]?.mapping
      else {
        throw ReadinessError(
          .invalidConfiguration, "a question needs id, indicator and options",
          at: SourceLocation(file: path, line: node.mark.map { $0.line }))
      }
      var scores: [String: Double] = [:]
      for (key, value) in options {
        if let name = key.string, let score = value.float { scores[name] = score }
      }
      questions.append(
        Question(
          id: id, indicator: indicator, dimension: node["dimension"]?.string, text: node["text"]?.string ?? id,
          options: scores))
    }
    return QuestionBank(questions: questions)
  }

  /// The bundled bank.
  public static func bundled() throws(ReadinessError) -> QuestionBank {
    try load(path: try ProjectPaths.indicators() + "/self-assessment/questions.yaml")
  }
}
