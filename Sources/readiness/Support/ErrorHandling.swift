import ArgumentParser
import Foundation
import ReadinessCore

/// Maps library errors to a one-line message on stderr and an exit code. Only the CLI does this.
enum ErrorHandling {
  static func exitCode(for error: ReadinessError) -> ExitCode {
    switch error.code {
    case .malformedInput, .unexpectedContent, .unsupportedFormat, .refusedInput, .limitExceeded: ExitCode(65)
    case .notFound: ExitCode(66)
    case .publisherError: ExitCode(69)
    case .database: ExitCode(70)
    case .io: ExitCode(74)
    case .invalidConfiguration: ExitCode(78)
    default: ExitCode.failure
    }
  }

  /// Runs `body`; a ``ReadinessError`` becomes `readiness: error: …` and its exit code.
  static func run(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let error as ReadinessError {
      printError(error.description)
      throw exitCode(for: error)
    }
  }

  static func printError(_ message: String) {
    FileHandle.standardError.write(Data(("readiness: error: " + message + "\n").utf8))
  }

  /// Prints a note (an import report: names, codes and notes from the file) with the control
  /// characters of each line escaped, so that a file cannot drive the terminal.
  static func printNote(_ message: String) {
    let safe = message.split(separator: "\n", omittingEmptySubsequences: false)
      .map { escapingControlCharacters(String($0)) }.joined(separator: "\n")
    FileHandle.standardError.write(Data((safe + "\n").utf8))
  }
}

/// Writes to stdout without buffering surprises.
func emit(_ text: String) {
  FileHandle.standardOutput.write(Data(text.utf8))
}
