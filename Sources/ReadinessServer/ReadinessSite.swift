import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import ReadinessCore
import ReadinessReport
import ReadinessScoring
import ReadinessStore

/// The request context of `readiness serve`: Hummingbird's, plus the client's address (for login
/// throttling) and a small upload limit.
public struct ServerContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The client's IP address, when known.
  public let clientAddress: String?

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    clientAddress = source.channel.remoteAddress?.ipAddress
  }

  public var maxUploadSize: Int { ServerSettings.defaultMaxBody }
}

/// How the site behaves: who may read, cookie flags, limits.
public struct ServerSettings: Sendable {
  /// Bodies larger than this are refused (413).
  public static let defaultMaxBody = 64 * 1024
  /// Whether visitors who are not signed in may read rankings, profiles and dossiers.
  public var anonymousRead = false
  /// Adds `Secure` to the cookies (set it when the site is served under TLS or behind a TLS proxy).
  public var secureCookies = false
  public var maxBodyBytes = ServerSettings.defaultMaxBody
  /// How long a session lasts, in seconds.
  public var sessionLifetime: TimeInterval = 8 * 3600
  /// Failed sign-ins allowed per account name and per client address within `loginWindow` seconds.
  public var loginLimit = 5
  public var loginWindow: TimeInterval = 15 * 60
  /// The bcrypt cost of the dummy hash checked for unknown names (so that they take as long as known ones).
  public var bcryptCost: UInt8 = Passwords.defaultCost
  /// The folder of Mustache templates (default: Reports/templates).
  public var templates: String?

  public init() {}
}

/// A signed-in person.
struct Visitor: Sendable {
  var account: Account
  var session: WebSession
}

/// An error page: a status and a message shown to the visitor.
struct PageError: Error, Sendable {
  var status: HTTPResponse.Status
  var message: String
}

/// The web site of `readiness serve`: routes over a ``ServerDataset`` and a ``CollaborationStore``.
/// Profiles are rendered by ``HTMLRenderer`` from the same templates as `readiness profile --format
/// html`; rendered pages are cached per country and dropped when the country's answers change.
public struct ReadinessSite: Sendable {
  let data: ServerDataset
  let store: any CollaborationStore
  let settings: ServerSettings
  let renderer: HTMLRenderer
  let pages: MustacheLibrary
  let cache = PageCache()
  let throttle: LoginThrottle
  let dummyHash: String
  /// The Content-Security-Policy of every response.
  public let contentSecurityPolicy: String

  static let sessionCookie = "readiness_session"
  static let formCookie = "readiness_csrf"

  /// - Throws: ``ReadinessError`` when the templates cannot be read or do not parse.
  public init(data: ServerDataset, store: any CollaborationStore, settings: ServerSettings = ServerSettings())
    throws(ReadinessError)
  {
    self.data = data
    self.store = store
    self.settings = settings
    let folder: String
    if let templates = settings.templates {
      folder = templates
    } else {
      folder = try ProjectPaths.root() + "/Reports/templates"
    }
    renderer = try HTMLRenderer(templates: folder)
    var library = MustacheLibrary()
    var styles: Set<String> = []
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted() } catch {
      throw ReadinessError.cannotOpen(folder, what: "templates folder")
    }
    for name in names where name.hasSuffix(".mustache") {
      let path = folder + "/" + name
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ReadinessError(.io, "cannot read the template", at: SourceLocation(file: path))
      }
      do {
        library.register(try MustacheTemplate(string: text), named: String(name.dropLast(".mustache".count)))
      } catch {
        throw ReadinessError(
          .invalidConfiguration, "the template does not parse: \(error)", at: SourceLocation(file: path))
      }
      styles.formUnion(ReadinessSite.styleBlocks(text))
    }
    for required in ["serve-ranking.html", "serve-message.html", "serve-login.html", "serve-dossier.html"]
    where library.getTemplate(named: required) == nil {
      throw ReadinessError(
        .invalidConfiguration, "missing template \(required).mustache", at: SourceLocation(file: folder))
    }
    pages = library
    contentSecurityPolicy = ReadinessSite.policy(styleHashes: styles.sorted())
    throttle = LoginThrottle(limit: settings.loginLimit, window: settings.loginWindow)
    dummyHash = Passwords.hash(Tokens.random(bytes: 16), cost: settings.bcryptCost)
  }

  /// The text of every `<style>` element of a template (none of them holds a Mustache tag, so the
  /// rendered style is the template's text, and its hash can go into the policy).
  static func styleBlocks(_ template: String) -> [String] {
    var blocks: [String] = []
    var rest = template[...]
    while let open = rest.range(of: "<style>"),
      let close = rest.range(of: "</style>", range: open.upperBound..<rest.endIndex)
    {
      blocks.append(String(rest[open.upperBound..<close.lowerBound]))
      rest = rest[close.upperBound...]
    }
    return blocks
  }

  /// `default-src 'none'`; styles only by the hashes of the templates' `<style>` elements; forms post
  /// only to this site; no framing, no `<base>`.
  static func policy(styleHashes: [String]) -> String {
    let hashes = styleHashes.map { text -> String in
      var digest = SHA256()
      digest.update(Array(text.utf8))
      let hex = digest.finalizeHex()
      var bytes: [UInt8] = []
      var index = hex.startIndex
      while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
      }
      return "'sha256-" + Data(bytes).base64EncodedString() + "'"
    }
    return "default-src 'none'; style-src " + hashes.joined(separator: " ")
      + "; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
  }

  // MARK: - Responses

  func html(_ body: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
    var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
    headers.append(contentsOf: extra)
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
  }

  func file(_ body: String, type: String, name: String) -> Response {
    Response(
      status: .ok,
      headers: [
        .contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store",
      ],
      body: .init(byteBuffer: ByteBuffer(string: body)))
  }

  func redirect(_ location: String, headers extra: HTTPFields = [:]) -> Response {
    var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
    headers.append(contentsOf: extra)
    return Response(status: .seeOther, headers: headers)
  }

  func render(_ template: String, _ context: [String: Any]) -> String {
    var context = context
    context["hasErrors"] = !((context["errors"] as? [Any])?.isEmpty ?? true)
    return pages.render(context, withTemplate: template) ?? ""
  }

  /// The page of an error: its status and message, in the site's layout.
  func messagePage(_ status: HTTPResponse.Status, _ message: String, visitor: Visitor? = nil) -> Response {
    var context = frame(visitor: visitor, title: "\(status.code) \(status.reasonPhrase)")
    context["message"] = message
    context["code"] = status.code
    return html(render("serve-message.html", context), status: status)
  }

  /// What every page of the site shows around its content: the title, the signed-in person and
  /// the sign-out form.
  func frame(visitor: Visitor?, title: String, csrf: String? = nil) -> [String: Any] {
    var context: [String: Any] = [
      "title": title, "label": data.framework.label, "softwareVersion": data.softwareVersion,
      "dataTitle": data.title,
    ]
    if let visitor {
      context["user"] = ["name": visitor.account.name, "role": visitor.account.role.rawValue]
      context["csrf"] = visitor.session.csrfToken
    } else if let csrf {
      context["csrf"] = csrf
    }
    return context
  }

  func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
    "\(name)=\(value); HttpOnly; SameSite=Strict; Path=/; Max-Age=\(maxAge)"
      + (settings.secureCookies ? "; Secure" : "")
  }

  // MARK: - Sessions

  /// The signed-in person of a request, if its session cookie names a live session.
  func visitor(_ request: Request) async throws -> Visitor? {
    guard let token = request.cookies[ReadinessSite.sessionCookie]?.value, token.count == 64 else { return nil }
    guard let session = try await store.session(tokenHash: Tokens.hash(token)) else { return nil }
    guard session.expires > Timestamps.now() else {
      try await store.deleteSession(tokenHash: session.tokenHash)
      return nil
    }
    guard let account = try await store.account(named: session.account) else { return nil }
    return Visitor(account: account, session: session)
  }

  /// The visitor of a page that reads: nil for an anonymous visitor where anonymous reading is
  /// allowed; a redirect to the sign-in page otherwise.
  enum ReadAccess {
    case allowed(Visitor?)
    case signIn(Response)
  }

  func readAccess(_ request: Request) async throws -> ReadAccess {
    if let visitor = try await visitor(request) { return .allowed(visitor) }
    if settings.anonymousRead { return .allowed(nil) }
    return .signIn(redirect("/login?next=" + ReadinessSite.encode(request.uri.path)))
  }

  static func encode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~/")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  /// The fields of a form post, at most `maxBodyBytes` (413 beyond).
  func form(_ request: Request) async throws -> [String: String] {
    let buffer = try await request.body.collect(upTo: settings.maxBodyBytes)
    return FormData.parse(String(buffer: buffer))
  }

  /// A write: the person signed in, the form's CSRF token theirs, their role at least `role`.
  func authorizeWrite(_ request: Request, fields: [String: String], role: Role) async throws -> Visitor {
    guard let visitor = try await visitor(request) else {
      throw PageError(status: .forbidden, message: "Sign in to change anything (this form was sent without a session).")
    }
    guard let token = fields["csrf_token"], Tokens.equal(token, visitor.session.csrfToken) else {
      throw PageError(
        status: .forbidden,
        message: "The form's security token is missing or out of date. Go back, reload the page and send it again.")
    }
    guard visitor.account.role >= role else {
      throw PageError(
        status: .forbidden,
        message: "Your role (\(visitor.account.role.rawValue)) may not do this; it needs \(role.rawValue) or above.")
    }
    return visitor
  }

  /// The CSRF token of a visitor without a session (double-submit: the same random value in an
  /// HttpOnly, SameSite=Strict cookie and in the form), and the cookie to set when it is new.
  func anonymousToken(_ request: Request) -> (token: String, header: HTTPFields) {
    if let token = request.cookies[ReadinessSite.formCookie]?.value, token.count == 64,
      token.allSatisfy(\.isHexDigit)
    {
      return (token, [:])
    }
    let token = Tokens.random()
    return (token, [.setCookie: cookie(ReadinessSite.formCookie, token, maxAge: 3600)])
  }

  /// Checks the CSRF token of a form posted by a visitor who may have no session.
  func checkFormToken(_ request: Request, fields: [String: String], visitor: Visitor?) throws {
    let expected = visitor?.session.csrfToken ?? request.cookies[ReadinessSite.formCookie]?.value ?? ""
    guard let token = fields["csrf_token"], Tokens.equal(token, expected) else {
      throw PageError(
        status: .forbidden,
        message: "The form's security token is missing or out of date. Go back, reload the page and send it again.")
    }
  }

  /// Drops the cached pages of a country (after its answers changed).
  func invalidate(country: String) { cache.invalidate(country: country) }
}

/// Adds the security headers to every response, and turns every error into a page of the site.
struct SecurityMiddleware: RouterMiddleware {
  typealias Context = ServerContext
  let site: ReadinessSite

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    var response: Response
    do {
      response = try await next(request, context)
    } catch let error as PageError {
      response = site.messagePage(error.status, error.message)
    } catch let error as ReadinessError where error.code == .notFound {
      response = site.messagePage(.notFound, error.message)
    } catch let error as ReadinessError where error.code == .conflict {
      response = site.messagePage(.conflict, error.message)
    } catch let error as any HTTPResponseError {
      let status = error.status
      let message: String
      switch status {
      case .notFound: message = "There is no page at this address."
      case .contentTooLarge:
        message = "The form is larger than this site accepts (\(site.settings.maxBodyBytes) bytes)."
      case .methodNotAllowed: message = "This address does not accept that method."
      default: message = status.reasonPhrase
      }
      response = site.messagePage(status, message)
    } catch {
      context.logger.error("request failed: \(String(describing: error))")
      response = site.messagePage(.internalServerError, "Something went wrong on the server; it has been logged.")
    }
    response.headers[.contentSecurityPolicy] = site.contentSecurityPolicy
    response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
    response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
    response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
    response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
    return response
  }
}
