import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring
import Testing
import _ReadinessTestSupport

@Suite("HTML profiles")
struct HTMLRendererTests {
  static let hostile = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#

  static func renderer() throws -> HTMLRenderer { try HTMLRenderer(templates: TestPaths.root + "/Reports/templates") }

  /// Every string that comes from data — country and indicator names, publishers, user group
  /// names, self-assessment evidence, recommendation text — stays inert text in the profile, the
  /// index page and the comparison.
  @Test func hostileTextStaysInert() throws {
    var options = World.options()
    options.peers = ["group:" + Self.hostile, "bloc:ASEAN"]
    options.userGroups = [Self.hostile: ["IDN", "THA", "SGP", "VNM"]]
    options.library = RecommendationLibrary(
      disclaimer: Self.hostile,
      entries: [.init(key: "X", group: "institutions", action: Self.hostile, question: Self.hostile)])
    options.questions = QuestionBank(questions: [
      .init(id: "q", indicator: "SA.Q", text: Self.hostile, options: ["yes": 1])
    ])
    options.supplementary = SupplementaryData(
      observations: [
        Observation(
          country: "MYS", areaKind: .country, indicator: "SA.Q", period: "2020", value: 1,
          note: "yes; evidence: " + Self.hostile, location: "l", source: SourceInfo(publisher: Self.hostile))
      ], windowStart: 2016, referenceYear: 2020)
    let builder = try World.builder(
      options: options, framework: World.framework(indicatorName: Self.hostile),
      reference: World.reference(countryName: Self.hostile), publisher: Self.hostile)
    let profile = try builder.profile("MYS")
    #expect(profile.recommendations.count == 1 && profile.governance.first?.status == "answered")
    let renderer = try Self.renderer()
    let pages = [
      renderer.render(profile), renderer.renderIndex([profile, try builder.profile("THA")], title: Self.hostile),
      renderer.renderComparison([profile, try builder.profile("IDN")]),
    ]
    for html in pages {
      #expect(!html.lowercased().contains("<script"), "a raw script tag")
      #expect(!html.lowercased().contains("<img"), "a raw img tag")
      #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
    }
    // The hostile name appears escaped in the title, the header, charts and tables.
    #expect(pages[0].components(separatedBy: "&lt;script&gt;").count > 10)
  }

  /// The profile is one self-contained file: charts are inline SVG with a title and a data
  /// table; nothing is loaded from elsewhere; the label is on the page.
  @Test func selfContainedAccessibleProfile() throws {
    let html = try Self.renderer().render(try World.builder().profile("MYS"))
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains(#"<html lang="en">"#))
    #expect(html.contains("RAM-aligned, unofficial") && html.contains("not UNESCO's figures"))
    let svgs = html.components(separatedBy: "<svg").count - 1
    #expect(svgs >= 4)
    #expect(html.components(separatedBy: #"role="img""#).count - 1 == svgs)
    #expect(html.components(separatedBy: "<title").count - 1 >= svgs + 1)
    for pattern in [#"src=""#, "<link", "@import", "url(", "<script"] { #expect(!html.contains(pattern), "\(pattern)") }
    // The scorecard's numbers are printed as text, not only drawn.
    #expect(html.contains(">50.0<") && html.contains("Dimension scores (data table of the chart)"))
  }

  /// Templates are read at run time: a user's folder changes the output without recompiling.
  @Test func templatesAreEditable() throws {
    let folder = TestPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for (name, text) in [
      ("profile.html", "{{name}}|{{score}}|{{#levers}}{{code}};{{/levers}}"),
      ("index.html", "{{#rows}}{{iso3}} {{/rows}}"),
      ("compare.html", "{{#countries}}{{iso3}}={{score}} {{/countries}}"), ("style", ""),
    ] {
      try text.write(toFile: folder + "/" + name + ".mustache", atomically: true, encoding: .utf8)
    }
    let renderer = try HTMLRenderer(templates: folder)
    let builder = try World.builder()
    #expect(renderer.render(try builder.profile("MYS")) == "Malaysia|50.0|Z;X;Y;")
    #expect(renderer.renderIndex([try builder.profile("MYS"), try builder.profile("SGP")], title: "t") == "SGP MYS ")
    #expect(
      renderer.renderComparison([try builder.profile("KEN"), try builder.profile("VNM")]) == "KEN=65.0 VNM=32.5 ")
    try FileManager.default.removeItem(atPath: folder + "/index.html.mustache")
    let error = #expect(throws: ReadinessError.self) { try HTMLRenderer(templates: folder) }
    #expect(error?.message.contains("index.html.mustache") == true)
  }

  @Test func csvBundle() throws {
    let files = CSVBundleRenderer.files(try World.builder().profile("MYS"))
    #expect(files.map(\.name) == ["indicators.csv", "scores.csv", "peers.csv", "levers.csv", "partners.csv"])
    let indicators = files[0].text.split(separator: "\n")
    #expect(indicators.count == 4)
    #expect(
      indicators[1].hasPrefix(
        "MYS,A,A.1,X,Indicator X,%,2020,40.000000,40.000000,40.000000,5,Limited,no,Publisher,D,not stated,"),
      "the world's sources state no licence: the framework's is not lent to them")
    // Index, two dimensions, two pillars; 4 peer groups' members; 3 levers × 3 targets.
    #expect(files[1].text.split(separator: "\n").count == 6)
    #expect(files[3].text.split(separator: "\n").count == 10)
  }
}

@Suite("Report data files")
struct ReportDataFileTests {
  /// Every key of the bundled library is an indicator or sub-pillar of the default framework or
  /// a self-assessment indicator, and every indicator has at least one prompt.
  @Test func bundledLibraryCoversTheFramework() throws {
    let library = try RecommendationLibrary.load(path: TestPaths.indicators + "/recommendations.yaml")
    let framework = try Framework.load(path: TestPaths.indicators + "/frameworks/ram-digital-divide.yaml")
    let questions = try QuestionBank.load(path: TestPaths.indicators + "/self-assessment/questions.yaml")
    let known = Set(
      framework.indicators.map(\.code) + framework.dimensions.flatMap(\.pillars).map(\.code)
        + questions.questions.map(\.indicator))
    for entry in library.entries { #expect(known.contains(entry.key), "unknown key \(entry.key)") }
    for code in framework.indicators.map(\.code) {
      #expect(!library.entries(for: code).isEmpty, "no prompt for \(code)")
    }
    for group in RecommendationLibrary.groups { #expect(library.entries.contains { $0.group == group }) }
    #expect(!library.disclaimer.isEmpty)
  }

  @Test(arguments: [
    (
      "entries:\n  - key: X\n    group: institutions\n    action: \"a\"\n    colour: red\n", "unknown key \"colour\"", 5
    ),
    ("entries:\n  - key: X\n    group: lobbying\n    action: \"a\"\n", "group \"lobbying\"", 3),
    ("entries:\n  - key: X\n    group: institutions\n", "needs \"action\"", 2),
  ])
  func libraryErrorsNameTheLine(body: String, message: String, line: Int) throws {
    let path = TestPaths.temporaryDirectory() + "/library.yaml"
    try ("schema: readiness-recommendations/1\ndisclaimer: \"d\"\n" + body).write(
      toFile: path, atomically: true, encoding: .utf8)
    let error = #expect(throws: ReadinessError.self) { try RecommendationLibrary.load(path: path) }
    #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    #expect(error?.location?.line == line + 2)
  }

  @Test func bundledLensAndGroupFile() throws {
    let lens = try DivideLens.load(path: TestPaths.indicators + "/divide-lens.yaml")
    #expect(lens.items.contains { $0.kind == "gender" } && lens.items.contains { $0.kind == "affordability" })
    let path = TestPaths.temporaryDirectory() + "/groups.csv"
    try "group,iso3\nCPA Asia,MYS\nCPA Asia,SG\nCPA Asia,XXX\n".write(toFile: path, atomically: true, encoding: .utf8)
    let reference = try TestPaths.reference()
    let error = #expect(throws: ReadinessError.self) { try PeerGroupFile.load(path: path, reference: reference) }
    #expect(error?.location?.line == 4 && error?.location?.column == 2)
    try "group,iso3\nCPA Asia,MYS\nCPA Asia,SG\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(try PeerGroupFile.load(path: path, reference: reference) == ["CPA Asia": ["MYS", "SGP"]])
  }
}
