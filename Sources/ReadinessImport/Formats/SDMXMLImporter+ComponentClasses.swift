extension SDMXMLImporter {
  /// Component classes by the reader's name id (attributes as components), or by id text (Generic
  /// `Value id="…"`): decided once per name rather than once per observation.
  struct ComponentClasses {
    let forced: Set<String>
    private var byName: [ComponentClass?] = []
    private var byID: [String: ComponentClass] = [:]

    init(forced: Set<String>) { self.forced = forced }

    mutating func of(nameID: Int, name: @autoclosure () -> String) -> ComponentClass {
      guard nameID >= 0 else { return SDMXMLImporter.classify(name(), forced: forced) }
      if nameID < byName.count, let known = byName[nameID] { return known }
      let kind = SDMXMLImporter.classify(name(), forced: forced)
      if nameID >= byName.count { byName += Array(repeating: nil, count: nameID - byName.count + 1) }
      byName[nameID] = kind
      return kind
    }

    mutating func of(id: String) -> ComponentClass {
      if let known = byID[id] { return known }
      let kind = SDMXMLImporter.classify(id, forced: forced)
      if byID.count < 4096 { byID[id] = kind }
      return kind
    }
  }
}
