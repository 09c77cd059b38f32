/// The values one line of a wide table gives one series: the area, the indicator and the line
/// once, then a (period, value) pair per non-empty cell. A World Bank bulk CSV line is one: a
/// country, an indicator and up to 65 yearly values.
///
/// Importers of such files hand the workspace a row instead of one ``Observation`` per value,
/// which spares building, copying and releasing each observation's fields for every value. A row
/// stands for exactly the observations ``observations`` lists (no unit, status, note or source of
/// their own; each positioned on the row's line), and a consumer that does not take rows reads
/// those.
public struct ObservationRow: Sendable, Hashable {
  /// One non-empty cell: the index of its period in ``periods`` and its value.
  public struct Cell: Sendable, Hashable {
    /// Index into ``ObservationRow/periods``.
    public var period: Int32
    /// The numeric value.
    public var value: Double

    @inlinable
    public init(period: Int32, value: Double) {
      self.period = period
      self.value = value
    }
  }

  /// As ``Observation/country``.
  public var country: String
  /// As ``Observation/areaKind``.
  public var areaKind: AreaKind
  /// As ``Observation/indicator``.
  public var indicator: String
  /// The line of the file the values were read on (their position: `line N`).
  public var line: Int
  /// The periods of the file's columns (`1960`, `1961`, …), shared by all rows of a file.
  public var periods: [String]
  /// The non-empty cells, in column order.
  public var cells: [Cell]

  /// A row; every cell's period must index `periods`.
  public init(
    country: String, areaKind: AreaKind, indicator: String, line: Int, periods: [String], cells: [Cell]
  ) {
    precondition(cells.allSatisfy { $0.period >= 0 && Int($0.period) < periods.count }, "a cell's period is out of range")
    self.country = country
    self.areaKind = areaKind
    self.indicator = indicator
    self.line = line
    self.periods = periods
    self.cells = cells
  }

  /// The observations the row stands for, in cell order.
  public var observations: [Observation] {
    cells.map { cell in
      Observation(
        country: country, areaKind: areaKind, indicator: indicator, period: periods[Int(cell.period)],
        value: cell.value, position: .line(line))
    }
  }
}
