import Foundation
import Mustache
import ReadinessCore

/// Renders profiles, the batch index and comparisons as self-contained HTML through the
/// Mustache templates of `Reports/templates/` (editable without recompiling). Every data string
/// goes through Mustache's `{{…}}` HTML escaping; the templates use no triple mustaches.
public struct HTMLRenderer: Sendable {
  let library: MustacheLibrary

  /// Loads every `*.mustache` file of a folder; `profile.html.mustache` is registered as
  /// `profile.html`, `style.mustache` (the shared CSS partial) as `style`.
  ///
  /// - Throws: ``ReadinessError`` `io` when the folder cannot be read, `invalidConfiguration`
  ///   naming the template that does not parse or is missing.
  public init(templates directory: String) throws(ReadinessError) {
    var library = MustacheLibrary()
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
      throw ReadinessError.cannotOpen(directory, what: "templates folder")
    }
    for name in names where name.hasSuffix(".mustache") {
      let path = directory + "/" + name
      let text: String
      do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
        throw ReadinessError(.io, "cannot read the template", at: SourceLocation(file: path))
      }
      do {
        library.register(try MustacheTemplate(string: text), named: String(name.dropLast(".mustache".count)))
      } catch {
        throw ReadinessError(
          .invalidConfiguration, "the template does not parse: \(error)", at: SourceLocation(file: path))
      }
    }
    for required in ["profile.html", "index.html", "compare.html", "style"]
    where library.getTemplate(named: required) == nil {
      throw ReadinessError(
        .invalidConfiguration, "missing template \(required).mustache", at: SourceLocation(file: directory))
    }
    self.library = library
  }

  /// The bundled templates (`Reports/templates`).
  public static func bundled() throws(ReadinessError) -> HTMLRenderer {
    try HTMLRenderer(templates: try ProjectPaths.root() + "/Reports/templates")
  }

  /// One country's profile.
  public func render(_ profile: CountryProfile) -> String {
    library.render(HTMLViewModel.profile(profile), withTemplate: "profile.html") ?? ""
  }

  /// The batch index: ranking table and a countries × dimensions heat table, each country linked
  /// to `<ISO3>.<linkExtension>` (no link when `nil`).
  public func renderIndex(_ profiles: [CountryProfile], title: String, linkExtension: String? = "html") -> String {
    library.render(
      HTMLViewModel.index(profiles, title: title, linkExtension: linkExtension), withTemplate: "index.html") ?? ""
  }

  /// Several countries side by side.
  public func renderComparison(_ profiles: [CountryProfile]) -> String {
    library.render(HTMLViewModel.comparison(profiles), withTemplate: "compare.html") ?? ""
  }
}
