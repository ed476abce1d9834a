/// The text of the columns that hold categories or class names, numbered by sorted name.
struct CSVTextColumns {
    /// Per slot: the sorted distinct values (empty for numeric columns).
    var categories: [[String]]
    /// Per slot: each row's index into `categories[slot]`, -1 for a missing cell.
    var indices: [[Int32]]

    init(slotCount: Int) {
        categories = .init(repeating: [], count: slotCount)
        indices = .init(repeating: [], count: slotCount)
    }

    mutating func collect(slots: [Int], selection: CSVSelection, tokenizer: inout CSVTokenizer,
                          file: MappedFile, rows: Int, fields: inout [CSVField], markers: MissingMarkers) throws {
        var lookup = [[String: Int32]](repeating: [:], count: categories.count)
        for slot in slots { indices[slot].reserveCapacity(rows) }
        var released = 0
        while try tokenizer.nextRecord(into: &fields) {
            for slot in slots {
                let value = tokenizer.text(of: fields[selection.fieldIndex(ofSlot: slot)])
                if markers.matches(value) {
                    indices[slot].append(-1)
                } else if let index = lookup[slot][value] {
                    indices[slot].append(index)
                } else {
                    let index = Int32(categories[slot].count)
                    lookup[slot][value] = index
                    categories[slot].append(value)
                    indices[slot].append(index)
                }
            }
            if tokenizer.position - released > 1 << 24 {
                released = tokenizer.position
                file.release(before: released)
            }
        }
        // Numbered in order of appearance above; renumbered here in sorted order so that the
        // one-hot columns and class indices do not depend on which row came first.
        // A `categorical:` column of numbers sorts numerically (4, 6, 8, 10, not 10, 4, 6, 8); text
        // keeps the plain order of earlier releases, so their one-hot columns stay where they were.
        for slot in slots {
            let numeric = selection.categoricalSlots.contains(slot)
            let order = categories[slot].indices.sorted {
                numeric ? Self.precedes(categories[slot][$0], categories[slot][$1]) : categories[slot][$0] < categories[slot][$1]
            }
            var renumber = [Int32](repeating: 0, count: order.count)
            for (newIndex, oldIndex) in order.enumerated() { renumber[oldIndex] = Int32(newIndex) }
            categories[slot] = order.map { categories[slot][$0] }
            indices[slot] = indices[slot].map { $0 < 0 ? $0 : renumber[Int($0)] }
        }
    }

    /// Numbers in numeric order, anything else by its text.
    static func precedes(_ left: String, _ right: String) -> Bool {
        if let a = Double(left), let b = Double(right), a != b { return a < b }
        return left < right
    }
}
