import Foundation
import ReadinessCore
import Testing
import _ReadinessTestSupport

@testable import ReadinessStore

/// `Workspace.forEachObservation`: the listing streamed one (country, indicator) group at a time, in
/// the documented order, and `newestOnly` resolving each key as the newest-vintage rule says.
@Suite struct StreamingTests {
  /// Three imports over the same keys, shuffled, with vintages 2021, none and 2020, and deletions.
  static func workspace() throws -> (Workspace, [(Observation, vintage: String?, importID: Int64)]) {
    let workspace = try Workspace(path: TestPaths.temporaryDirectory() + "/ws.sqlite")
    var generator = SeededGenerator(seed: 9)
    var written: [(Observation, vintage: String?, importID: Int64)] = []
    for (number, vintage) in [(1, "2021" as String?), (2, nil), (3, "2020")] {
      var batch: [Observation] = []
      for country in ["MYS", "KEN", "GBR", "ÅLA"] {
        for indicator in ["B.X", "A.Y"] {
          for year in [2019, 2020, 2018] where Int.random(in: 0..<4, using: &generator) > 0 {
            let deletion = Int.random(in: 0..<5, using: &generator) == 0
            batch.append(
              Observation(
                country: country, areaKind: .country, indicator: indicator, period: String(year),
                value: deletion ? 0 : Double(Int.random(in: 0..<1000, using: &generator)),
                status: deletion ? Observation.deletionStatus : nil, position: .line(batch.count + 2)))
          }
        }
      }
      batch.shuffle(using: &generator)
      let report = try workspace.importFile(file: "f\(number).csv", sha256: "d\(number)", format: "test") { writer in
        var report = ImportReport(
          file: "f\(number).csv", format: "test", source: SourceInfo(publisher: "P", vintage: vintage))
        for observation in batch {
          try writer.write(observation)
          report.count(observation)
        }
        return report
      }
      #expect(report.observations == batch.count)
      written += batch.map { ($0, vintage, Int64(number)) }
    }
    return (workspace, written)
  }

  @Test func groupsArriveWholeAndInOrder() throws {
    let (workspace, written) = try Self.workspace()
    var seen: [StoredObservation] = []
    var finished = Set<String>()
    var current: String?
    try workspace.forEachObservation { stored in
      let group = stored.observation.country + "/" + stored.observation.indicator
      if group != current {
        // A group is never revisited once left.
        #expect(!finished.contains(group), "\(group)")
        if let current { finished.insert(current) }
        current = group
      }
      seen.append(stored)
    }
    #expect(seen.count == written.count)
    // Country, indicator, period in byte order ("ÅLA" after "MYS"), then import and file order.
    let keys = seen.map { [$0.observation.country, $0.observation.indicator, $0.observation.period] }
    for (a, b) in zip(keys, keys.dropFirst()) {
      #expect(!b.joined(separator: "\u{1}").utf8.lexicographicallyPrecedes(a.joined(separator: "\u{1}").utf8))
    }
    #expect(seen.first?.observation.country == "GBR" && seen.last?.observation.country == "ÅLA")
    #expect(seen.map(\.observation) == (try workspace.observations()).map(\.observation))
  }

  /// Hand rule: per key, walk the imports in order; a deletion clears, otherwise the value with the
  /// greater (vintage, import) wins (no vintage counts as "").
  @Test func newestOnlyFollowsTheVintageRuleAndDeletions() throws {
    let (workspace, written) = try Self.workspace()
    var expected: [String: (value: Double, vintage: String, importID: Int64)] = [:]
    for (observation, vintage, importID) in written.sorted(by: { $0.importID < $1.importID }) {
      let key = observation.country + " " + observation.indicator + " " + observation.period
      if observation.isDeletion {
        expected[key] = nil
      } else if let best = expected[key], (best.vintage, best.importID) > (vintage ?? "", importID) {
        continue
      } else {
        expected[key] = (observation.value, vintage ?? "", importID)
      }
    }
    var got: [String: Double] = [:]
    try workspace.forEachObservation(newestOnly: true) { stored in
      let o = stored.observation
      #expect(got.updateValue(o.value, forKey: o.country + " " + o.indicator + " " + o.period) == nil)
    }
    #expect(got == expected.mapValues(\.value))
    #expect(expected.count > 10 && written.contains { $0.0.isDeletion })
  }
}
