import Foundation
import PostgresNIO
import ReadinessCore

/// A `postgres://USER:PASSWORD@HOST:PORT/DATABASE` URL, parsed once and never printed with its
/// password: ``description`` (used in every message) shows `***` in its place.
///
/// The query may set `sslmode` (`disable`, the default, or `prefer`/`require`, which this version
/// refuses: put TLS in front with a local tunnel) and `search_path` (the schema the tables live in,
/// which must exist; the tests give each test a schema of its own).
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
  public var host: String
  public var port: Int
  public var user: String
  var password: String?
  public var database: String
  /// The schema to use (`search_path`), when the URL names one.
  public var searchPath: String?

  /// Parses `text`; a malformed URL is `.invalidConfiguration`, and its message never repeats the
  /// password.
  public init(_ text: String) throws(ReadinessError) {
    func invalid(_ why: String) -> ReadinessError {
      ReadinessError(
        .invalidConfiguration,
        "--database \(PostgresURL.redacting(text)) is not a PostgreSQL URL: \(why) "
          + "(expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)")
    }
    guard let components = URLComponents(string: text) else { throw invalid("it does not parse") }
    guard let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()) else {
      throw invalid("the scheme is not postgres://")
    }
    guard let host = components.host, !host.isEmpty else { throw invalid("no host") }
    guard let user = components.user, !user.isEmpty else { throw invalid("no user") }
    let database = String(components.path.drop { $0 == "/" })
    guard !database.isEmpty, !database.contains("/") else { throw invalid("no database name after the host") }
    self.host = host
    self.port = components.port ?? 5432
    self.user = components.user.map { $0.removingPercentEncoding ?? $0 } ?? user
    self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
    self.database = database.removingPercentEncoding ?? database
    for item in components.queryItems ?? [] {
      switch item.name {
      case "sslmode":
        guard item.value == nil || item.value == "disable" || item.value == "allow" else {
          throw invalid("sslmode=\(item.value ?? "") is not supported by this version (only disable)")
        }
      case "search_path", "schema":
        guard let value = item.value, !value.isEmpty else { throw invalid("an empty \(item.name)") }
        searchPath = value
      default:
        throw invalid("unknown parameter \(item.name) (known: sslmode, search_path)")
      }
    }
  }

  /// The URL with the password replaced by `***`.
  public var description: String {
    var text = "postgres://" + user + (password == nil ? "" : ":***") + "@" + host + ":" + String(port) + "/" + database
    if let searchPath { text += "?search_path=" + searchPath }
    return text
  }

  /// The URL with its password, for handing on to a child process (tests). Never print it.
  var descriptionWithPassword: String {
    var components = URLComponents()
    components.scheme = "postgres"
    components.user = user
    components.password = password
    components.host = host
    components.port = port
    components.path = "/" + database
    if let searchPath { components.queryItems = [URLQueryItem(name: "search_path", value: searchPath)] }
    return components.string ?? description
  }

  /// This URL with another schema (`search_path`).
  public func with(searchPath: String?) -> PostgresURL {
    var copy = self
    copy.searchPath = searchPath
    return copy
  }

  /// `text` with whatever stands between `://user:` and `@` replaced by `***`, for messages about
  /// a URL that does not parse.
  static func redacting(_ text: String) -> String {
    guard let scheme = text.range(of: "://") else { return escapingControlCharacters(text) }
    let rest = text[scheme.upperBound...]
    guard let at = rest.lastIndex(of: "@") else { return escapingControlCharacters(text) }
    let userInfo = rest[..<at]
    guard let colon = userInfo.firstIndex(of: ":") else { return escapingControlCharacters(text) }
    return escapingControlCharacters(String(text[..<colon]) + ":***" + String(rest[at...]))
  }

  var configuration: PostgresConnection.Configuration {
    var configuration = PostgresConnection.Configuration(
      host: host, port: port, username: user, password: password, database: database, tls: .disable)
    configuration.options.connectTimeout = .seconds(10)
    if let searchPath { configuration.options.additionalStartupParameters = [("search_path", searchPath)] }
    return configuration
  }
}
