import ReadinessCore
import ReadinessScoring

/// Warnings on stderr about how a framework meets the workspace (`score`, `profile`, `batch`,
/// `compare`, `audit`, `uncertainty`, `validate`): a reference year that the data decided, and
/// framework indicators that match nothing imported.
enum ScoringNotices {
  /// The warning lines, without printing them.
  static func lines(framework: Framework, yearGiven: Int?, observations: [Observation], referenceYear: Int?) -> [String]
  {
    let scorer = Scorer(framework: framework)
    var lines: [String] = []
    if scorer.derivesReferenceYear(given: yearGiven), let referenceYear {
      lines.append(
        "warning: reference year \(referenceYear) derived from the data (latest year with a fifth of the indicators); "
          + "pass --year or set scoring.reference_year to keep it stable")
    }
    let missing = scorer.indicatorsWithoutData(observations: observations)
    if !missing.isEmpty {
      let count = missing.count == 1 ? "1 indicator" : "\(missing.count) indicators"
      lines.append(
        "warning: \(count) of framework \(framework.id) \(framework.version) "
          + "\(missing.count == 1 ? "has" : "have") no data in the workspace: \(missing.joined(separator: ", ")) "
          + "(import them, or check the codes)")
    }
    return lines
  }

  /// Prints the warnings on stderr.
  static func print(framework: Framework, yearGiven: Int?, observations: [Observation], referenceYear: Int?) {
    for line in lines(
      framework: framework, yearGiven: yearGiven, observations: observations, referenceYear: referenceYear)
    {
      ErrorHandling.printNote(line)
    }
  }
}
