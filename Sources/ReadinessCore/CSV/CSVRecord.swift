/// One record of a CSV file: its fields and the line it starts on.
public struct CSVRecord: Sendable, Hashable {
  /// The decoded fields, quotes removed and `""` unescaped.
  public var fields: [String]
  /// The 1-based line on which the record starts.
  public var line: Int
  /// The 1-based byte column at which each field starts (on its own line).
  public var columns: [Int]

  public init(fields: [String], line: Int, columns: [Int] = []) {
    self.fields = fields
    self.line = line
    self.columns = columns
  }

  /// The column of field `index`, or `nil` when unknown.
  public func column(of index: Int) -> Int? {
    index >= 0 && index < columns.count ? columns[index] : nil
  }

  /// The field at `index`, or `nil` past the end of a short record.
  public subscript(safe index: Int) -> String? {
    index >= 0 && index < fields.count ? fields[index] : nil
  }

  /// `true` when every field is empty (blank lines, `;;;;` padding).
  public var isBlank: Bool { fields.allSatisfy { $0.isEmpty } }
}
