extension SDMXMLImporter {
  /// The elements the reader acts on, by local name; decided once per name id.
  enum ElementKind: UInt8 {
    case header, sender, prepared, structure, ref, dataSetID, dataSet, series, group, obs, value, seriesKey, obsKey
    case attributes, obsDimension, time, obsValue, footer, message, text, structureUsage, other

    init(localName: String) {
      switch localName {
      case "Header": self = .header
      case "Sender": self = .sender
      case "Prepared": self = .prepared
      case "Structure": self = .structure
      case "Ref": self = .ref
      case "DataSetID": self = .dataSetID
      case "DataSet": self = .dataSet
      case "Series": self = .series
      case "Group": self = .group
      case "Obs": self = .obs
      case "Value": self = .value
      case "SeriesKey": self = .seriesKey
      case "ObsKey": self = .obsKey
      case "Attributes": self = .attributes
      case "ObsDimension": self = .obsDimension
      case "Time": self = .time
      case "ObsValue": self = .obsValue
      case "Footer": self = .footer
      case "Message": self = .message
      case "Text": self = .text
      case "StructureUsage": self = .structureUsage
      default: self = .other
      }
    }
  }
}
