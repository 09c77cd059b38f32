/// Checks bytes for well-formed UTF-8 (Unicode 15, table 3-7) as they stream past, in place: a
/// sequence split between two chunks is carried over in the state, nothing is copied.
///
/// Runs of ASCII, nearly all of a statistical office's CSV, are skipped eight bytes at a time.
/// `String(validating:)`, which this replaced, needed each chunk copied (with the carried-over
/// bytes prepended) and made a string of it.
struct UTF8Validator {
  /// Continuation bytes still expected for the sequence in progress.
  private var remaining = 0
  /// The range the next continuation byte must be in (narrower than 0x80...0xBF right after
  /// E0, ED, F0 and F4: no overlong forms, no surrogates, nothing above U+10FFFF).
  private var low: UInt8 = 0x80
  private var high: UInt8 = 0xBF
  /// `false` once an ill-formed sequence was met.
  private(set) var isValid = true

  /// Checks the next bytes; returns ``isValid``.
  @discardableResult
  mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard isValid, let base = bytes.baseAddress else { return isValid }
    let count = bytes.count
    var index = 0
    while index < count {
      if remaining == 0 {
        // Eight ASCII bytes at a time (an unaligned load of a UInt64).
        while index + 8 <= count,
          UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
        {
          index += 8
        }
        guard index < count else { break }
        let lead = base[index]
        index += 1
        switch lead {
        case 0x00...0x7F: continue
        case 0xC2...0xDF:
          remaining = 1
          low = 0x80
          high = 0xBF
        case 0xE0:
          remaining = 2
          low = 0xA0
          high = 0xBF
        case 0xE1...0xEC, 0xEE...0xEF:
          remaining = 2
          low = 0x80
          high = 0xBF
        case 0xED:
          remaining = 2
          low = 0x80
          high = 0x9F
        case 0xF0:
          remaining = 3
          low = 0x90
          high = 0xBF
        case 0xF1...0xF3:
          remaining = 3
          low = 0x80
          high = 0xBF
        case 0xF4:
          remaining = 3
          low = 0x80
          high = 0x8F
        default:
          isValid = false
          return false
        }
      } else {
        let byte = base[index]
        index += 1
        guard byte >= low && byte <= high else {
          isValid = false
          return false
        }
        remaining -= 1
        low = 0x80
        high = 0xBF
      }
    }
    return true
  }

  /// Whether everything fed was well-formed and no sequence was left unfinished.
  var isComplete: Bool { isValid && remaining == 0 }
}
