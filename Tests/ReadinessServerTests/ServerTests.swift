import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessCore
import ReadinessReport
import ReadinessStore
import Testing
import _ReadinessTestSupport

@testable import ReadinessServer

@Suite("Web server: pages, downloads, headers")
struct ServerPageTests {
  @Test func rankingFiltersAndSecurityHeaders() async throws {
    let (site, _) = try await ServerFixture.site(anonymousRead: true)
    try await ServerFixture.application(site).test(.router) { client in
      var browser = Browser()
      let page = try await browser.get(client, "/")
      #expect(page.status == .ok)
      #expect(page.text.contains("Malaysia (MYS)") && page.text.contains(#"href="/countries/MYS""#))
      let csp = page.headers[.contentSecurityPolicy] ?? ""
      for part in ["default-src 'none'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "'sha256-"]
      {
        #expect(csp.contains(part), "CSP lacks \(part)")
      }
      #expect(!csp.contains("unsafe"))
      #expect(page.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
      #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
      #expect(!page.text.contains("<script") && !page.text.contains("http://") && !page.text.contains("https://"))
      let all = page.text.components(separatedBy: "<tr><td>").count
      let asia = try await browser.get(client, "/?region=Asia&income=&bloc=")
      #expect(asia.status == .ok)
      let rows = asia.text.components(separatedBy: "<tr><td>").count
      #expect(rows > 3 && rows < all && asia.text.contains("Malaysia (MYS)") && !asia.text.contains("Kenya (KEN)"))
      let asean = try await browser.get(client, "/?bloc=ASEAN")
      #expect(asean.text.contains("Malaysia (MYS)") && !asean.text.contains("Kenya (KEN)"))
      let bad = try await browser.get(
        client, "/?region=" + ServerFixture.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
      #expect(bad.status == .badRequest && bad.text.contains("Unknown region"))
      #expect(!bad.text.contains("<script") && bad.text.contains("&lt;script&gt;"))
    }
  }

  @Test func profileIsTheStaticRenderingAndDownloads() async throws {
    let (site, _) = try await ServerFixture.site(anonymousRead: true)
    let data = try ServerFixture.dataset()
    let expected = try HTMLRenderer(templates: TestPaths.root + "/Reports/templates").render(
      try data.builder.profile("MYS"))
    try await ServerFixture.application(site).test(.router) { client in
      var browser = Browser()
      let page = try await browser.get(client, "/countries/MYS")
      #expect(page.status == .ok && page.text == expected)
      #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
      let again = try await browser.get(client, "/countries/mys")
      #expect(again.text == expected)
      for (suffix, type, marker) in [
        ("html", "text/html", "<!DOCTYPE html>"), ("md", "text/markdown", "# "), ("json", "application/json", "{"),
        ("csv", "text/csv", ","),
      ] {
        let file = try await browser.get(client, "/countries/MYS." + suffix)
        #expect(file.status == .ok, "MYS.\(suffix)")
        #expect(file.headers[.contentType]?.hasPrefix(type) == true)
        #expect(file.headers[.contentDisposition]?.contains("MYS") == true)
        #expect(file.text.contains(marker))
        #expect(file.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
      }
      for missing in [
        "/countries/ZZZ", "/countries/MYS.exe", "/countries/%3Cscript%3E", "/nowhere", "/countries/MYS/x",
      ] {
        let response = try await browser.get(client, missing)
        #expect(response.status == .notFound, "\(missing)")
        #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        #expect(!response.text.contains("<script"))
      }
    }
  }

  @Test func compareAndWhatIf() async throws {
    let (site, _) = try await ServerFixture.site(anonymousRead: true)
    let data = try ServerFixture.dataset()
    try await ServerFixture.application(site).test(.router) { client in
      var browser = Browser()
      let compare = try await browser.get(client, "/compare?countries=MYS,THA,IDN")
      #expect(compare.status == .ok && compare.text.contains("Malaysia") && compare.text.contains("Thailand"))
      let form = try await browser.get(client, "/compare")
      #expect(form.status == .ok && form.text.contains(#"name="countries""#))
      let bad = try await browser.get(client, "/compare?countries=MYS,ZZZ")
      #expect(bad.status == .badRequest && bad.text.contains("ZZZ"))
      let one = try await browser.get(client, "/compare?countries=MYS")
      #expect(one.status == .badRequest)

      let page = try await browser.get(client, "/countries/MYS/what-if")
      #expect(page.status == .ok)
      let token = try #require(csrf(in: page.text))
      #expect(browser.cookies["readiness_csrf"] == token)
      let indicator = try #require(
        data.framework.indicators.first {
          $0.sumOf == nil && data.result.country("MYS")?.indicator($0.code)?.raw != nil
        })
      let field = "v." + indicator.code
      let result = try await browser.post(client, "/countries/MYS/what-if", [("csrf_token", token), (field, "1e9")])
      #expect(result.status == .ok && result.text.contains("Result") && result.text.contains("rank"))
      let noToken = try await browser.post(client, "/countries/MYS/what-if", [(field, "5")])
      #expect(noToken.status == .forbidden)
      let notNumber = try await browser.post(
        client, "/countries/MYS/what-if", [("csrf_token", token), (field, ServerFixture.hostile)])
      #expect(notNumber.status == .unprocessableContent && notNumber.text.contains("is not a number"))
      #expect(!notNumber.text.contains("<script"))
      let nothing = try await browser.post(client, "/countries/MYS/what-if", [("csrf_token", token)])
      #expect(nothing.status == .unprocessableContent && nothing.text.contains("Change at least one value"))
    }
  }

  @Test func bodiesOverTheLimitAre413() async throws {
    let (site, _) = try await ServerFixture.site()
    try await ServerFixture.application(site).test(.router) { client in
      var headers = HTTPFields()
      headers[.contentType] = "application/x-www-form-urlencoded"
      let body = ByteBuffer(string: "username=" + String(repeating: "a", count: 200_000))
      let response = try await client.execute(uri: "/login", method: .post, headers: headers, body: body)
      #expect(response.status == .contentTooLarge)
      #expect(response.headers[.contentSecurityPolicy] != nil)
    }
  }
}

@Suite("Web server: accounts, sessions, CSRF")
struct ServerAccessTests {
  @Test func anonymousReadingNeedsTheAdminsConsent() async throws {
    let (site, _) = try await ServerFixture.site(anonymousRead: false)
    try await ServerFixture.application(site).test(.router) { client in
      var browser = Browser()
      for path in ["/", "/countries/MYS", "/dossier/KEN", "/compare?countries=MYS,THA", "/dossier/KEN/report"] {
        let response = try await browser.get(client, path)
        #expect(response.status == .seeOther, "\(path)")
        #expect(response.headers[.location]?.hasPrefix("/login?next=") == true)
      }
      let login = try await browser.get(client, "/login?next=/dossier/KEN")
      #expect(
        login.status == .ok && login.text.contains(#"name="username""#) && login.text.contains(#"name="password""#))
      #expect(login.text.contains(#"name="next" value="/dossier/KEN""#))
      let cookie = login.headers[values: .setCookie].first { $0.hasPrefix("readiness_csrf=") } ?? ""
      #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
      let offsite = try await browser.get(client, "/login?next=//evil.example/")
      #expect(offsite.text.contains(#"name="next" value="""#))
    }
  }

  @Test func signInSignOutAndCookies() async throws {
    let (site, store) = try await ServerFixture.site()
    try await ServerFixture.application(site).test(.router) { client in
      var browser = Browser()
      let form = try await browser.get(client, "/login?next=/dossier/KEN")
      let token = try #require(csrf(in: form.text))
      let ok = try await browser.post(
        client, "/login",
        [("username", "cora"), ("password", ServerFixture.password), ("csrf_token", token), ("next", "/dossier/KEN")])
      #expect(ok.status == .seeOther && ok.headers[.location] == "/dossier/KEN")
      let session = ok.headers[values: .setCookie].first { $0.hasPrefix("readiness_session=") } ?? ""
      for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] { #expect(session.contains(flag)) }
      #expect(!session.contains("Secure"))
      let cookieToken = try #require(browser.cookies["readiness_session"])
      #expect(cookieToken.count == 64)
      // Only the token's SHA-256 is stored.
      #expect(try await store.session(tokenHash: cookieToken) == nil)
      let dossier = try await browser.get(client, "/dossier/KEN")
      #expect(dossier.status == .ok && dossier.text.contains("Signed in as <strong>cora</strong>"))
      let sessionCSRF = try #require(csrf(in: dossier.text))
      let logoutPage = try await browser.get(client, "/logout")
      #expect(logoutPage.status == .ok && csrf(in: logoutPage.text) == sessionCSRF)
      var stranger = Browser()
      #expect(try await stranger.get(client, "/logout").status == .seeOther)
      let noToken = try await browser.post(client, "/logout", [])
      #expect(noToken.status == .forbidden)
      let out = try await browser.post(client, "/logout", [("csrf_token", sessionCSRF)])
      #expect(out.status == .seeOther && out.headers[.location] == "/login")
      #expect(browser.cookies["readiness_session"] == nil)
      var replay = Browser()
      replay.cookies["readiness_session"] = cookieToken
      let after = try await replay.get(client, "/dossier/KEN")
      #expect(after.status == .seeOther, "a signed-out session no longer opens pages")
    }
  }

  @Test func loginChecksTokenPasswordAndThrottles() async throws {
    let (site, _) = try await ServerFixture.site(loginLimit: 3)
    try await ServerFixture.application(site).test(.router) { client in
      var browser = Browser()
      let form = try await browser.get(client, "/login")
      let token = try #require(csrf(in: form.text))
      let noToken = try await browser.post(
        client, "/login", [("username", "cora"), ("password", ServerFixture.password)])
      #expect(noToken.status == .forbidden && noToken.text.contains("expired"))
      var stranger = Browser()
      let forged = try await stranger.post(
        client, "/login", [("username", "cora"), ("password", ServerFixture.password), ("csrf_token", token)])
      #expect(forged.status == .forbidden, "a token without its cookie is refused")
      let empty = try await browser.post(client, "/login", [("username", ""), ("password", ""), ("csrf_token", token)])
      #expect(empty.status == .unprocessableContent)
      for _ in 0..<3 {
        let wrong = try await browser.post(
          client, "/login", [("username", "cora"), ("password", "wrong password"), ("csrf_token", token)])
        #expect(wrong.status == .unauthorized && wrong.text.contains("Wrong account name or password"))
      }
      let throttled = try await browser.post(
        client, "/login", [("username", "cora"), ("password", ServerFixture.password), ("csrf_token", token)])
      #expect(throttled.status == .tooManyRequests && throttled.text.contains("Too many failed sign-ins"))
      #expect(Int(throttled.headers[.retryAfter] ?? "") ?? 0 > 0)
      #expect(browser.cookies["readiness_session"] == nil)
      let unknown = try await browser.post(
        client, "/login", [("username", ServerFixture.hostile), ("password", "x"), ("csrf_token", token)])
      #expect(!unknown.text.contains("<script") && unknown.text.contains("&lt;script&gt;"))
    }
  }
}

@Suite("Web server: the dossier")
struct ServerDossierTests {
  static let question = "G.ai_strategy"
  static var edit: String { "/dossier/KEN/questions/\(question)" }

  @Test func writesAreRefusedWithoutRoleOrToken() async throws {
    let (site, store) = try await ServerFixture.site(anonymousRead: true)
    try await ServerFixture.application(site).test(.router) { client in
      var anonymous = Browser()
      let fields = [("answer", "adopted"), ("version", "0"), ("evidence_type", "policy"), ("evidence_citation", "x")]
      let page = try await anonymous.get(client, "/dossier/KEN")
      #expect(page.status == .ok && page.text.contains("Sign in</a> to answer") && !page.text.contains("Save review"))
      #expect(try await anonymous.post(client, Self.edit, fields + [("csrf_token", "x")]).status == .forbidden)
      #expect(try await anonymous.get(client, Self.edit).status == .seeOther)
      var viewer = Browser()
      _ = try await viewer.signIn(client, "vera")
      let viewerToken = try #require(csrf(in: try await viewer.get(client, "/dossier/KEN").text))
      #expect(try await viewer.get(client, Self.edit).status == .forbidden)
      #expect(try await viewer.post(client, Self.edit, fields + [("csrf_token", viewerToken)]).status == .forbidden)
      var contributor = Browser()
      _ = try await contributor.signIn(client, "cora")
      let token = try #require(csrf(in: try await contributor.get(client, "/dossier/KEN").text))
      #expect(try await contributor.post(client, Self.edit, fields).status == .forbidden, "no CSRF token")
      #expect(
        try await contributor.post(client, Self.edit, fields + [("csrf_token", viewerToken)]).status == .forbidden)
      let review = try await contributor.post(
        client, Self.edit + "/review", [("status", "validated"), ("version", "0"), ("csrf_token", token)])
      #expect(review.status == .forbidden, "a contributor cannot validate")
      #expect(try await store.answers(country: "KEN").isEmpty)
      #expect(
        try await contributor.post(client, "/dossier/ZZZ/questions/G.ai_strategy", fields + [("csrf_token", token)])
          .status == .notFound)
      #expect(
        try await contributor.post(client, "/dossier/KEN/questions/G.nope", fields + [("csrf_token", token)]).status
          == .notFound)
    }
  }

  @Test func answerReviewAuditConflictAndInertText() async throws {
    let (site, store) = try await ServerFixture.site()
    try await ServerFixture.application(site).test(.router) { client in
      var cora = Browser()
      _ = try await cora.signIn(client, "cora")
      let before = try await cora.get(client, "/countries/KEN")  // cached before the answer
      #expect(before.status == .ok)
      let form = try await cora.get(client, Self.edit)
      #expect(form.status == .ok && form.text.contains(#"name="answer" value="adopted""#))
      let token = try #require(csrf(in: form.text))
      // Validation: no option, a bad address, a future date; the form comes back with the messages.
      let invalid = try await cora.post(
        client, Self.edit,
        [
          ("csrf_token", token), ("version", "0"), ("answer", "maybe"),
        ])
      #expect(invalid.status == .unprocessableContent && invalid.text.contains("Choose one of the answers"))
      let badEvidence = try await cora.post(
        client, Self.edit,
        [
          ("csrf_token", token), ("version", "0"), ("answer", "adopted"), ("evidence_type", "policy"),
          ("evidence_citation", ""), ("evidence_url", "javascript:alert(1)"), ("evidence_date", "2999-01-01"),
        ])
      #expect(badEvidence.status == .unprocessableContent)
      for message in ["needs a citation", "must start with https://", "not in the future"] {
        #expect(badEvidence.text.contains(message), "\(message)")
      }
      #expect(badEvidence.text.contains(#"value="javascript:alert(1)""#), "the form keeps what was typed")
      let saved = try await cora.post(
        client, Self.edit,
        [
          ("csrf_token", token), ("version", "0"), ("answer", "adopted"), ("note", ServerFixture.hostile),
          ("evidence_type", "policy"), ("evidence_citation", ServerFixture.hostile),
          ("evidence_url", "https://example.org/strategy?a=1&b=2"), ("evidence_date", "2025-03-01"),
        ])
      #expect(saved.status == .seeOther && saved.headers[.location] == "/dossier/KEN#q-G.ai_strategy")
      let stored = try #require(try await store.answers(country: "KEN").first)
      #expect(stored.version == 1 && stored.status == .draft && stored.note == ServerFixture.hostile)
      let dossier = try await cora.get(client, "/dossier/KEN")
      #expect(dossier.text.contains("Audit trail") && dossier.text.contains("cora"))
      #expect(!dossier.text.contains("<script") && !dossier.text.contains("<img src=x"))
      #expect(dossier.text.contains("&lt;script&gt;"))
      #expect(dossier.text.contains(#"href="https://example.org/strategy?a=1&amp;b=2""#))

      var rui = Browser()
      _ = try await rui.signIn(client, "rui")
      let reviewPage = try await rui.get(client, "/dossier/KEN")
      let reviewToken = try #require(csrf(in: reviewPage.text))
      #expect(reviewPage.text.contains("Save review of G.ai_strategy"))
      let validated = try await rui.post(
        client, Self.edit + "/review", [("status", "validated"), ("version", "1"), ("csrf_token", reviewToken)])
      #expect(validated.status == .seeOther)
      let after = try await rui.get(client, "/dossier/KEN")
      #expect(after.text.contains(#"status <strong class="status-validated">validated</strong>"#))
      #expect(after.text.contains("reviewer rui"))
      let trail = try await store.audit(country: "KEN", question: Self.question)
      #expect(
        trail.map(\.who) == ["cora", "rui"] && trail[1].old?.status == .draft && trail[1].new.status == .validated)

      // Cora's form still carries version 1: her save is a conflict, nothing of hers is stored.
      let stale = try await cora.post(
        client, Self.edit, [("csrf_token", token), ("version", "1"), ("answer", "planned"), ("note", "mine")])
      #expect(stale.status == .conflict)
      #expect(
        stale.text.contains("Conflict") && stale.text.contains("Theirs (stored)")
          && stale.text.contains("Yours (not saved)"))
      #expect(stale.text.contains("planned") && stale.text.contains("validated"))
      #expect(stale.text.contains(#"name="version" value="2""#), "the new form is for the stored version")
      #expect(try await store.answers(country: "KEN").first?.version == 2)

      // The profile (cached before) and the report show the validated answer.
      let profile = try await cora.get(client, "/countries/KEN")
      #expect(profile.text != before.text && profile.text.contains("status validated"))
      let report = try await cora.get(client, "/dossier/KEN/report")
      #expect(report.status == .ok && report.text.contains("national AI strategy"))
      #expect(!report.text.contains("<script") && report.text.contains("&lt;script&gt;"))
    }
  }
}

@Suite("Collaboration store (SQLite)")
struct SQLiteCollaborationStoreTests {
  @Test func passesTheSharedChecks() async throws {
    let workspace = try Workspace(path: TestPaths.temporaryDirectory() + "/store.sqlite")
    try await CollaborationStoreChecks.run(on: SQLiteCollaborationStore(workspace: workspace))
  }

  @Test func storesSurviveReopening() async throws {
    let path = TestPaths.temporaryDirectory() + "/reopen.sqlite"
    _ = try await Accounts.add(
      name: "amina", role: .admin, password: "a long enough password",
      to: SQLiteCollaborationStore(workspace: try Workspace(path: path)), cost: 4)
    let account = try await SQLiteCollaborationStore(workspace: try Workspace(path: path)).account(named: "amina")
    #expect(account?.role == .admin && account?.passwordHash.hasPrefix("$2b$04$") == true)
    #expect(Passwords.verify("a long enough password", hash: account?.passwordHash ?? ""))
    #expect(!Passwords.verify("a long enough passwore", hash: account?.passwordHash ?? ""))
  }

  @Test func accountsAreChecked() async throws {
    let store = SQLiteCollaborationStore(
      workspace: try Workspace(path: TestPaths.temporaryDirectory() + "/accounts.sqlite"))
    for (name, password) in [
      ("ok", ""), ("ok", "short"), ("bad name", "long enough pass"), ("", "long enough pass"),
      (ServerFixture.hostile, "long enough pass"),
    ] {
      await #expect(throws: ReadinessError.self) {
        _ = try await Accounts.add(name: name, role: .viewer, password: password, to: store, cost: 4)
      }
    }
    #expect(try await store.accounts().isEmpty)
    #expect(Passwords.defaultCost >= 10)
  }
}

@Suite("Web server: page cache")
struct PageCacheTests {
  @Test func boundedByBytesAndDroppedPerCountry() throws {
    let cache = PageCache(capacity: 1_000)
    cache.put("profile:MYS", country: "MYS", String(repeating: "a", count: 400))
    cache.put("profile:KEN", country: "KEN", String(repeating: "b", count: 400))
    cache.put("ranking:", country: nil, String(repeating: "c", count: 100))
    #expect(cache.size.pages == 3 && cache.size.bytes == 900)
    cache.put("profile:THA", country: "THA", String(repeating: "d", count: 400))
    #expect(cache.get("profile:MYS") == nil && cache.get("profile:THA") != nil && cache.size.bytes <= 1_000)
    cache.invalidate(country: "KEN")
    #expect(cache.get("profile:KEN") == nil && cache.get("ranking:") == nil && cache.get("profile:THA") != nil)
    #expect(cache.size.pages == 1 && cache.size.bytes == 400)
  }
}
