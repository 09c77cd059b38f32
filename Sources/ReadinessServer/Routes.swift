import Foundation
import HTTPTypes
import Hummingbird
import ReadinessCore
import ReadinessReport
import ReadinessScoring

extension ReadinessSite {
  /// The router of the site: every route, behind ``SecurityMiddleware``.
  public func router() -> Router<ServerContext> {
    let router = Router(context: ServerContext.self)
    router.add(middleware: SecurityMiddleware(site: self))
    router.get("/") { request, _ in try await ranking(request) }
    router.get("/countries/:code") { request, context in
      try await country(request, code: try context.parameters.require("code"))
    }
    router.get("/countries/:code/what-if") { request, context in
      try await whatIfPage(request, code: try context.parameters.require("code"), fields: nil)
    }
    router.post("/countries/:code/what-if") { request, context in
      try await whatIfPage(request, code: try context.parameters.require("code"), fields: try await form(request))
    }
    router.get("/compare") { request, _ in try await compare(request) }
    router.get("/dossier/:code") { request, context in
      try await dossierPage(request, code: try context.parameters.require("code"))
    }
    router.get("/dossier/:code/report") { request, context in
      try await report(request, code: try context.parameters.require("code"))
    }
    router.get("/dossier/:code/questions/:question") { request, context in
      try await editPage(
        request, code: try context.parameters.require("code"), question: try context.parameters.require("question"))
    }
    router.post("/dossier/:code/questions/:question") { request, context in
      try await saveAnswer(
        request, code: try context.parameters.require("code"), question: try context.parameters.require("question"),
        review: false)
    }
    router.post("/dossier/:code/questions/:question/review") { request, context in
      try await saveAnswer(
        request, code: try context.parameters.require("code"), question: try context.parameters.require("question"),
        review: true)
    }
    router.get("/login") { request, _ in try await loginPage(request, message: nil, status: .ok, name: "") }
    router.post("/login") { request, context in try await login(request, client: context.clientAddress) }
    router.get("/logout") { request, _ in try await logoutPage(request) }
    router.post("/logout") { request, _ in try await logout(request) }
    return router
  }

  // MARK: - Ranking, profiles, comparisons

  func ranking(_ request: Request) async throws -> Response {
    guard case .allowed(let visitor) = try await readAccess(request) else { return try await signIn(request) }
    let query = FormData.parse(request.uri.query ?? "")
    let filters = RankingFilters(query: query, reference: data.reference)
    let key = "ranking:" + filters.key
    var context = frame(visitor: visitor, title: "Ranking")
    if !filters.errors.isEmpty {
      context.merge(rankingView(RankingFilters(query: [:], reference: data.reference))) { $1 }
      context["errors"] = filters.errors.map { ["message": $0] }
      return html(render("serve-ranking.html", context), status: .badRequest)
    }
    if visitor == nil, let cached = cache.get(key) { return html(cached) }
    context.merge(rankingView(filters)) { $1 }
    let body = render("serve-ranking.html", context)
    // Only the anonymous page is shared; a signed-in person's page names them.
    if visitor == nil { cache.put(key, country: nil, body) }
    return html(body)
  }

  /// `/countries/MYS` (the profile as `readiness profile --format html` writes it) or a download:
  /// `MYS.html`, `MYS.md`, `MYS.json`, `MYS.csv` (the indicators table of the CSV bundle).
  func country(_ request: Request, code raw: String) async throws -> Response {
    guard case .allowed = try await readAccess(request) else { return try await signIn(request) }
    let parts = raw.split(separator: ".", maxSplits: 1).map(String.init)
    let code = try countryCode(parts[0])
    let format = parts.count > 1 ? parts[1] : nil
    switch format {
    case nil:
      return html(try await profileHTML(code))
    case "html":
      return file(try await profileHTML(code), type: "text/html; charset=utf-8", name: code + ".html")
    case "md":
      let text = try await cachedText("md:" + code, country: code) { MarkdownRenderer.render($0) }
      return file(text, type: "text/markdown; charset=utf-8", name: code + ".md")
    case "json":
      let text = try await cachedText("json:" + code, country: code) { try JSONRenderer.render($0) }
      return file(text, type: "application/json", name: code + ".json")
    case "csv":
      let text = try await cachedText("csv:" + code, country: code) { profile in
        CSVBundleRenderer.files(profile).first { $0.name == "indicators.csv" }?.text ?? ""
      }
      return file(text, type: "text/csv; charset=utf-8", name: code + "-indicators.csv")
    default:
      throw PageError(status: .notFound, message: "There is no such download (html, md, json or csv).")
    }
  }

  /// An ISO3 code this site scores (404 otherwise).
  func countryCode(_ text: String) throws -> String {
    let code = text.uppercased()
    guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }), data.result.country(code) != nil else {
      throw PageError(status: .notFound, message: "No scored country has the code “\(text)”.")
    }
    return code
  }

  /// The country's profile with its live answers overlaid on its imported dossier.
  func profile(_ code: String) async throws -> CountryProfile {
    let live = try await store.answers(country: code)
    if live.isEmpty { return try data.builder.profile(code) }
    return try data.builder(withDossier: dossier(code, live: live), for: code).profile(code)
  }

  func profileHTML(_ code: String) async throws -> String {
    if let cached = cache.get("profile:" + code) { return cached }
    let body = renderer.render(try await profile(code))
    cache.put("profile:" + code, country: code, body)
    return body
  }

  func cachedText(_ key: String, country code: String, _ make: (CountryProfile) throws -> String) async throws
    -> String
  {
    if let cached = cache.get(key) { return cached }
    let body = try make(try await profile(code))
    cache.put(key, country: code, body)
    return body
  }

  func compare(_ request: Request) async throws -> Response {
    guard case .allowed(let visitor) = try await readAccess(request) else { return try await signIn(request) }
    let query = FormData.parse(request.uri.query ?? "")
    let listed = (query["countries"] ?? "").split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces).uppercased()
    }.filter { !$0.isEmpty }
    var errors: [String] = []
    var codes: [String] = []
    for code in listed {
      if data.result.country(code) == nil || code.count != 3 {
        errors.append("“\(code)” is not the code of a scored country.")
      } else if !codes.contains(code) {
        codes.append(code)
      }
    }
    if errors.isEmpty && !(2...8).contains(codes.count) {
      errors.append("Give 2 to 8 country codes, comma-separated (e.g. MYS,THA,IDN).")
    }
    if !errors.isEmpty || query["countries"] == nil {
      var context = frame(visitor: visitor, title: "Compare countries")
      context["errors"] = errors.map { ["message": $0] }
      context["countries"] = query["countries"] ?? ""
      context["compareForm"] = true
      return html(render("serve-message.html", context), status: query["countries"] == nil ? .ok : .badRequest)
    }
    let key = "compare:" + codes.joined(separator: ",")
    if let cached = cache.get(key) { return html(cached) }
    var profiles: [CountryProfile] = []
    for code in codes { profiles.append(try await profile(code)) }
    let body = renderer.renderComparison(profiles)
    cache.put(key, country: nil, body)
    return html(body)
  }

  // MARK: - What-if

  func whatIfPage(_ request: Request, code raw: String, fields: [String: String]?) async throws -> Response {
    guard case .allowed(let visitor) = try await readAccess(request) else {
      if fields != nil { throw PageError(status: .forbidden, message: "Sign in first.") }
      return try await signIn(request)
    }
    let code = try countryCode(raw)
    guard let score = data.result.country(code) else { throw PageError(status: .notFound, message: "Not scored.") }
    let editable = data.framework.indicators.filter { $0.sumOf == nil }
    let (token, cookieHeader) = visitor == nil ? anonymousToken(request) : ("", [:])
    var context = frame(visitor: visitor, title: "What if — \(data.reference.country(code)?.name ?? code)", csrf: token)
    var errors: [String] = []
    var values: [String: Double] = [:]
    var status = HTTPResponse.Status.ok
    if let fields {
      try checkFormToken(request, fields: fields, visitor: visitor)
      for spec in editable {
        guard let text = fields["v." + spec.code]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
          continue
        }
        guard let value = Double(text), value.isFinite, abs(value) < 1e15 else {
          errors.append("\(spec.name): “\(text)” is not a number.")
          continue
        }
        if value != score.indicator(spec.code)?.raw { values[spec.code] = value }
      }
      if errors.isEmpty && values.isEmpty { errors.append("Change at least one value.") }
      if errors.isEmpty {
        let changed = try data.whatIf(code, values: values)
        let after = changed.country(code)
        context["result"] = [
          "before": Format.score(score.index.score), "beforeRank": score.index.rank.map(String.init) ?? "–",
          "after": Format.score(after?.index.score), "afterRank": after?.index.rank.map(String.init) ?? "–",
          "ranked": String(changed.rankedCount),
        ]
      } else {
        status = .unprocessableContent
      }
    }
    context["errors"] = errors.map { ["message": $0] }
    context["country"] = ["iso3": code, "name": data.reference.country(code)?.name ?? code]
    context["score"] = Format.score(score.index.score)
    context["rank"] = score.index.rank.map(String.init) ?? "–"
    context["year"] = data.result.referenceYear
    context["indicators"] = editable.map { spec -> [String: Any] in
      let current = score.indicator(spec.code)
      return [
        "code": spec.code, "name": spec.name, "unit": current?.unit ?? "",
        "current": current?.raw.map(Format.number) ?? "no data", "year": current?.year.map(String.init) ?? "",
        "value": fields?["v." + spec.code] ?? "",
      ]
    }
    return html(render("serve-whatif.html", context), status: status, headers: cookieHeader)
  }

  // MARK: - Sign-in

  func signIn(_ request: Request) async throws -> Response {
    redirect("/login?next=" + ReadinessSite.encode(request.uri.path))
  }

  func loginPage(_ request: Request, message: String?, status: HTTPResponse.Status, name: String) async throws
    -> Response
  {
    let (token, cookieHeader) = anonymousToken(request)
    var context = frame(visitor: nil, title: "Sign in", csrf: token)
    if let message { context["errors"] = [["message": message]] }
    context["username"] = name
    let next = FormData.parse(request.uri.query ?? "")["next"] ?? ""
    context["next"] = ReadinessSite.safeNext(next) ?? ""
    return html(render("serve-login.html", context), status: status, headers: cookieHeader)
  }

  /// A local path to go back to after signing in (never another site: `//host` and `\` refused).
  static func safeNext(_ next: String) -> String? {
    guard next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 512,
      next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
    else { return nil }
    return next
  }

  func login(_ request: Request, client: String?) async throws -> Response {
    let fields = try await form(request)
    let name = fields["username"] ?? ""
    guard let token = fields["csrf_token"], let cookie = request.cookies[ReadinessSite.formCookie]?.value,
      Tokens.equal(token, cookie)
    else {
      return try await loginPage(
        request, message: "The sign-in form expired or was sent from elsewhere; please try again.", status: .forbidden,
        name: name)
    }
    let keys = ["name:" + name.lowercased(), "address:" + (client ?? "unknown")]
    if let wait = throttle.retryAfter(keys) {
      var response = try await loginPage(
        request,
        message:
          "Too many failed sign-ins for this name or from this address; try again in \((wait + 59) / 60) minute(s).",
        status: .tooManyRequests, name: name)
      response.headers[.retryAfter] = String(wait)
      return response
    }
    let password = fields["password"] ?? ""
    if name.isEmpty || password.isEmpty {
      return try await loginPage(
        request, message: "Enter your account name and password.", status: .unprocessableContent, name: name)
    }
    let account = try await store.account(named: name)
    // An unknown name costs as much as a wrong password, so the answer does not tell which it was.
    let matches = Passwords.verify(password, hash: account?.passwordHash ?? dummyHash) && account != nil
    guard let account, matches else {
      throttle.recordFailure(keys)
      return try await loginPage(
        request, message: "Wrong account name or password.", status: .unauthorized, name: name)
    }
    throttle.reset("name:" + name.lowercased())
    let sessionToken = Tokens.random()
    let session = WebSession(
      tokenHash: Tokens.hash(sessionToken), account: account.name, csrfToken: Tokens.random(),
      created: Timestamps.now(), expires: Timestamps.now(offset: settings.sessionLifetime))
    try await store.createSession(session)
    var headers = HTTPFields()
    headers.append(
      HTTPField(
        name: .setCookie,
        value: self.cookie(ReadinessSite.sessionCookie, sessionToken, maxAge: Int(settings.sessionLifetime))))
    headers.append(HTTPField(name: .setCookie, value: self.cookie(ReadinessSite.formCookie, "", maxAge: 0)))
    return redirect(ReadinessSite.safeNext(fields["next"] ?? "") ?? "/", headers: headers)
  }

  func logoutPage(_ request: Request) async throws -> Response {
    guard let visitor = try await visitor(request) else { return redirect("/login") }
    return html(render("serve-logout.html", frame(visitor: visitor, title: "Sign out")))
  }

  func logout(_ request: Request) async throws -> Response {
    let fields = try await form(request)
    let visitor = try await authorizeWrite(request, fields: fields, role: .viewer)
    try await store.deleteSession(tokenHash: visitor.session.tokenHash)
    return redirect(
      "/login", headers: [.setCookie: cookie(ReadinessSite.sessionCookie, "", maxAge: 0)])
  }
}

/// The ranking's filters from the query: region, income group, bloc (each checked against the
/// reference tables).
struct RankingFilters {
  var region: String?
  var income: String?
  var bloc: String?
  var errors: [String] = []

  init(query: [String: String], reference: ReferenceData) {
    func pick(_ name: String, _ allowed: [String], _ what: String) -> String? {
      guard let value = query[name], !value.isEmpty else { return nil }
      if allowed.contains(value) { return value }
      errors.append("Unknown \(what) “\(value)”: choose one from the list.")
      return nil
    }
    region = pick("region", RankingFilters.regions(reference), "region")
    income = pick("income", RankingFilters.incomes(reference), "income group")
    bloc = pick("bloc", reference.blocs.keys.sorted(), "bloc")
  }

  var key: String { [region ?? "", income ?? "", bloc ?? ""].joined(separator: "|") }

  static func regions(_ reference: ReferenceData) -> [String] {
    Array(Set(reference.countries.values.compactMap(\.region))).sorted()
  }

  static func incomes(_ reference: ReferenceData) -> [String] {
    Array(Set(reference.countries.values.compactMap(\.incomeGroup))).sorted()
  }

  func includes(_ iso3: String, reference: ReferenceData) -> Bool {
    let country = reference.country(iso3)
    if let region, country?.region != region { return false }
    if let income, country?.incomeGroup != income { return false }
    if let bloc, !(reference.blocs[bloc] ?? []).contains(iso3) { return false }
    return true
  }
}

/// Numbers as the pages show them.
enum Format {
  static func score(_ value: Double?) -> String {
    value.map { String(format: "%.1f", $0) } ?? "–"
  }

  static func number(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.6g", value)
  }
}

extension ReadinessSite {
  func rankingView(_ filters: RankingFilters) -> [String: Any] {
    let reference = data.reference
    func options(_ values: [String], _ chosen: String?) -> [[String: Any]] {
      values.map { ["value": $0, "selected": $0 == chosen] }
    }
    let dimensions = data.framework.dimensions
    let rows = data.result.countries.filter { filters.includes($0.iso3, reference: reference) }.map {
      score -> [String: Any] in
      [
        "iso3": score.iso3, "name": reference.country(score.iso3)?.name ?? score.iso3,
        "rank": score.index.rank.map(String.init) ?? "–", "score": Format.score(score.index.score),
        "band": score.index.band ?? "",
        "cells": dimensions.map { dimension in ["value": Format.score(score.node(dimension.code)?.score)] },
        "coverage": "\(score.indicators.filter { $0.score != nil }.count)/\(score.indicators.count)",
      ]
    }
    return [
      "regions": options(RankingFilters.regions(reference), filters.region),
      "incomes": options(RankingFilters.incomes(reference), filters.income),
      "blocs": options(reference.blocs.keys.sorted(), filters.bloc),
      "dimensions": dimensions.map { ["name": $0.name] },
      "rows": rows, "count": rows.count, "total": data.result.countries.count,
      "filtered": filters.region != nil || filters.income != nil || filters.bloc != nil,
      "referenceYear": data.result.referenceYear, "windowStart": data.result.windowStart,
      "frameworkName": data.framework.name,
    ]
  }
}
