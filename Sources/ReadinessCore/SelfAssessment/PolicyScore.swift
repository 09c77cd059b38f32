import Foundation

/// The ordinal "policy and institutional readiness" score of a dossier: the qualitative side, shown
/// beside the open-data score and never blended with it. RAM-aligned and unofficial: UNESCO's RAM
/// publishes no score.
///
/// Formula (documented in Indicators/self-assessment/README.md):
/// - an answer's score is its level over the question's highest level (0 … 1); suggested answers
///   (pre-filled from open data) do not count;
/// - a sub-dimension's score is 100 × the mean of its counted answers' scores; its share answered is
///   counted answers / questions of the sub-dimension;
/// - a dimension's score is the mean of the scores of its sub-dimensions that have one (equal weights);
///   its share answered is counted answers / questions over the whole dimension;
/// - a score resting on less than half of its questions is marked incomplete (``Part/complete``).
public struct PolicyScore: Sendable, Hashable, Codable {
  /// The score of a sub-dimension or a dimension.
  public struct Part: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// 0 … 100, nil when nothing is answered.
    public var score: Double?
    public var answered: Int
    public var questions: Int
    /// answered / questions.
    public var share: Double { questions == 0 ? 0 : Double(answered) / Double(questions) }
    /// Whether at least half of the questions are answered.
    public var complete: Bool { questions > 0 && answered * 2 >= questions }
  }

  /// The general block and the 22 sub-dimensions, in the bank's order.
  public var subdimensions: [Part]
  /// The five RAM dimensions (L, S, E, C, T).
  public var dimensions: [Part]

  /// Scores `dossier` against `bank`.
  public init(dossier: Dossier, bank: QuestionBank) {
    var parts: [Part] = []
    for sub in bank.subdimensions {
      let questions = bank.questions.filter { $0.ram == sub.code }
      let scores = questions.compactMap { question in dossier.answer(question.id).flatMap { $0.counts ? $0.score : nil }
      }
      parts.append(
        Part(
          code: sub.code, name: sub.name,
          score: scores.isEmpty ? nil : 100 * scores.reduce(0, +) / Double(scores.count),
          answered: scores.count, questions: questions.count))
    }
    subdimensions = parts
    dimensions = QuestionBank.dimensions.map { dimension in
      let members = parts.filter { $0.code.hasPrefix(dimension.letter) }
      let scored = members.compactMap(\.score)
      return Part(
        code: dimension.letter, name: dimension.name,
        score: scored.isEmpty ? nil : scored.reduce(0, +) / Double(scored.count),
        answered: members.map(\.answered).reduce(0, +), questions: members.map(\.questions).reduce(0, +))
    }
  }

  /// A sub-dimension's part by code.
  public func subdimension(_ code: String) -> Part? { subdimensions.first { $0.code == code } }
}
