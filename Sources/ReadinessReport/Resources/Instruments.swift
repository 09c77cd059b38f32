import Foundation

/// The multilateral instruments the recommendation library may cite: how to recognise them, who can
/// become a party (or whom they address), and the range of their articles. Renderers use it to word a
/// regional instrument as a model only for countries outside its region; a test checks every citation of
/// the library against it.
public struct Instrument: Sendable, Hashable {
  /// Text that identifies a citation of the instrument.
  public var marker: String
  public var name: String
  /// The `blocs.csv` bloc whose members it binds or addresses (nil: open to every country).
  public var bloc: String?
  /// The region's name, for the wording.
  public var region: String?
  /// Its articles (nil when it has none, e.g. a recommendation or guide).
  public var articles: ClosedRange<Int>?

  /// The instruments known to the library (facts checked against the treaty texts).
  public static let table: [Instrument] = [
    Instrument(
      marker: "Recommendation on the Ethics of Artificial Intelligence",
      name: "UNESCO Recommendation on the Ethics of AI (2021)"),
    Instrument(marker: "OECD Recommendation of the Council on Artificial Intelligence", name: "OECD AI Recommendation"),
    Instrument(marker: "CETS No. 225", name: "Council of Europe Framework Convention on AI", articles: 1...36),
    Instrument(marker: "ETS No. 185", name: "Budapest Convention on Cybercrime", articles: 1...48),
    // Citations name the articles of the consolidated Convention 108+ (31 articles).
    Instrument(marker: "CETS No. 223", name: "Convention 108+ (amending protocol)", articles: 1...31),
    Instrument(
      marker: "Malabo Convention", name: "African Union Convention on Cyber Security and Personal Data Protection",
      bloc: "AU", region: "the African Union", articles: 1...38),
    Instrument(
      marker: "ASEAN Guide on AI Governance and Ethics", name: "ASEAN Guide on AI Governance and Ethics (2024)",
      bloc: "ASEAN",
      region: "ASEAN"),
    Instrument(marker: "ITU Global Cybersecurity Agenda", name: "ITU Global Cybersecurity Agenda (2007)"),
    Instrument(
      marker: "Guidelines on Child Online Protection", name: "ITU Guidelines on Child Online Protection (2020)"),
    Instrument(marker: "United Nations Convention against Corruption", name: "UNCAC (2003)", articles: 1...71),
    Instrument(marker: "Recommendation on Open Science", name: "UNESCO Recommendation on Open Science (2021)"),
    Instrument(
      marker: "Reference Paper on Basic Telecommunications",
      name: "WTO Reference Paper on Basic Telecommunications (1996)"),
    Instrument(marker: "Sustainable Development Goal target", name: "Sustainable Development Goals"),
  ]

  /// SDG targets the library cites, with the countries they concern ("all countries" unless the target
  /// is about least developed or developing countries).
  public static let sdgScopes: [String: String] = [
    "3.d": "all countries", "4.1": "all countries", "4.3": "all countries", "4.4": "all countries",
    "4.6": "all countries", "4.a": "all countries", "5.4": "all countries", "5.b": "all countries",
    "7.1": "all countries", "7.b": "developing countries", "8.2": "all countries", "8.5": "all countries",
    "9.1": "all countries", "9.5": "all countries", "9.b": "developing countries", "9.c": "least developed countries",
    "10.2": "all countries", "11.4": "all countries", "12.5": "all countries", "12.7": "all countries",
    "16.3": "all countries", "16.5": "all countries", "16.6": "all countries", "16.7": "all countries",
    "16.10": "all countries", "17.6": "all countries", "17.8": "least developed countries",
    "17.18": "developing countries",
  ]

  /// The instrument a citation names, if known.
  public static func cited(in text: String) -> Instrument? { table.first { text.contains($0.marker) } }

  /// The article numbers a citation names ("Article 15", "Articles 14 (Remedies) and 15 (…)").
  public static func articles(in text: String) -> [Int] {
    guard text.contains("Article") else { return [] }
    let pattern = try! NSRegularExpression(pattern: #"(?:Articles?|and) (\d+)"#)
    let range = NSRange(text.startIndex..., in: text)
    return pattern.matches(in: text, range: range).compactMap { match in
      Range(match.range(at: 1), in: text).flatMap { Int(text[$0]) }
    }
  }

  /// The SDG target a citation names ("9.c"), if any.
  public static func sdgTarget(in text: String) -> String? {
    guard let range = text.range(of: "Sustainable Development Goal target ") else { return nil }
    return String(text[range.upperBound...].prefix { !$0.isWhitespace })
  }
}

extension RecommendationLibrary {
  /// An entry's frameworks worded for a country in `blocs`: a regional instrument of a bloc the country
  /// is not in is named as a model only; an SDG target says which countries it concerns when it is not
  /// all of them.
  public func frameworks(of entry: Entry, blocs: [String]) -> [String] {
    entry.frameworks.map { text in
      if let instrument = Instrument.cited(in: text), let bloc = instrument.bloc, !blocs.contains(bloc) {
        return text + " — a model only: it binds or addresses members of \(instrument.region ?? bloc)"
      }
      return text
    }
  }

  /// A library text with its bloc-only parts resolved: `{AU: …}` is kept (without the braces) for
  /// members of the bloc and dropped for everyone else.
  public static func resolve(_ text: String?, blocs: [String]) -> String? {
    guard var text else { return nil }
    while let open = text.firstIndex(of: "{"), let close = text[open...].firstIndex(of: "}"),
      let colon = text[open..<close].firstIndex(of: ":")
    {
      let bloc = String(text[text.index(after: open)..<colon])
      let inner = text[text.index(after: colon)..<close]
      text.replaceSubrange(open...close, with: blocs.contains(bloc) ? String(inner) : "")
    }
    return text
  }
}
