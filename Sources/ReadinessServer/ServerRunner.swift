import Foundation
import Hummingbird
import Logging
import NIOCore
import ReadinessCore

extension ReadinessSite {
  /// The Hummingbird application of the site, bound to `host:port` (port 0: any free port).
  /// `onStart` receives the address the server listens on (`http://127.0.0.1:8080`).
  public func application(
    host: String, port: Int, onStart: @escaping @Sendable (String) async -> Void = { _ in }
  ) -> some ApplicationProtocol {
    var logger = Logger(label: "readiness-serve")
    logger.logLevel = .warning
    return Application(
      router: router(), configuration: .init(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? port
        let shown = host.contains(":") ? "[\(host)]" : host
        await onStart("http://\(shown):\(port)")
      }, logger: logger)
  }

  /// Serves until SIGINT or SIGTERM.
  public func serve(host: String, port: Int, onStart: @escaping @Sendable (String) async -> Void) async throws {
    try await application(host: host, port: port, onStart: onStart).runService()
  }
}
