import Foundation
import ReadinessCore
import ReadinessStore
import Testing
import _ReadinessTestSupport

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

@Suite("serve and user add")
struct ServeCommandTests {
  /// Runs `readiness` with `input` on standard input.
  static func run(_ arguments: [String], input: String) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestPaths.binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.root)
    let (stdin, out, err) = (Pipe(), Pipe(), Pipe())
    process.standardInput = stdin
    process.standardOutput = out
    process.standardError = err
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self)
    )
  }

  @Test func userAddReadsThePasswordFromStandardInput() async throws {
    let path = TestPaths.temporaryDirectory() + "/ws.sqlite"
    let add = ["user", "add", "cora", "--role", "contributor", "--password-stdin", "--workspace", path]
    let short = try Self.run(add, input: "short\n")
    #expect(short.status == 78 && short.stderr.contains("too short"), "\(short.stderr)")
    let empty = try Self.run(add, input: "")
    #expect(empty.status == 78 && empty.stderr.contains("empty"))
    let added = try Self.run(add + ["--bcrypt-cost", "4"], input: "a long enough password\n")
    #expect(added.status == 0 && added.stderr.contains("added contributor cora"), "\(added.stderr)")
    let account = try await SQLiteCollaborationStore(workspace: try Workspace(path: path)).account(named: "cora")
    #expect(account?.role == .contributor && account?.passwordHash.hasPrefix("$2b$04$") == true)
    #expect(account?.passwordHash.contains("a long enough password") == false)
    let again = try Self.run(add + ["--bcrypt-cost", "4"], input: "another long password\n")
    #expect(again.status == 78 && again.stderr.contains("exists already"))
    let noFlag = try Self.run(["user", "add", "x", "--role", "viewer", "--workspace", path], input: "")
    #expect(noFlag.status == 64)
    let badRole = try Self.run(
      ["user", "add", "x", "--role", "boss", "--password-stdin", "--workspace", path], input: "")
    #expect(badRole.status == 64 && badRole.stderr.contains("unknown role"))
  }

  @Test func serveRefusesWhatItCannotServe() throws {
    // A PostgreSQL that is not there (port 1 on loopback refuses at once): a one-line error, no password.
    let postgres = try runReadiness(["serve", "--database", "postgres://user:secret@127.0.0.1:1/readiness"])
    #expect(postgres.status != 0 && postgres.stderr.contains("cannot connect to PostgreSQL at 127.0.0.1:1"))
    #expect(!postgres.stderr.contains("secret") && postgres.stderr.split(separator: "\n").count == 1)
    let missing = try runReadiness(["serve", "--workspace", TestPaths.temporaryDirectory() + "/none.sqlite"])
    #expect(missing.status == 66, "\(missing.stderr)")
    let port = try runReadiness(["serve", "--port", "70000"])
    #expect(port.status == 64)
  }

  /// With no workspace: the bundled snapshot, on loopback, its address printed; a page answers.
  @Test func servesTheSnapshotOnLoopbackAndPrintsTheAddress() async throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestPaths.binary)
    process.arguments = ["serve", "--port", "0", "--uncertainty-runs", "0"]
    process.currentDirectoryURL = URL(fileURLWithPath: TestPaths.root)
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "READINESS_WORKSPACE")
    process.environment = environment
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    defer {
      process.terminate()
      process.waitUntilExit()
    }
    var printed = ""
    let deadline = Date().addingTimeInterval(120)
    while !printed.contains("\n") && Date() < deadline && process.isRunning {
      printed += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
    }
    let address = try #require(printed.split(separator: "\n").first.map(String.init))
    #expect(address.hasPrefix("http://127.0.0.1:"))
    let (body, response) = try await URLSession.shared.data(from: try #require(URL(string: address + "/countries/MYS")))
    let http = try #require(response as? HTTPURLResponse)
    #expect(http.statusCode == 200)
    #expect((http.value(forHTTPHeaderField: "Content-Security-Policy") ?? "").contains("default-src 'none'"))
    #expect(String(decoding: body, as: UTF8.self).contains("Malaysia"))
  }
}
