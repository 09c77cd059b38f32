import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO
import ReadinessCore

/// Opening connections and turning PostgreSQL's errors into one-line ``ReadinessError``s that
/// never show the password.
enum PostgresSession {
  /// postgres-nio logs nothing of ours: errors are reported as ``ReadinessError``s.
  static let logger = Logger(label: "readiness.postgres") { _ in SwiftLogNoOpLogHandler() }

  private static let ids = ManagedAtomicCounter()

  /// Connects, mapping a refused connection, a wrong password or a missing database to a clear
  /// message.
  static func connect(_ url: PostgresURL) async throws(ReadinessError) -> PostgresConnection {
    do {
      return try await PostgresConnection.connect(
        on: MultiThreadedEventLoopGroup.singleton.any(), configuration: url.configuration, id: ids.next(),
        logger: logger)
    } catch {
      throw describe(error, url: url, connecting: true)
    }
  }

  /// Runs `body` on a new connection, closed afterwards whatever happens.
  static func withConnection<T>(
    _ url: PostgresURL, _ body: (PostgresConnection) async throws(ReadinessError) -> T
  ) async throws(ReadinessError) -> T {
    let connection = try await connect(url)
    do {
      let value = try await body(connection)
      try? await connection.close()
      return value
    } catch {
      try? await connection.close()
      throw error
    }
  }

  /// Runs `body` in a transaction (`BEGIN` … `COMMIT`; `ROLLBACK` on any error).
  static func transaction<T>(
    _ connection: PostgresConnection, _ url: PostgresURL, begin: String = "BEGIN",
    _ body: (PostgresConnection) async throws(ReadinessError) -> T
  ) async throws(ReadinessError) -> T {
    try await run(connection, url, begin)
    do {
      let value = try await body(connection)
      try await run(connection, url, "COMMIT")
      return value
    } catch {
      _ = try? await connection.query(PostgresQuery(unsafeSQL: "ROLLBACK"), logger: logger)
      throw error
    }
  }

  /// Runs one statement, discarding its rows.
  static func run(
    _ connection: PostgresConnection, _ url: PostgresURL, _ sql: String, _ binds: PostgresBindings = PostgresBindings()
  ) async throws(ReadinessError) {
    do {
      _ = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
    } catch {
      throw describe(error, url: url)
    }
  }

  /// Runs one query and collects its rows.
  static func rows(
    _ connection: PostgresConnection, _ url: PostgresURL, _ sql: String, _ binds: PostgresBindings = PostgresBindings()
  ) async throws(ReadinessError) -> [PostgresRow] {
    do {
      return try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
    } catch {
      throw describe(error, url: url)
    }
  }

  /// A one-line error for `error`, naming the database by its redacted URL.
  static func describe(_ error: any Error, url: PostgresURL, connecting: Bool = false) -> ReadinessError {
    if let error = error as? ReadinessError { return error }
    let place = SourceLocation(file: url.description)
    guard let error = error as? PSQLError else {
      return ReadinessError(.database, "PostgreSQL: \(String(describing: type(of: error)))", at: place)
    }
    if let info = error.serverInfo {
      let state = info[.sqlState] ?? ""
      let message = info[.message] ?? "error \(state)"
      switch state {
      case "28P01", "28000":
        return ReadinessError(
          .database, "cannot sign in to PostgreSQL as \(url.user): \(message) (check the user and password)",
          at: place)
      case "3D000":
        return ReadinessError(
          .notFound, "PostgreSQL has no database \"\(url.database)\" (create it: createdb \(url.database))",
          at: place)
      case "3F000":
        return ReadinessError(.notFound, "PostgreSQL: \(message) (create the schema first)", at: place)
      default:
        var text = "PostgreSQL: " + message + (state.isEmpty ? "" : " [\(state)]")
        if let detail = info[.detail] { text += ": " + detail }
        return ReadinessError(.database, text, at: place)
      }
    }
    if error.code == .connectionError || connecting {
      let reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
      return ReadinessError(
        .database, "cannot connect to PostgreSQL at \(url.host):\(url.port): \(reason)", at: place)
    }
    return ReadinessError(.database, "PostgreSQL: \(error.code)", at: place)
  }
}

/// Connection ids for postgres-nio's logs.
final class ManagedAtomicCounter: Sendable {
  private let value = NIOLockedValueBox(0)
  func next() -> Int {
    value.withLockedValue {
      $0 += 1
      return $0
    }
  }
}
