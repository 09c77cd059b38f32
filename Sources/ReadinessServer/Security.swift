import Foundation
import HummingbirdBcrypt
import ReadinessCore
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Random tokens, hashes and comparisons for sessions and CSRF.
enum Tokens {
  /// `count` random bytes as lowercase hex (the system's CSPRNG).
  static func random(bytes count: Int = 32) -> String {
    var generator = SystemRandomNumberGenerator()
    return SHA256.hex((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
  }

  /// Hex SHA-256 of a token (what the store keeps of a session cookie).
  static func hash(_ token: String) -> String {
    var digest = SHA256()
    digest.update(Array(token.utf8))
    return digest.finalizeHex()
  }

  /// Compares two strings in time that depends only on their lengths.
  static func equal(_ a: String, _ b: String) -> Bool {
    let (x, y) = (Array(a.utf8), Array(b.utf8))
    guard x.count == y.count, !x.isEmpty else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
  }
}

/// Password hashing with bcrypt (HummingbirdBcrypt).
public enum Passwords {
  /// The bcrypt cost of new hashes (2^12 rounds, about 0.25 s on one core).
  public static let defaultCost: UInt8 = 12
  /// Passwords shorter than this are refused.
  public static let minimumLength = 10
  /// bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut.
  public static let maximumLength = 72

  /// Checks a new password: at least ``minimumLength`` characters, at most ``maximumLength`` bytes, no line breaks.
  public static func validate(_ password: String) throws(ReadinessError) {
    if password.isEmpty { throw ReadinessError(.invalidConfiguration, "the password is empty") }
    if password.count < minimumLength {
      throw ReadinessError(
        .invalidConfiguration, "the password is too short (\(password.count) characters; at least \(minimumLength))")
    }
    if password.utf8.count > maximumLength {
      throw ReadinessError(.invalidConfiguration, "the password is longer than \(maximumLength) bytes (bcrypt's limit)")
    }
    if password.contains(where: { $0.isNewline }) {
      throw ReadinessError(.invalidConfiguration, "the password contains a line break")
    }
  }

  /// The bcrypt hash of a password (`$2b$…`).
  public static func hash(_ password: String, cost: UInt8 = defaultCost) -> String {
    Bcrypt.hash(password, cost: cost)
  }

  /// Whether `password` matches `hash`.
  public static func verify(_ password: String, hash: String) -> Bool {
    guard password.utf8.count <= maximumLength else { return false }
    return Bcrypt.verify(password, hash: hash)
  }
}

/// Account administration shared by `readiness user add` and the tests.
public enum Accounts {
  /// Names: 1–64 letters, digits, `.`, `_`, `-`.
  public static func validate(name: String) throws(ReadinessError) {
    let allowed = name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        || "._-".unicodeScalars.contains($0)
    }
    guard !name.isEmpty, name.count <= 64, allowed else {
      throw ReadinessError(
        .invalidConfiguration,
        "the account name must be 1 to 64 letters, digits, '.', '_' or '-' (got \"\(escapingControlCharacters(name))\")"
      )
    }
  }

  /// Adds an account with a checked name and password, hashed with bcrypt at `cost`.
  ///
  /// - Throws: ``ReadinessError`` `invalidConfiguration` for a bad name or password or a name taken.
  public static func add(
    name: String, role: Role, password: String, to store: any CollaborationStore, cost: UInt8 = Passwords.defaultCost
  ) async throws(ReadinessError) -> Account {
    try validate(name: name)
    try Passwords.validate(password)
    let account = Account(
      name: name, role: role, passwordHash: Passwords.hash(password, cost: cost), created: Timestamps.now())
    try await store.addAccount(account)
    return account
  }
}

/// Times as the store keeps them: ISO 8601 in UTC, to the second.
enum Timestamps {
  static func now(offset: TimeInterval = 0) -> String {
    iso(Date().addingTimeInterval(offset))
  }

  static func iso(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }
}

/// Failed sign-ins counted per account name and per client address: after `limit` failures within
/// `window` seconds, further attempts are refused (429) until the oldest failure leaves the window.
final class LoginThrottle: Sendable {
  let limit: Int
  let window: TimeInterval
  private let failures = Mutex<[String: [Date]]>([:])

  init(limit: Int = 5, window: TimeInterval = 15 * 60) {
    self.limit = limit
    self.window = window
  }

  /// Seconds to wait before another attempt for any of `keys`, or nil when allowed.
  func retryAfter(_ keys: [String], now: Date = Date()) -> Int? {
    failures.withLock { table in
      var wait: TimeInterval?
      for key in keys {
        let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
        table[key] = recent.isEmpty ? nil : recent
        if recent.count >= limit, let oldest = recent.first {
          wait = max(wait ?? 0, window - now.timeIntervalSince(oldest))
        }
      }
      return wait.map { max(1, Int($0.rounded(.up))) }
    }
  }

  func recordFailure(_ keys: [String], now: Date = Date()) {
    failures.withLock { table in
      // Bounded: a flood of made-up names cannot grow the table without limit.
      if table.count > 10_000 { table = table.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
      for key in keys { table[key, default: []].append(now) }
    }
  }

  func reset(_ key: String) {
    _ = failures.withLock { $0.removeValue(forKey: key) }
  }
}

/// Rendered pages kept per key (a country's profile, a ranking's filters), dropped when the answers
/// of a country change. Bounded by their total size in UTF-8 bytes: the oldest insertions go first.
final class PageCache: Sendable {
  private struct State {
    var pages: [String: (country: String?, body: String)] = [:]
    var order: [String] = []
    var bytes = 0
  }
  private let state = Mutex(State())
  /// The most bytes of pages kept (64 MiB by default: every profile and download of ~200 countries).
  let capacity: Int

  init(capacity: Int = 64 << 20) { self.capacity = capacity }

  func get(_ key: String) -> String? { state.withLock { $0.pages[key]?.body } }

  func put(_ key: String, country: String?, _ body: String) {
    state.withLock { state in
      if let old = state.pages.updateValue((country, body), forKey: key) {
        state.bytes -= old.body.utf8.count
      } else {
        state.order.append(key)
      }
      state.bytes += body.utf8.count
      while state.bytes > capacity, !state.order.isEmpty {
        let oldest = state.order.removeFirst()
        if let removed = state.pages.removeValue(forKey: oldest) { state.bytes -= removed.body.utf8.count }
      }
    }
  }

  /// Drops every page of `country`, and every page of no country (rankings, comparisons).
  func invalidate(country: String) {
    state.withLock { state in
      state.pages = state.pages.filter { $0.value.country != nil && $0.value.country != country }
      state.order = state.order.filter { state.pages[$0] != nil }
      state.bytes = state.pages.values.reduce(0) { $0 + $1.body.utf8.count }
    }
  }

  /// The number of pages and their bytes (for tests).
  var size: (pages: Int, bytes: Int) { state.withLock { ($0.pages.count, $0.bytes) } }
}

/// `application/x-www-form-urlencoded` and query strings.
enum FormData {
  /// The fields of a form body or query (`a=1&b=x+y`); a name given twice keeps its first value.
  static func parse(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard let name = decode(parts[0]) else { continue }
      let value = parts.count > 1 ? decode(parts[1]) ?? "" : ""
      if fields[name] == nil { fields[name] = value }
    }
    return fields
  }

  private static func decode(_ part: Substring) -> String? {
    String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
  }
}
