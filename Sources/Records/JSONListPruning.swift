/// The few fields of a large JSON file without its long lists. results.json holds, in each
/// element of its `experiments` array, a `runs` and a `variants` list with one entry per run (164
/// MB at 100,000 runs); the index and `gradbook report` read only the header around them, and
/// Foundation's JSONDecoder built the whole file as a tree first (perf: 7% of a 100,000-run
/// report, and its largest transient allocation).
public enum JSONListPruning {
    /// `bytes` with the value of each member named in `keys`, in every object of the top-level
    /// object's array `container`, replaced by `[]`. Everything else is kept byte for byte, so a
    /// decoder sees the same values as in the whole file for every other field. nil when the bytes
    /// are not JSON this reader reads (the caller then decodes the whole file and reports its error).
    public static func pruning(_ bytes: [UInt8], container: String, keys: Set<String>) -> [UInt8]? {
        var reader = JSONByteReader(bytes)
        var cuts: [Range<Int>] = []
        do {
            try reader.object { reader, key in
                guard key == container, reader.peek() == UInt8(ascii: "[") else { return try skip(&reader) }
                try reader.array { reader in
                    guard reader.peek() == UInt8(ascii: "{") else { return try skip(&reader) }
                    try reader.object { reader, member in
                        reader.skipSpace()
                        let start = reader.position
                        try reader.skipValue()
                        if keys.contains(member) { cuts.append(start..<reader.position) }
                    }
                }
            }
            try reader.expectEnd()
        } catch {
            return nil
        }
        guard !cuts.isEmpty else { return bytes }
        var pruned: [UInt8] = []
        pruned.reserveCapacity(bytes.count - cuts.reduce(0) { $0 + $1.count } + 2 * cuts.count)
        var kept = 0
        for cut in cuts {
            pruned.append(contentsOf: bytes[kept..<cut.lowerBound])
            pruned.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")])
            kept = cut.upperBound
        }
        pruned.append(contentsOf: bytes[kept...])
        return pruned
    }

    private static func skip(_ reader: inout JSONByteReader) throws { try reader.skipValue() }
}
