import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessScoring

struct BatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "batch",
    abstract: "Write a profile per country of a group, region or all, with an index page (ranking and heat table).",
    discussion: """
      Every profile is rendered before any file is written, and the files are written into a temporary folder \
      beside the output and moved into place at the end, so an error (a full disk) or a kill leaves the folder \
      as it was; a temporary folder left by a killed run is removed by the next. The index \
      page (index.html) ranks the countries and shows a countries × dimensions heat table with the values printed; \
      ranking.csv is the ranking of the countries written (as `score --format csv`; ranks among all countries scored).
      """)

  @Option(help: "A bloc (ASEAN, AU, EU, COMMONWEALTH, G20, OECD) or a group from --peer-group.") var group: String?
  @Option(help: "A UN region or sub-region (e.g. Africa, South-eastern Asia).") var region: String?
  @Flag(help: "Every country with a score.") var all = false
  @Option(help: "The folder to write.") var output: String
  @Option(help: "Formats, comma-separated: html, md, json, csv (default: html).") var format: String = "html"
  @OptionGroup var profileOptions: ProfileOptionGroup
  @OptionGroup var frameworkOptions: FrameworkOptions
  @OptionGroup var workspaceOptions: WorkspaceOptions

  func validate() throws {
    if [group != nil, region != nil, all].filter({ $0 }).count != 1 {
      throw ValidationError("choose exactly one of --group NAME, --region NAME or --all")
    }
    _ = try ProfileFormat.list(format)
  }

  func run() throws {
    try ErrorHandling.run {
      let builder = try ProfileSession.open(frameworkOptions, workspaceOptions, profileOptions)
      let (codes, title) = try members(builder: builder, reference: builder.reference)
      guard !codes.isEmpty else {
        throw ReadinessError(.notFound, "no country of \(title) has a score in this workspace")
      }
      try BatchWriter.write(
        codes: codes, title: title, builder: builder, formats: try ProfileFormat.list(format),
        html: try profileOptions.renderer(), output: output)
    }
  }

  private func members(builder: ProfileBuilder, reference: ReferenceData) throws -> ([String], String) {
    let scored = builder.result.countries.map(\.iso3)
    if all { return (scored, "All countries scored") }
    if let group {
      if let bloc = reference.blocs.keys.first(where: { $0.lowercased() == group.lowercased() }) {
        return (scored.filter { (reference.blocs[bloc] ?? []).contains($0) }, bloc)
      }
      if let members = builder.options.userGroups[group] { return (scored.filter { members.contains($0) }, group) }
      throw ReadinessError(
        .notFound,
        "no bloc or --peer-group group named \(group) (blocs: \(reference.blocs.keys.sorted().joined(separator: ", ")))"
      )
    }
    let name = region ?? ""
    let codes = scored.filter { code in
      let country = reference.country(code)
      return [country?.region, country?.subregion, country?.intermediateRegion].contains {
        $0?.lowercased() == name.lowercased()
      }
    }
    guard !codes.isEmpty else {
      let regions = Set(reference.countries.values.compactMap(\.region)).sorted()
      throw ReadinessError(
        .notFound,
        "no scored country in region \(name) (UN regions: \(regions.joined(separator: ", ")), or a sub-region)")
    }
    return (codes, name)
  }
}

/// Renders a set of profiles and the index page, then writes them all at once (through a
/// temporary folder beside the output, renamed into place).
enum BatchWriter {
  static func write(
    codes: [String], title: String, builder: ProfileBuilder, formats: [ProfileFormat], html: HTMLRenderer,
    output: String
  ) throws {
    let progress = ProgressLine(total: codes.count, label: "profiles")
    // Build the profiles in parallel (the builder is a value; each profile is independent).
    let counter = ProgressLine.Counter(progress)
    let profiles = try concurrentMap(codes.count) { i throws(any Error) -> CountryProfile in
      let profile = try builder.profile(codes[i])
      counter.advance()
      return profile
    }
    let rendered = try concurrentMap(profiles.count) { i throws(any Error) -> [(String, String)] in
      var files: [(String, String)] = []
      for format in formats { files += try format.files(profiles[i], html: html) }
      return files
    }
    var files = rendered.flatMap { $0 }
    // The index links to the HTML profiles, else the Markdown ones, else to nothing.
    let link = formats.contains(.html) ? "html" : formats.contains(.md) ? "md" : nil
    files.append(("index.html", html.renderIndex(profiles, title: title, linkExtension: link)))
    // The ranking of the countries written (ranks among all countries scored), as demo writes it.
    var ranked = builder.result
    let wanted = Set(codes)
    ranked.countries = ranked.countries.filter { wanted.contains($0.iso3) }
    files.append(("ranking.csv", ScoreTables.csv(ranked, reference: builder.reference)))
    // All or nothing: a full disk or a kill leaves the folder as it was (see AtomicFile.writeAll).
    try AtomicFile.writeAll(files.map { (name: $0.0, text: $0.1) }, into: output)
    ErrorHandling.printNote(
      "wrote \(profiles.count) profiles (\(formats.map(\.rawValue).joined(separator: ", "))), index.html and ranking.csv to \(output)"
    )
  }
}
