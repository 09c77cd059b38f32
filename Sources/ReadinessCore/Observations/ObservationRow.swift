/// Values of one series handed over together: what they share (area, indicator, unit, note and
/// where they were read) once, then a cell per value. Two kinds:
///
/// - a line of a wide table (``path`` is `nil`): every value positioned on ``line``. A World Bank
///   bulk CSV line is one: a country, an indicator and up to 65 yearly values;
/// - the observations of an SDMX-ML series element (``path`` is the element's path): each cell
///   positioned as the `index`-th observation under it, on its own line, with its own status.
///
/// Importers hand the workspace a row instead of one ``Observation`` per value, which spares
/// building, copying and releasing each observation's fields for every value. A row stands for
/// exactly the observations ``observations`` lists (in the import's own source), and a consumer
/// that does not take rows reads those.
///
/// Its storage details (`Int32` indexes, `-1` for no status, byte ranges of published text) are
/// the importers' and the store's business only: the type is SPI (`@_spi(RowStorage) import
/// ReadinessCore`), not part of the library's public interface.
@_spi(RowStorage)
public struct ObservationRow: Sendable, Hashable {
  /// One value: the index of its period in ``ObservationRow/periods``, the value, its status
  /// (an index into ``ObservationRow/statuses``, or -1), its position under the row's element and,
  /// where the importer read the value straight from it, its text in ``ObservationRow/text``.
  public struct Cell: Sendable, Hashable {
    /// Index into ``ObservationRow/periods``.
    public var period: Int32
    /// Index into ``ObservationRow/statuses``, or -1 for no status.
    public var status: Int32
    /// Where the value's published text lies in ``ObservationRow/text`` (empty when not given).
    public var textStart: Int32
    public var textEnd: Int32
    /// The numeric value.
    public var value: Double
    /// For a row with a ``ObservationRow/path``: the observation's index under the element (from
    /// 1) and its line.
    public var index: Int
    public var line: Int

    /// A cell of a line, without its text.
    @inlinable
    public init(period: Int32, value: Double) {
      self.init(period: period, value: value, text: 0..<0)
    }

    /// A cell of a line whose value was read from `text` (a range of ``ObservationRow/text``), a
    /// decimal that reads back as exactly `value`: the workspace may store that text instead of
    /// writing the number anew.
    @inlinable
    public init(period: Int32, value: Double, text: Range<Int>) {
      self.period = period
      self.status = -1
      self.textStart = Int32(truncatingIfNeeded: text.lowerBound)
      self.textEnd = Int32(truncatingIfNeeded: text.upperBound)
      self.value = value
      self.index = 0
      self.line = 0
    }

    /// A cell of an element: the `index`-th observation under it, read on `line`.
    @inlinable
    public init(period: Int32, value: Double, status: Int32, index: Int, line: Int) {
      self.period = period
      self.status = status
      self.textStart = 0
      self.textEnd = 0
      self.value = value
      self.index = index
      self.line = line
    }
  }

  /// As ``Observation/country``.
  public var country: String
  /// As ``Observation/areaKind``.
  public var areaKind: AreaKind
  /// As ``Observation/indicator``.
  public var indicator: String
  /// As ``Observation/unit``, for every value.
  public var unit: String?
  /// As ``Observation/note``, for every value.
  public var note: String?
  /// The line of the file the values were read on (their position: `line N`) when ``path`` is
  /// `nil`.
  public var line: Int
  /// The element the values were read under (`/DataSet/Series[3]`), or `nil` for a line.
  public var path: String?
  /// The periods the cells refer to: for a line, the file's columns (`1960`, `1961`, …), shared
  /// by all rows of a file.
  public var periods: [String]
  /// The statuses the cells refer to.
  public var statuses: [String]
  /// The cells, in file order.
  public var cells: [Cell]
  /// The text the cells' texts are ranges of (the line as read); may be empty.
  public var text: [UInt8]

  /// A row; every cell's period and status must index `periods` and `statuses`, and its text lie
  /// in `text`.
  public init(
    country: String, areaKind: AreaKind, indicator: String, unit: String? = nil, note: String? = nil, line: Int = 0,
    path: String? = nil, periods: [String], statuses: [String] = [], cells: [Cell], text: [UInt8] = []
  ) {
    precondition(
      cells.allSatisfy {
        $0.period >= 0 && Int($0.period) < periods.count && $0.status >= -1 && Int($0.status) < statuses.count
          && $0.textStart >= 0 && $0.textStart <= $0.textEnd && Int($0.textEnd) <= text.count
      }, "a cell's period, status or text is out of range")
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
    self.unit = unit
    self.note = note
    self.line = line
    self.path = path
    self.periods = periods
    self.statuses = statuses
    self.cells = cells
    self.text = text
  }

  /// The observations the row stands for, in cell order.
  public var observations: [Observation] {
    cells.map { cell in
      Observation(
        country: country, areaKind: areaKind, indicator: indicator, period: periods[Int(cell.period)],
        value: cell.value, unit: unit, status: cell.status >= 0 ? statuses[Int(cell.status)] : nil, note: note,
        position: path.map { .element(path: $0, index: cell.index, line: cell.line) } ?? .line(line))
    }
  }
}
