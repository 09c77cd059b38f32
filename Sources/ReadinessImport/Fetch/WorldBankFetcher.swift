import Foundation
import ReadinessCore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Downloads indicators from the World Bank API v2 as XML, every page (`per_page=1000`), with
/// retries and exponential backoff, and keeps each raw response in a cache folder beside a
/// small JSON record of its URL, HTTP status and retrieval time.
///
/// An HTTP 200 answer that is a `wb:error` message is a publisher error (not retried); 429 and
/// 5xx answers and transport errors are retried; other statuses fail at once.
public struct WorldBankFetcher: Sendable {
  /// One cached page.
  public struct Page: Sendable, Hashable, Codable {
    public var indicator: String
    public var page: Int
    public var pages: Int
    public var url: String
    public var file: String
    public var retrieved: String
    public var status: Int
  }

  public var baseURL: String
  public var cacheDirectory: String
  public var countries: String
  public var perPage: Int
  public var attempts: Int
  public var initialBackoff: Double

  public init(
    baseURL: String = "https://api.worldbank.org/v2", cacheDirectory: String, countries: String = "all",
    perPage: Int = 1000, attempts: Int = 4, initialBackoff: Double = 0.5
  ) {
    self.baseURL = baseURL
    self.cacheDirectory = cacheDirectory
    self.countries = countries
    self.perPage = perPage
    self.attempts = attempts
    self.initialBackoff = initialBackoff
  }

  /// Fetches every page of one indicator into the cache and returns the pages in order.
  public func fetch(indicator: String, log: @Sendable (String) -> Void = { _ in }) async throws -> [Page] {
    var pages: [Page] = []
    var page = 1
    var total = 1
    repeat {
      let url = "\(baseURL)/country/\(countries)/indicator/\(indicator)?format=xml&per_page=\(perPage)&page=\(page)"
      let (bytes, status) = try await get(url, log: log)
      let folder = cacheDirectory + "/worldbank/" + indicator.replacingOccurrences(of: "/", with: "_")
      let file = folder + "/page-\(page).xml"
      let retrieved = ISO8601DateFormatter().string(from: Date())
      try AtomicFile.write(bytes, to: file)
      let info = try WorldBankFetcher.pageInfo(bytes: bytes, url: url)
      total = max(1, info.pages)
      let record = Page(
        indicator: indicator, page: page, pages: total, url: url, file: file, retrieved: retrieved, status: status)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      try AtomicFile.write(Array((try encoder.encode(record))), to: folder + "/page-\(page).json")
      pages.append(record)
      log("fetched \(indicator) page \(page) of \(total) (\(bytes.count) bytes)")
      page += 1
    } while page <= total
    return pages
  }

  /// GET with retries: transport errors, 429 and 5xx wait `initialBackoff × 2^attempt` seconds.
  func get(_ url: String, log: @Sendable (String) -> Void) async throws -> ([UInt8], Int) {
    guard let target = URL(string: url) else {
      throw ReadinessError(.invalidConfiguration, "not a valid URL: \(url)")
    }
    var lastProblem = ""
    for attempt in 0..<attempts {
      if attempt > 0 {
        let delay = initialBackoff * pow(2, Double(attempt - 1))
        log("retrying in \(delay) s (\(lastProblem))")
        try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
      }
      do {
        var request = URLRequest(url: target)
        request.timeoutInterval = 60
        request.setValue("readiness/0.1 (open-data importer)", forHTTPHeaderField: "User-Agent")
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 200 { return (Array(data), status) }
        lastProblem = "HTTP \(status)"
        if status == 429 || status >= 500 { continue }
        throw ReadinessError(.publisherError, "the World Bank API answered HTTP \(status) for \(url)")
      } catch let error as ReadinessError {
        throw error
      } catch {
        lastProblem = "\(error.localizedDescription)"
      }
    }
    throw ReadinessError(.io, "could not fetch \(url) after \(attempts) attempts (\(lastProblem))")
  }

  /// Reads `pages` from a response, or throws the API's error message.
  static func pageInfo(bytes: [UInt8], url: String) throws -> (page: Int, pages: Int) {
    let reader = try XMLStreamReader(bytes: bytes, name: url)
    while try reader.read() {
      guard reader.nodeType == .element else { continue }
      if reader.localName == "error" {
        var messages: [String] = []
        while try reader.read() {
          if reader.nodeType == .element && reader.localName == "message" {
            let key = reader.attribute("key") ?? ""
            messages.append(
              [key, try reader.readElementText().trimmingSpaces()].filter { !$0.isEmpty }.joined(separator: ": "))
          }
        }
        throw ReadinessError(
          .publisherError, "the World Bank API returned an error instead of data: \(messages.joined(separator: "; "))",
          at: SourceLocation(file: url))
      }
      let page = reader.attribute("page").flatMap(Int.init) ?? 1
      let pages = reader.attribute("pages").flatMap(Int.init) ?? 1
      return (page, pages)
    }
    throw ReadinessError(.unexpectedContent, "empty response", at: SourceLocation(file: url))
  }
}
