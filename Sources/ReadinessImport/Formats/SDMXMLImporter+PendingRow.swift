@_spi(RowStorage) import ReadinessCore

extension SDMXMLImporter {
  /// The observations of one series gathered into an ``ObservationRow``: those that share the
  /// series' area, indicator, unit and note, each positioned under the series element. Handed
  /// over when the series ends, before an observation that does not fit, and every 4,096 values.
  struct PendingRow {
    private var country = ""
    private var kind = AreaKind.country
    private var indicator = ""
    private var unit: String?
    private var note: String?
    private var path = ""
    private var periods: [String] = []
    private var statuses: [String] = []
    private(set) var cells: [ObservationRow.Cell] = []

    /// The most values one row gathers.
    static let capacity = 4096

    /// Whether an observation with this key may join: the row is empty or has the same key.
    func accepts(
      country: String, kind: AreaKind, indicator: String, unit: String?, note: String?, path: String
    ) -> Bool {
      cells.isEmpty
        || (self.country == country && self.kind == kind && self.indicator == indicator && self.unit == unit
          && self.note == note && self.path == path)
    }

    /// Adds an observation; the key is taken when the row is empty (see ``accepts``).
    mutating func append(
      country: String, kind: AreaKind, indicator: String, unit: String?, note: String?, path: String,
      period: String, value: Double, status: String?, index: Int, line: Int
    ) {
      if cells.isEmpty {
        self.country = country
        self.kind = kind
        self.indicator = indicator
        self.unit = unit
        self.note = note
        self.path = path
      }
      periods.append(period)
      var statusIndex: Int32 = -1
      if let status {
        if let known = statuses.lastIndex(of: status) {
          statusIndex = Int32(known)
        } else {
          statuses.append(status)
          statusIndex = Int32(statuses.count - 1)
        }
      }
      cells.append(
        ObservationRow.Cell(
          period: Int32(periods.count - 1), value: value, status: statusIndex, index: index, line: line))
    }

    /// The row gathered so far, if any; the pending row is empty afterwards.
    mutating func take() -> ObservationRow? {
      guard !cells.isEmpty else { return nil }
      let row = ObservationRow(
        country: country, areaKind: kind, indicator: indicator, unit: unit, note: note, path: path, periods: periods,
        statuses: statuses, cells: cells)
      periods = []
      statuses = []
      cells = []
      return row
    }
  }
}
