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
