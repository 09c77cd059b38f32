import Foundation
import Hummingbird
import HummingbirdTesting
import ReadinessCore
import ReadinessServer
import ReadinessStore
import _ReadinessTestSupport

/// The bundled snapshot scored once per test process (few uncertainty runs, no trends: fast), and a
/// site per test over a fresh collaboration store with three accounts.
enum ServerFixture {
  static let password = "correct horse battery staple"
  static let hostile = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#

  static let shared: Result<ServerDataset, any Error> = Result {
    let workspace = try ServerDataset.importSnapshot(into: TestPaths.temporaryDirectory() + "/snapshot.sqlite")
    var settings = ServerDataset.Settings()
    settings.uncertaintyRuns = 20
    settings.trendYears = 1
    return try ServerDataset.load(
      workspace: workspace, settings: settings, title: "bundled data snapshot (tests)", softwareVersion: "test")
  }

  static func dataset() throws -> ServerDataset { try shared.get() }

  static func site(anonymousRead: Bool = false, loginLimit: Int = 5) async throws -> (
    ReadinessSite, SQLiteCollaborationStore
  ) {
    let workspace = try Workspace(path: TestPaths.temporaryDirectory() + "/collaboration.sqlite")
    let store = SQLiteCollaborationStore(workspace: workspace)
    for (name, role) in [("vera", Role.viewer), ("cora", .contributor), ("rui", .reviewer)] {
      _ = try await Accounts.add(name: name, role: role, password: password, to: store, cost: 4)
    }
    var settings = ServerSettings()
    settings.anonymousRead = anonymousRead
    settings.bcryptCost = 4
    settings.loginLimit = loginLimit
    settings.templates = TestPaths.root + "/Reports/templates"
    return (try ReadinessSite(data: try dataset(), store: store, settings: settings), store)
  }

  static func application(_ site: ReadinessSite) -> some ApplicationProtocol {
    Application(router: site.router())
  }
}

/// A browser's state in the tests: cookies and the last page's CSRF token.
struct Browser {
  var cookies: [String: String] = [:]

  var headers: HTTPFields {
    var fields = HTTPFields()
    if !cookies.isEmpty {
      fields[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    }
    return fields
  }

  mutating func remember(_ response: TestResponse) {
    for value in response.headers[values: .setCookie] {
      let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        .map(String.init)
      guard pair.count == 2 else { continue }
      if pair[1].isEmpty { cookies.removeValue(forKey: pair[0]) } else { cookies[pair[0]] = pair[1] }
    }
  }

  mutating func get(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
    let response = try await client.execute(uri: uri, method: .get, headers: headers)
    remember(response)
    return response
  }

  mutating func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)]) async throws
    -> TestResponse
  {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let body = fields.map {
      "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
    }.joined(separator: "&")
    var headers = self.headers
    headers[.contentType] = "application/x-www-form-urlencoded"
    let response = try await client.execute(
      uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    remember(response)
    return response
  }

  /// Signs in (GET /login for the form's token, then POST); returns the POST's response.
  mutating func signIn(_ client: some TestClientProtocol, _ name: String, password: String = ServerFixture.password)
    async throws -> TestResponse
  {
    let form = try await get(client, "/login")
    let token = csrf(in: form.text) ?? ""
    return try await post(client, "/login", [("username", name), ("password", password), ("csrf_token", token)])
  }
}

/// The value of the first `csrf_token` field of a page.
func csrf(in html: String) -> String? {
  guard let range = html.range(of: #"name="csrf_token" value=""#) else { return nil }
  let rest = html[range.upperBound...]
  return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}

extension TestResponse {
  var text: String { String(buffer: body) }
}
