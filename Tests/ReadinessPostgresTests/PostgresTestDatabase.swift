import Foundation
import PostgresNIO
@_spi(RowStorage) import ReadinessCore
@_spi(RowStorage) import ReadinessImport
@_spi(RowStorage) import ReadinessStore
import Testing
import _ReadinessTestSupport

@testable import ReadinessPostgres

/// The PostgreSQL the storage tests run against: `READINESS_TEST_DATABASE_URL` (scripts/postgres-start
/// prints one). Each test gets a schema of its own, dropped afterwards.
enum PostgresTestDatabase {
  static let url: String? = {
    let value = ProcessInfo.processInfo.environment["READINESS_TEST_DATABASE_URL"] ?? ""
    return value.isEmpty ? nil : value
  }()

  static var configured: Bool { url != nil }

  /// Runs `body` with a URL whose `search_path` is a new empty schema, dropped afterwards.
  static func withFreshSchema(_ body: (PostgresURL) async throws -> Void) async throws {
    let base = try PostgresURL(try #require(url))
    let schema = "readiness_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    try await PostgresSession.withConnection(base) { connection throws(ReadinessError) in
      try await PostgresSession.run(connection, base, "CREATE SCHEMA \(schema)")
    }
    do {
      try await body(base.with(searchPath: String(schema)))
    } catch {
      try? await drop(schema, base)
      throw error
    }
    try await drop(schema, base)
  }

  /// The first column of a query's rows.
  static func column<T: PostgresDecodable>(_ url: PostgresURL, _ sql: String, as type: T.Type) async throws -> [T] {
    let rows = try await PostgresSession.withConnection(url) { connection throws(ReadinessError) in
      try await PostgresSession.rows(connection, url, sql)
    }
    return try rows.map { try $0.decode(T.self) }
  }

  private static func drop(_ schema: String, _ base: PostgresURL) async throws {
    try await PostgresSession.withConnection(base) { connection throws(ReadinessError) in
      try await PostgresSession.run(connection, base, "DROP SCHEMA \(schema) CASCADE")
    }
  }
}

/// Imports files the way `readiness import` does (one transaction each), into any workspace.
enum FixtureImport {
  /// A file of the test fixtures and its format.
  struct File: Sendable {
    var path: String
    var format: ImportFormat?
  }

  static let files: [File] = [
    File(path: TestPaths.root + "/Tests/ReadinessImportTests/Fixtures/tidy.csv", format: .tidyCSV),
    File(path: TestPaths.root + "/Tests/ReadinessImportTests/Fixtures/sdmx-csv-actions.csv", format: nil),
    File(path: TestPaths.root + "/Tests/ReadinessImportTests/Fixtures/uis-data-national.csv", format: nil),
    File(path: TestPaths.indicators + "/snapshot/observations.csv", format: .tidyCSV),
    File(path: TestPaths.indicators + "/self-assessment/example-dossier.yaml", format: .dossier),
  ]

  static func context() throws -> ImportContext {
    ImportContext(
      reference: try TestPaths.reference(),
      sourceTable: try ImportContext.loadSourceTable(path: TestPaths.indicators + "/snapshot/sources.csv"))
  }

  @discardableResult
  static func run(_ file: File, into workspace: Workspace) throws -> ImportReport {
    let context = try context()
    return try workspace.importFile(
      file: file.path, sha256: try AtomicFile.sha256(path: file.path), format: file.format?.rawValue ?? "auto",
      options: context.fingerprint(format: file.format)
    ) { writer in
      let sink = ObservationSink(observation: { try writer.write($0) }, row: { try writer.write($0) })
      if file.format == .dossier {
        let (report, dossier) = try DossierImporter().read(file: file.path, context: context, emit: sink)
        writer.dossier = dossier
        return report
      }
      return try Importers.run(file: file.path, format: file.format, context: context, sink: sink)
    }
  }

  /// Imports `files` into PostgreSQL, each in an import of its own (scratch workspace, one
  /// PostgreSQL transaction).
  static func run(_ files: [File], into url: PostgresURL) async throws -> [ImportReport] {
    var reports: [ImportReport] = []
    for file in files {
      let folder = TestPaths.temporaryDirectory()
      let session = try await PostgresWorkspace(url: url).beginImport(scratch: folder + "/scratch.sqlite")
      do {
        reports.append(try run(file, into: session.workspace))
      } catch {
        await session.rollback()
        throw error
      }
      try await session.commit()
    }
    return reports
  }

  /// The database copied into a new SQLite workspace.
  static func materialise(_ url: PostgresURL) async throws -> PostgresWorkspace.Materialised {
    try await PostgresWorkspace(url: url).materialise(to: TestPaths.temporaryDirectory() + "/copy.sqlite")
  }
}
