import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring
import Testing
import _ReadinessTestSupport

@Suite("RAM-style report")
struct AssessmentReportTests {
  static let hostile = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#

  static func bank() throws -> QuestionBank {
    try QuestionBank.load(path: TestPaths.indicators + "/self-assessment/questions.yaml")
  }

  static func dossier(_ edit: (String) -> String = { $0 }) throws -> Dossier {
    let text = try String(
      contentsOfFile: TestPaths.indicators + "/self-assessment/example-dossier.yaml", encoding: .utf8)
    return try Dossier.parse(text: edit(text), path: "d.yaml", bank: bank(), reference: nil, today: "2026-11-30")
  }

  static func builder(blocs: [String] = ["AU", "COMMONWEALTH"]) throws -> AssessmentReportBuilder {
    AssessmentReportBuilder(
      bank: try bank(), library: try RecommendationLibrary.load(path: TestPaths.indicators + "/recommendations.yaml"),
      profile: nil, countryName: "Kenya", blocs: blocs, asOf: "2026-11-30", staleAfterMonths: 24, softwareVersion: "t")
  }

  @Test func draftCarriesTheWatermarkAndEveryScoreIsLabelled() throws {
    let report = try Self.builder().build(try Self.dossier())
    #expect(report.header.watermark == "DRAFT — not validated" && report.header.label == "RAM-aligned, unofficial")
    let markdown = AssessmentRenderer.markdown(report)
    #expect(markdown.contains("**DRAFT — not validated**"))
    #expect(markdown.contains("UNESCO publishes no RAM score"))
    let html = try HTMLRenderer(templates: TestPaths.root + "/Reports/templates").render(report)
    #expect(html.contains("class=\"watermark\"") && html.contains("DRAFT — not validated"))
    #expect(html.contains("RAM-aligned, unofficial"))
    // Policy beside open data, never blended: L shows 80.2 policy and, with no profile, no open-data score.
    let legal = try #require(report.dimensions.first { $0.code == "L" })
    #expect(oneDecimal(legal.policy.score) == "80.2" && legal.openDataScore == nil)
    // Gaps: L4 has no answer and no open data; L2 has no open data and 1 unanswered question.
    let l2 = try #require(report.gaps.first { $0.code == "L2" })
    #expect(l2.noOpenData && l2.unanswered == 1)
    #expect(report.gaps.first { $0.code == "L4" }?.unanswered == 4)
    // Stale: only L2.law.
    #expect(report.dimensions.flatMap(\.subsections).flatMap(\.answers).filter(\.stale).map(\.question) == ["L2.law"])
    // 25 answers, 2 with two items, 3 figures.
    #expect(report.annexes.participantsTotal == 123 && report.annexes.evidence.count == 30)
  }

  @Test func validatedDossierHasNoWatermark() throws {
    var dossier = try Self.dossier()
    dossier.status = .validated
    let report = try Self.builder().build(dossier)
    #expect(report.header.watermark == nil)
    #expect(!AssessmentRenderer.markdown(report).contains("DRAFT"))
    let html = try HTMLRenderer(templates: TestPaths.root + "/Reports/templates").render(report)
    #expect(!html.contains("DRAFT — not validated"))
  }

  /// The roadmap: sub-dimensions below 50 or unanswered, high priority first, then short term first;
  /// the economic dimension and environment, health and culture have entries.
  @Test func roadmapIsOrderedAndCoversTheQualitativeSubDimensions() throws {
    let report = try Self.builder().build(try Self.dossier())
    let items = report.roadmap
    #expect(!items.isEmpty)
    let priority = ["high": 0, "medium": 1, "low": 2]
    let timeframe = ["short": 0, "medium": 1, "long": 2]
    for (a, b) in zip(items, items.dropFirst()) {
      #expect((priority[a.priority]!, timeframe[a.timeframe]!) <= (priority[b.priority]!, timeframe[b.timeframe]!))
    }
    // L2 (68.75) and L3 (100) score 50 or more: no roadmap item; S3 (0), C1 (0) and L4 (unanswered) have.
    let codes = Set(items.map(\.subdimension))
    #expect(!codes.contains("L2") && !codes.contains("L3"))
    // T4 (statistics law in force, 100) scores 50 or more: no item.
    #expect(!codes.contains("T4"))
    for code in ["S3", "S4", "S5", "C1", "C2", "L4", "L6", "T2"] { #expect(codes.contains(code), "\(code)") }
    #expect(items.allSatisfy { !$0.lead.isEmpty && !$0.frameworks.isEmpty })
  }

  /// Regional instruments are worded by the country's blocs.
  @Test func regionalInstrumentsFollowTheBlocs() throws {
    let library = try RecommendationLibrary.load(path: TestPaths.indicators + "/recommendations.yaml")
    let entry = try #require(library.entries.first { $0.key == "ITU_GCI_GCI_OVRL_SCRE" && $0.legislation != nil })
    #expect(
      RecommendationLibrary.resolve(entry.legislation, blocs: ["EU"])
        == "Accession to the Budapest Convention on Cybercrime with the needed changes to criminal law.")
    #expect(
      RecommendationLibrary.resolve(entry.legislation, blocs: ["AU"])
        == "Accession to the Budapest Convention on Cybercrime, or ratification of the Malabo Convention, with the needed changes to criminal law."
    )
    let malabo = try #require(library.frameworks(of: entry, blocs: ["EU"]).first { $0.contains("Malabo") })
    #expect(malabo.hasSuffix("a model only: it binds or addresses members of the African Union"))
    #expect(library.frameworks(of: entry, blocs: ["AU"]).allSatisfy { !$0.contains("model only") })
    let asean = try #require(library.entries.first { $0.frameworks.contains { $0.contains("ASEAN Guide") } })
    #expect(library.frameworks(of: asean, blocs: ["ASEAN"]).allSatisfy { !$0.contains("model only") })
    #expect(
      library.frameworks(of: asean, blocs: ["OECD"]).contains {
        $0.contains("ASEAN Guide") && $0.contains("model only")
      })
  }

  @Test func hostileTextStaysInert() throws {
    let dossier = try Self.dossier {
      $0.replacingOccurrences(
        of: "Invented finding: no policy addresses", with: Self.hostile.replacingOccurrences(of: "\"", with: "'")
      )
      .replacingOccurrences(
        of: "title: \"EXAMPLE (invented): AI readiness self-assessment, round 2026\"", with: "title: '\(Self.hostile)'")
    }
    let report = try Self.builder().build(dossier)
    let html = try HTMLRenderer(templates: TestPaths.root + "/Reports/templates").render(report)
    #expect(!html.contains("<script") && !html.contains("<img"))
    #expect(html.contains("&lt;script&gt;"))
    // Self-contained: nothing loaded from outside.
    #expect(!html.contains("src=\"http") && !html.contains("<link") && !html.contains("@import"))
    let markdown = AssessmentRenderer.markdown(report)
    #expect(markdown.contains("\\<script\\>") && !markdown.replacingOccurrences(of: "\\<", with: "").contains("<"))
    let json = AssessmentRenderer.json(report)
    let decoded = try JSONDecoder().decode(AssessmentReport.self, from: Data(json.utf8))
    #expect(decoded == report)
  }
}

/// The report's one-decimal score text.
func oneDecimal(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "—" }

/// Every instrument the recommendation library cites, checked against the table of instruments: who is
/// a party, which articles exist, which countries an SDG target concerns.
@Suite("Cited instruments")
struct InstrumentTests {
  @Test func everyCitationIsKnownAndRight() throws {
    let library = try RecommendationLibrary.load(path: TestPaths.indicators + "/recommendations.yaml")
    for entry in library.entries {
      for text in entry.frameworks {
        let instrument = try #require(Instrument.cited(in: text), "unknown instrument: \(text)")
        for article in Instrument.articles(in: text) {
          let range = try #require(instrument.articles, "\(instrument.name) has no articles: \(text)")
          #expect(range.contains(article), "\(text): article \(article) outside \(range)")
        }
        if let target = Instrument.sdgTarget(in: text) {
          let scope = try #require(Instrument.sdgScopes[target], "SDG target \(target) not in the table")
          if scope != "all countries" { #expect(text.contains("scope: \(scope)"), "\(text) does not show its scope") }
        }
        #expect(!text.contains("CETS No. 185"), "the Budapest Convention is ETS No. 185: \(text)")
        if text.contains("ETS No. 185"), Instrument.articles(in: text).contains(15) {
          #expect(text.contains("judicial or other independent supervision"))
        }
        if text.contains("recommendation 2.2") { #expect(!entry.action.contains("telecoms regulator")) }
      }
      // Bloc-only instruments appear in the texts only inside their bloc's {BLOC: …}.
      for text in [entry.action, entry.question, entry.legislation, entry.budget].compactMap({ $0 }) {
        #expect(
          RecommendationLibrary.resolve(text, blocs: []).map { !$0.contains("Malabo") && !$0.contains("ASEAN") }
            ?? true, "\(text)")
      }
    }
    // Human review fits CETS 225 Article 15 beside Article 14.
    let review = try #require(library.entries.first { $0.action.contains("human review") })
    #expect(review.frameworks.contains { Instrument.articles(in: $0) == [14, 15] && $0.contains("CETS No. 225") })
    // Every timeframe, priority and sub-dimension is set and valid.
    let codes = Set(
      try QuestionBank.load(path: TestPaths.indicators + "/self-assessment/questions.yaml").subdimensions.map(\.code))
    for entry in library.entries {
      #expect(
        entry.subdimension.map(codes.contains) == true && entry.timeframe != nil && entry.priority != nil
          && entry.lead != nil, "\(entry.key)")
    }
    for code in ["C1", "C2", "C3", "S3", "S4", "S5"] {
      #expect(library.entries.contains { $0.subdimension == code }, "\(code)")
    }
  }

  @Test func theTableKnowsItsFacts() {
    #expect(
      Instrument.cited(in: "Council of Europe Convention on Cybercrime (Budapest Convention, ETS No. 185)")?.articles
        == 1...48)
    #expect(Instrument.cited(in: "African Union Convention … (Malabo Convention, 2014)")?.bloc == "AU")
    #expect(
      Instrument.sdgScopes["9.c"] == "least developed countries"
        && Instrument.sdgScopes["7.b"] == "developing countries")
    #expect(Instrument.articles(in: "X, Articles 14 (Remedies) and 15 (Procedural safeguards)") == [14, 15])
    #expect(Instrument.articles(in: "Sustainable Development Goal target 9.c (and 17 things)") == [])
  }
}
