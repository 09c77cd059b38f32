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
  /// One non-empty cell: the index of its period in ``periods``, its value and, where the
  /// importer read the value straight from it, the cell's text in ``ObservationRow/text``.
  public struct Cell: Sendable, Hashable {
    /// Index into ``ObservationRow/periods``.
    public var period: Int32
    /// The numeric value.
    public var value: Double
    /// Where the value's published text lies in ``ObservationRow/text`` (empty when not given).
    public var textStart: Int32
    public var textEnd: Int32

    /// A cell without its text.
    @inlinable
    public init(period: Int32, value: Double) {
      self.init(period: period, value: value, text: 0..<0)
    }

    /// A cell whose value was read from `text` (a range of ``ObservationRow/text``), a decimal that
    /// reads back as exactly `value`: the workspace may store that text instead of writing the
    /// number anew.
    @inlinable
    public init(period: Int32, value: Double, text: Range<Int>) {
      self.period = period
      self.value = value
      self.textStart = Int32(truncatingIfNeeded: text.lowerBound)
      self.textEnd = Int32(truncatingIfNeeded: text.upperBound)
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
  /// The text the cells' texts are ranges of (the line as read); may be empty.
  public var text: [UInt8]

  /// A row; every cell's period must index `periods`, and its text lie in `text`.
  public init(
    country: String, areaKind: AreaKind, indicator: String, line: Int, periods: [String], cells: [Cell],
    text: [UInt8] = []
  ) {
    precondition(
      cells.allSatisfy {
        $0.period >= 0 && Int($0.period) < periods.count && $0.textStart >= 0 && $0.textStart <= $0.textEnd
          && Int($0.textEnd) <= text.count
      }, "a cell's period or text is out of range")
    // The texts must read as their values (checked in debug builds: every test import).
    assert(
      cells.allSatisfy { cell in
        cell.textStart == cell.textEnd
          || Double(String(decoding: text[Int(cell.textStart)..<Int(cell.textEnd)], as: UTF8.self))?.bitPattern
            == cell.value.bitPattern
      }, "a cell's text does not read as its value")
    self.country = country
    self.areaKind = areaKind
    self.indicator = indicator
    self.line = line
    self.periods = periods
    self.cells = cells
    self.text = text
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
