import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessServer

struct UserCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "user",
    abstract: "Manage the accounts of readiness serve.",
    subcommands: [UserAddCommand.self])
}

struct UserAddCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add",
    abstract: "Add an account; the password is read from standard input and stored as a bcrypt hash.",
    discussion: """
      Roles: viewer (reads), contributor (answers and adds evidence), reviewer (also validates), admin. \
      Example: printf '%s\\n' "$PASSWORD" | readiness user add amina --role reviewer --password-stdin
      """)

  @Argument(help: "The account name (letters, digits, '.', '_', '-').") var name: String
  @Option(help: "viewer, contributor, reviewer or admin.", transform: UserAddCommand.role) var role: Role
  @Flag(help: "Read the password from standard input (its first line).") var passwordStdin = false
  @Option(help: .hidden) var bcryptCost: UInt8 = Passwords.defaultCost
  @OptionGroup var workspaceOptions: WorkspaceOptions

  static func role(_ text: String) throws -> Role {
    guard let role = Role(rawValue: text) else {
      throw ValidationError("unknown role \"\(text)\" (expected viewer, contributor, reviewer or admin)")
    }
    return role
  }

  func validate() throws {
    if !passwordStdin {
      throw ValidationError("give --password-stdin and the password on standard input (never on the command line)")
    }
    if !(4...31).contains(bcryptCost) { throw ValidationError("--bcrypt-cost must be 4 to 31") }
  }

  func run() async throws {
    do {
      let password = readLine(strippingNewline: true) ?? ""
      let backend = try await openCollaborationStore(workspaceOptions)
      let account: Account
      do {
        account = try await Accounts.add(
          name: name, role: role, password: password, to: backend.store, cost: bcryptCost)
      } catch {
        await backend.close()
        throw error
      }
      await backend.close()
      ErrorHandling.printNote("added \(account.role.rawValue) \(account.name) to \(backend.title)")
    } catch let error as ReadinessError {
      ErrorHandling.printError(error.description)
      throw ErrorHandling.exitCode(for: error)
    }
  }
}
