import Foundation
import GRDB
import ReadinessCore
import ReadinessImport
import ReadinessStore
import Testing
import _ReadinessTestSupport

@testable import ReadinessPostgres

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The workspace in PostgreSQL against the SQLite one. These need a PostgreSQL
/// (`READINESS_TEST_DATABASE_URL`); without one they are one skipped test.
@Suite("PostgreSQL storage", .enabled(if: PostgresTestDatabase.configured, "READINESS_TEST_DATABASE_URL is not set"))
struct PostgresStorageTests {
  enum Case: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case migrationsAreIdempotent
    case importsReadBackAsInSQLite
    case failedImportsLeavePostgresUnchanged
    case dossiersAndCurrentDossier
    case commandLineImportAndScore
    case clearErrorsWithoutThePassword
    case userAddAndServe

    var testDescription: String { rawValue }
  }

  @Test(arguments: Case.allCases)
  func storage(_ test: Case) async throws {
    try await PostgresTestDatabase.withFreshSchema { url in
      switch test {
      case .migrationsAreIdempotent: try await migrationsAreIdempotent(url)
      case .importsReadBackAsInSQLite: try await importsReadBackAsInSQLite(url)
      case .failedImportsLeavePostgresUnchanged: try await failedImportsLeavePostgresUnchanged(url)
      case .dossiersAndCurrentDossier: try await dossiersAndCurrentDossier(url)
      case .commandLineImportAndScore: try await commandLineImportAndScore(url)
      case .clearErrorsWithoutThePassword: try await clearErrorsWithoutThePassword(url)
      case .userAddAndServe: try await userAddAndServe(url)
      }
    }
  }

  func migrationsAreIdempotent(_ url: PostgresURL) async throws {
    // Nothing imported yet: reading says so.
    let empty = TestPaths.temporaryDirectory() + "/empty.sqlite"
    await #expect { try await PostgresWorkspace(url: url).materialise(to: empty) } throws: { error in
      (error as? ReadinessError)?.code == .notFound
    }
    let database = PostgresWorkspace(url: url)
    #expect(try await database.migrate() == PostgresSchema.migrations.map(\.id))
    #expect(try await database.migrate() == [])
    // Concurrent first runs apply each migration once (the advisory lock).
    try await withThrowingTaskGroup(of: [String].self) { group in
      for _ in 0..<4 { group.addTask { try await database.migrate() } }
      for try await applied in group { #expect(applied == []) }
    }
    let ids = try await PostgresTestDatabase.column(
      url, "SELECT id FROM schema_migrations ORDER BY id", as: String.self)
    #expect(ids == PostgresSchema.migrations.map(\.id))
    // A migrated, empty database reads as an empty workspace.
    let copy = try await FixtureImport.materialise(url)
    #expect(try copy.workspace.observationCount() == 0)
    // A database a newer readiness migrated is refused, not written.
    try await PostgresSession.withConnection(url) { connection throws(ReadinessError) in
      try await PostgresSession.run(connection, url, "INSERT INTO schema_migrations VALUES ('v99 future', 'now')")
    }
    await #expect { try await database.migrate() } throws: { error in
      "\(error)".contains("newer readiness")
    }
  }

  func importsReadBackAsInSQLite(_ url: PostgresURL) async throws {
    let sqlite = try Workspace(path: TestPaths.temporaryDirectory() + "/ws.sqlite")
    let files = FixtureImport.files
    for file in files { try FixtureImport.run(file, into: sqlite) }
    let reports = try await FixtureImport.run(files, into: url)
    #expect(reports.allSatisfy { !$0.alreadyImported })
    let copy = try await FixtureImport.materialise(url)
    print("materialised \(copy.rows) in \(copy.seconds) s")
    #expect(copy.rows["series"] == (try sqlite.tableCounts()["series"]))
    let workspace = copy.workspace
    // Value for value: periods, values bit for bit, statuses, notes, positions (lines, element
    // paths), sources, import ids.
    let expected = try sqlite.observations()
    #expect(expected.count > 40_000)
    let got = try workspace.observations()
    #expect(got.count == expected.count)
    #expect(got == expected)
    #expect(try workspace.latestObservations(indicators: []) == sqlite.latestObservations(indicators: []))
    #expect(try workspace.tableCounts() == sqlite.tableCounts())
    #expect(try workspace.indicatorNames() == sqlite.indicatorNames())
    #expect(try workspace.imports().map(\.sha256) == sqlite.imports().map(\.sha256))
    #expect(try workspace.currentDossier(country: "KEN") == sqlite.currentDossier(country: "KEN"))
    // The same files again: de-duplicated by (sha256, options), nothing added.
    let again = try await FixtureImport.run(Array(files.prefix(2)), into: url)
    #expect(again.allSatisfy { $0.alreadyImported })
    let after = try await FixtureImport.materialise(url)
    #expect(after.rows == copy.rows)
  }

  func failedImportsLeavePostgresUnchanged(_ url: PostgresURL) async throws {
    _ = try await FixtureImport.run([FixtureImport.files[0]], into: url)
    let before = try await FixtureImport.materialise(url)
    // 1. The importer fails: the scratch transaction rolls back, nothing is copied.
    let broken = TestPaths.temporaryDirectory() + "/broken.csv"
    try Data("country,indicator,period,value\nMYS,X,2020,\"open quote\n".utf8).write(to: URL(fileURLWithPath: broken))
    let database = PostgresWorkspace(url: url)
    var session = try await database.beginImport(scratch: TestPaths.temporaryDirectory() + "/s.sqlite")
    #expect(throws: ReadinessError.self) {
      try FixtureImport.run(FixtureImport.File(path: broken, format: .tidyCSV), into: session.workspace)
    }
    try await session.commit()
    // 2. Copying into PostgreSQL fails half-way (a series row naming a source PostgreSQL does not
    //    have): the transaction rolls back, the import row included.
    session = try await database.beginImport(scratch: TestPaths.temporaryDirectory() + "/s.sqlite")
    try FixtureImport.run(FixtureImport.files[2], into: session.workspace)
    var configuration = Configuration()
    configuration.foreignKeysEnabled = false
    let scratch = try DatabaseQueue(path: session.workspace.path, configuration: configuration)
    try await scratch.write { db in
      try db.execute(sql: "UPDATE series SET source_id = 999999 WHERE id = (SELECT max(id) FROM series)")
    }
    await #expect { try await session.commit() } throws: { error in
      (error as? ReadinessError)?.code == .database && "\(error)".contains("foreign key")
    }
    // 3. Given up: rolled back.
    session = try await database.beginImport(scratch: TestPaths.temporaryDirectory() + "/s.sqlite")
    try FixtureImport.run(FixtureImport.files[1], into: session.workspace)
    await session.rollback()
    let after = try await FixtureImport.materialise(url)
    #expect(after.rows == before.rows)
    #expect(try after.workspace.observations() == before.workspace.observations())
    #expect(try after.workspace.imports() == before.workspace.imports())
    // The lock was released each time: a later import goes through.
    #expect(try await FixtureImport.run([FixtureImport.files[2]], into: url).count == 1)
  }

  func dossiersAndCurrentDossier(_ url: PostgresURL) async throws {
    let bank = try QuestionBank.load(path: TestPaths.indicators + "/self-assessment/questions.yaml")
    let text = try String(
      contentsOfFile: TestPaths.indicators + "/self-assessment/example-dossier.yaml", encoding: .utf8)
    let sqlite = try Workspace(path: TestPaths.temporaryDirectory() + "/ws.sqlite")
    func dossier(_ round: String) throws -> Dossier {
      try Dossier.parse(
        text: text.replacingOccurrences(of: "round: \"2026\"", with: "round: \"\(round)\""),
        path: "dossier-\(round).yaml", bank: bank, reference: nil, today: "2026-11-30")
    }
    func store(_ dossier: Dossier, in workspace: Workspace) throws {
      _ = try workspace.importFile(file: dossier.file, sha256: dossier.round, format: "dossier") { writer in
        writer.dossier = dossier
        return ImportReport(file: dossier.file, format: "dossier", source: SourceInfo(publisher: "office"))
      }
    }
    // Rounds out of order, one import each: the latest round is current, all stay.
    for round in ["2026", "2025", "2026-10", "2026-2"] {
      try store(try dossier(round), in: sqlite)
      let session = try await PostgresWorkspace(url: url).beginImport(
        scratch: TestPaths.temporaryDirectory() + "/s.sqlite")
      try store(try dossier(round), in: session.workspace)
      try await session.commit()
    }
    let copy = try await FixtureImport.materialise(url).workspace
    let stored = try copy.dossiers(country: "KEN")
    #expect(stored.map(\.round) == ["2025", "2026", "2026-2", "2026-10"])
    #expect(stored.map(\.supersededBy) == [stored[1].id, stored[2].id, stored[3].id, nil])
    #expect(try copy.currentDossier(country: "KEN") == (try dossier("2026-10")))
    #expect(stored.map(\.supersededBy) == (try sqlite.dossiers(country: "KEN").map(\.supersededBy)))
    let answers = try await PostgresTestDatabase.column(
      url, "SELECT count(*) FROM dossier_answers WHERE question = 'L2.law'", as: Int64.self)
    #expect(answers == [4])
  }

  func commandLineImportAndScore(_ url: PostgresURL) async throws {
    let folder = TestPaths.temporaryDirectory()
    let database = url.descriptionWithPassword
    let imported = try runReadiness(["import", "--database", database, "--snapshot"])
    #expect(imported.status == 0, "\(imported.stderr)")
    let again = try runReadiness(["import", "--snapshot"], environment: ["READINESS_DATABASE": database])
    #expect(again.status == 0 && again.stderr.contains("already imported"), "\(again.stderr)")
    let sqlite = folder + "/ws.sqlite"
    #expect(try runReadiness(["import", "--workspace", sqlite, "--snapshot"]).status == 0)
    let score = try runReadiness(["score", "--database", database, "--format", "csv"])
    #expect(score.status == 0, "\(score.stderr)")
    let local = try runReadiness(["score", "--workspace", sqlite, "--format", "csv"])
    #expect(score.stdout == local.stdout && score.stdout.split(separator: "\n").count > 150)
    let profile = try runReadiness(["profile", "KEN", "--format", "md"], environment: ["READINESS_DATABASE": database])
    #expect(profile.status == 0 && profile.stdout.contains("Kenya"), "\(profile.stderr)")
    let both = try runReadiness(["score", "--database", database, "--workspace", sqlite])
    #expect(both.status == 64 && both.stderr.contains("alternatives"))
  }

  /// `user add` on a database nothing was imported into, then `serve --database`: the open data read
  /// from PostgreSQL, the account in PostgreSQL, the password never printed.
  func userAddAndServe(_ url: PostgresURL) async throws {
    let database = url.descriptionWithPassword
    func run(_ arguments: [String], input: String) throws -> (status: Int32, stderr: String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: TestPaths.binary)
      process.arguments = arguments
      process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.root)
      let (stdin, err) = (Pipe(), Pipe())
      process.standardInput = stdin
      process.standardOutput = Pipe()
      process.standardError = err
      try process.run()
      stdin.fileHandleForWriting.write(Data(input.utf8))
      try stdin.fileHandleForWriting.close()
      let errors = err.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return (process.terminationStatus, String(decoding: errors, as: UTF8.self))
    }
    let added = try run(
      ["user", "add", "ann", "--role", "reviewer", "--password-stdin", "--bcrypt-cost", "4", "--database", database],
      input: "a long enough password\n")
    #expect(added.status == 0 && added.stderr.contains("added reviewer ann"), "\(added.stderr)")
    #expect(added.stderr.contains(":***@") && !added.stderr.contains(":\(url.password ?? "")@"))
    let store = try await PostgresCollaborationStore(url: url)
    let account = try await store.account(named: "ann")
    await store.close()
    #expect(account?.role == .reviewer && account?.passwordHash.hasPrefix("$2b$04$") == true)

    #expect(try runReadiness(["import", "--database", database, "--snapshot"]).status == 0)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestPaths.binary)
    process.arguments = ["serve", "--database", database, "--port", "0", "--uncertainty-runs", "0", "--anonymous-read"]
    process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.root)
    let (out, err) = (Pipe(), Pipe())
    process.standardOutput = out
    process.standardError = err
    try process.run()
    defer {
      process.terminate()
      process.waitUntilExit()
    }
    var printed = ""
    let deadline = Date().addingTimeInterval(180)
    while !printed.contains("\n") && Date() < deadline && process.isRunning {
      printed += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
    }
    let address = try #require(printed.split(separator: "\n").first.map(String.init))
    let (body, response) = try await URLSession.shared.data(from: try #require(URL(string: address + "/countries/KEN")))
    #expect((response as? HTTPURLResponse)?.statusCode == 200)
    #expect(String(decoding: body, as: UTF8.self).contains("Kenya"))
    let (login, _) = try await URLSession.shared.data(from: try #require(URL(string: address + "/login")))
    #expect(String(decoding: login, as: UTF8.self).contains("csrf_token"))
  }

  func clearErrorsWithoutThePassword(_ url: PostgresURL) async throws {
    let secret = "s3cret-Pa55"
    func check(_ database: String, _ expected: String) throws {
      let result = try runReadiness(["score", "--database", database])
      #expect(result.status != 0)
      #expect(result.stderr.contains(expected), "\(result.stderr)")
      #expect(!result.stderr.contains(secret), "\(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
    try check("postgres://\(url.user):\(secret)@127.0.0.1:1/x", "cannot connect to PostgreSQL at 127.0.0.1:1")
    try check("http://\(url.user):\(secret)@127.0.0.1/x", "not a PostgreSQL URL")
    try check("postgres://\(url.user):\(secret)@\(url.host):\(url.port)/", "no database name")
    try check("postgres://\(url.user):\(secret)@\(url.host):\(url.port)/\(url.database)", "cannot sign in")
    var missing = url
    missing.database = "readiness_no_such_database"
    try check(missing.descriptionWithPassword, "no database \"readiness_no_such_database\"")
    // Nothing imported into this schema yet.
    try check(url.descriptionWithPassword, "no workspace in this database yet")
  }
}

/// Without a database: the URL's parsing and redaction.
@Suite("PostgreSQL URL")
struct PostgresURLTests {
  @Test func parsesAndRedacts() throws {
    let url = try PostgresURL("postgres://ann:p%40ss@db.example:6543/readiness?search_path=team")
    #expect(url.host == "db.example" && url.port == 6543 && url.user == "ann" && url.database == "readiness")
    #expect(url.password == "p@ss" && url.searchPath == "team")
    #expect(url.description == "postgres://ann:***@db.example:6543/readiness?search_path=team")
    #expect(try PostgresURL("postgresql://ann@localhost/r").port == 5432)
    for bad in ["postgres://ann:hunter2@/r", "mysql://ann:hunter2@h/r", "postgres://ann:hunter2@h/r?x=1", "nonsense"] {
      #expect {
        try PostgresURL(bad)
      } throws: { error in
        let text = "\(error)"
        return text.contains("is not a PostgreSQL URL") && !text.contains("hunter2")
      }
    }
  }

  @Test func migrationsSplitIntoStatements() {
    let statements = PostgresSchema.statements(PostgresSchema.v1Workspace)
    #expect(statements.count == 10)
    #expect(
      statements.allSatisfy { !$0.hasSuffix(";") && ($0.hasPrefix("CREATE TABLE") || $0.hasPrefix("CREATE INDEX")) })
  }
}
