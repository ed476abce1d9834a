/// A CSV file opened for reading: mapped, its delimiter detected and its header row read, with a
/// tokenizer positioned after the header. Loading and profiling start the same way, here.
struct OpenedCSV {
    let path: String
    /// Kept open while the tokenizer reads its bytes.
    let file: MappedFile
    let delimiter: UInt8
    let header: CSVHeader
    /// Positioned at the first data row.
    let tokenizer: CSVTokenizer
    /// Scratch for the records the passes read.
    var fields: [CSVField] = []

    init(_ spec: DatasetSpec) throws {
        guard let path = spec.csv else { throw DatasetError(message: "no csv file given") }
        self.path = path
        file = try MappedFile(path: path)
        delimiter = CSVTokenizer.detectDelimiter(in: file.bytes)
        var tokenizer = CSVTokenizer(bytes: file.bytes, delimiter: delimiter, path: path)
        guard try tokenizer.nextRecord(into: &fields) else {
            throw DatasetError(file: path, message: "the file is empty (a header row is needed)")
        }
        header = try CSVHeader(names: fields.map { tokenizer.text(of: $0) }, path: path)
        self.tokenizer = tokenizer
    }

    /// A semicolon-separated file is usually written where the decimal separator is a comma (a
    /// point is accepted too, see `CSVFirstPass.run`).
    var decimalSeparator: UInt8 { delimiter == UInt8(ascii: ";") ? UInt8(ascii: ",") : UInt8(ascii: ".") }
}
