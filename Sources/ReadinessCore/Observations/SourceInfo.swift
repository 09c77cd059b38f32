/// Where a set of observations comes from: the provenance a profile cites.
public struct SourceInfo: Sendable, Hashable, Codable {
  /// The publishing organisation, e.g. "World Bank".
  public var publisher: String
  /// The dataset, e.g. "World Development Indicators".
  public var dataset: String?
  /// The licence, e.g. "CC BY 4.0".
  public var licence: String?
  /// The dataset's own "last updated" date or edition, as an ISO date where it could be read.
  public var vintage: String?
  /// The file the values were read from (its name as given to the importer).
  public var file: String?
  /// Where the file was obtained, if known.
  public var url: String?
  /// When the file was retrieved from the publisher, if known.
  public var retrieved: String?

  /// What outputs show for a source whose file states no licence.
  public static let licenceNotStated = "not stated"

  /// A file name as provenance may show it: an absolute path (`/home/ana/office.csv`,
  /// `C:\\Users\\…`, `~/…`) or one that climbs (`../x.csv`) becomes its last component, so that
  /// profiles do not publish the importing machine's folders; a plain relative path inside the
  /// data (`worldbank_bulk/API_….csv`) is kept.
  public static func publicFileName(_ path: String) -> String {
    let parts = path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).map(String.init)
    let isAbsolute =
      path.hasPrefix("/") || path.hasPrefix("\\") || path.hasPrefix("~")
      || (path.count >= 2 && path.dropFirst().first == ":" && path.first?.isLetter == true)
    guard isAbsolute || parts.contains("..") || parts.contains(".") else { return path }
    return parts.last ?? path
  }

  /// This source with its file as ``publicFileName(_:)`` gives it.
  public var withPublicFileName: SourceInfo {
    var copy = self
    copy.file = file.map(SourceInfo.publicFileName)
    return copy
  }

  public init(
    publisher: String, dataset: String? = nil, licence: String? = nil, vintage: String? = nil,
    file: String? = nil, url: String? = nil, retrieved: String? = nil
  ) {
    self.publisher = publisher
    self.dataset = dataset
    self.licence = licence
    self.vintage = vintage
    self.file = file
    self.url = url
    self.retrieved = retrieved
  }
}
