import Foundation
import ReadinessCore
import ReadinessScoring

/// The RAM-style country report (`readiness report`): summary, context, per RAM dimension the findings
/// with their evidence, the quantitative evidence of the framework score and the data gaps, a roadmap of
/// recommendations, and annexes (consultation log, evidence list). One model for every renderer.
/// Scores are RAM-aligned and unofficial: UNESCO's RAM publishes no score.
public struct AssessmentReport: Sendable, Codable, Hashable {
  /// Who, which round, which status, and the labels every page carries.
  public struct Header: Sendable, Codable, Hashable {
    public var iso3: String
    public var name: String
    public var round: String
    public var status: String
    public var assessmentDate: String
    public var asOf: String
    public var example: Bool
    public var title: String
    /// "DRAFT — not validated" unless the dossier is validated.
    public var watermark: String?
    public var label: String
    public var lead: String?
    public var questionBankVersion: String
    public var softwareVersion: String
  }

  /// One answer with its evidence.
  public struct AnswerItem: Sendable, Codable, Hashable {
    public var question: String
    public var questionText: String
    public var aspect: String
    public var answer: String
    public var level: Int
    public var maxLevel: Int
    public var status: String
    public var date: String?
    public var stale: Bool
    public var answeredBy: String?
    public var reviewer: String?
    public var note: String?
    public var evidence: [Dossier.Evidence]
  }

  /// A national figure.
  public struct FigureItem: Sendable, Codable, Hashable {
    public var figure: String
    public var text: String
    public var value: Double
    public var unit: String
    public var year: Int
    public var status: String
    public var evidence: [Dossier.Evidence]
  }

  /// An open-data indicator that speaks to a sub-dimension.
  public struct OpenDataItem: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var value: Double?
    public var unit: String
    public var year: Int?
    /// The framework's 0–100 indicator score.
    public var score: Double?
  }

  /// One sub-dimension: its policy score, written finding, answers with evidence, national figures, the
  /// open-data indicators that speak to it, and what is still unanswered.
  public struct SubSection: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var policy: PolicyScore.Part
    public var finding: String?
    public var answers: [AnswerItem]
    public var unanswered: [String]
    public var figures: [FigureItem]
    public var openData: [OpenDataItem]
    /// No open-data indicator of the default framework speaks to it (or none has a value).
    public var noOpenData: Bool
  }

  /// One RAM dimension (L, S, E, C, T): the policy score beside the open-data score, and its sub-dimensions.
  public struct DimensionSection: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    /// The ordinal policy and institutional readiness score (from the dossier).
    public var policy: PolicyScore.Part
    /// The open-data score of the framework's matching dimension (0–100), if scored.
    public var openDataScore: Double?
    public var openDataIndicators: String?
    public var subsections: [SubSection]
  }

  /// A data gap: a sub-dimension without open data, or with unanswered questions.
  public struct Gap: Sendable, Codable, Hashable {
    public var code: String
    public var name: String
    public var noOpenData: Bool
    public var unanswered: Int
    public var questions: Int
  }

  /// An item of the roadmap.
  public struct RoadmapItem: Sendable, Codable, Hashable {
    public var subdimension: String
    public var action: String
    public var timeframe: String
    public var priority: String
    public var lead: String
    public var why: String
    public var frameworks: [String]
  }

  /// The consultation log, the validation workshop, who took part, and every piece of evidence.
  public struct Annexes: Sendable, Codable, Hashable {
    public var consultation: [Dossier.ConsultationEvent]
    public var participantsTotal: Int
    public var workshop: Dossier.Workshop?
    public var organisations: [Dossier.Organisation]
    public var contributors: [String]
    /// Every evidence item with the question or figure it supports.
    public var evidence: [EvidenceRow]
  }

  /// An evidence item and the question (or `figure <id>`) it supports.
  public struct EvidenceRow: Sendable, Codable, Hashable {
    public var supports: String
    public var evidence: Dossier.Evidence
  }

  public var header: Header
  /// Sentences: questions answered, the scores per dimension, stale answers, what open data does not measure.
  public var summary: [String]
  /// Region, income group, open-data score, blocs, lead institution, participation.
  public var context: [String]
  /// The general block (`G`).
  public var general: SubSection?
  public var dimensions: [DimensionSection]
  public var gaps: [Gap]
  public var roadmap: [RoadmapItem]
  /// The recommendation library's disclaimer.
  public var roadmapNote: String
  public var annexes: Annexes
  /// How the scores are computed.
  public var method: [String]
}
