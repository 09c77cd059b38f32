import PostgresNIO
import ReadinessCore

/// A few connections to one database shared by concurrent callers: a caller takes an idle
/// connection or opens one (up to `limit`), or waits for one to come back.
actor ConnectionPool {
  let url: PostgresURL
  let limit: Int
  private var idle: [PostgresConnection] = []
  private var open = 0
  private var waiting: [CheckedContinuation<PostgresConnection?, Never>] = []
  private var closed = false

  init(url: PostgresURL, limit: Int) {
    self.url = url
    self.limit = limit
  }

  /// Runs `body` with a connection of its own (returned afterwards, or dropped when it failed).
  nonisolated func withConnection<T: Sendable>(
    _ body: (PostgresConnection) async throws(ReadinessError) -> T
  ) async throws(ReadinessError) -> T {
    let connection = try await take()
    do {
      let value = try await body(connection)
      await give(connection, healthy: true)
      return value
    } catch {
      await give(connection, healthy: !connection.isClosed)
      throw error
    }
  }

  private func take() async throws(ReadinessError) -> PostgresConnection {
    while true {
      if closed { throw ReadinessError(.database, "the PostgreSQL store is closed") }
      if let connection = idle.popLast() {
        if connection.isClosed {
          open -= 1
          continue
        }
        return connection
      }
      if open < limit {
        open += 1
        do {
          return try await PostgresSession.connect(url)
        } catch {
          open -= 1
          throw error
        }
      }
      if let connection = await withCheckedContinuation({ waiting.append($0) }) { return connection }
    }
  }

  private func give(_ connection: PostgresConnection, healthy: Bool) async {
    guard healthy, !closed else {
      open -= 1
      try? await connection.close()
      // A waiter may open a connection of its own now.
      if !waiting.isEmpty { waiting.removeFirst().resume(returning: nil) }
      return
    }
    if !waiting.isEmpty {
      waiting.removeFirst().resume(returning: connection)
    } else {
      idle.append(connection)
    }
  }

  /// Closes every idle connection; later calls fail.
  func close() async {
    closed = true
    for waiter in waiting { waiter.resume(returning: nil) }
    waiting.removeAll()
    for connection in idle { try? await connection.close() }
    open -= idle.count
    idle.removeAll()
  }
}
