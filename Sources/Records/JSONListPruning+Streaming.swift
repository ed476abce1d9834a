import Core
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension JSONListPruning {
    /// `pruning(_:container:keys:)` of the file at `path`, read a megabyte at a time: the lists
    /// it cuts are most of a large results.json (164 MB at 100,000 runs), and reading the file
    /// whole first made the two biggest spikes of a report's memory. Only the bytes it keeps are
    /// held. nil when the file cannot be read or its brackets and strings do not balance, when a
    /// cut value is not a list, or when a key outside the cut lists holds an escape (it is matched
    /// by its bytes): the in-memory pruning then decides, with its checks. Inside the cut lists
    /// only the balance is checked: the header reader never reads them, and JSONDecoder checks
    /// every byte it keeps.
    public static func pruning(path: String, container: String, keys: Set<String>) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var pruner = StreamingPruner(container: Array(container.utf8), keys: Set(keys.map { Array($0.utf8) }))
        var buffer = [UInt8](repeating: 0, count: FileComparison.chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            for byte in buffer[..<count] { guard pruner.take(byte) else { return nil } }
        }
        return pruner.finished
    }
}

/// The byte-at-a-time form of the pruning: tracks just enough of the JSON structure (open
/// containers, strings, the current key of each object) to find the members of the container's
/// elements and drop their values.
private struct StreamingPruner {
    private enum Frame {
        case object(awaitingKey: Bool, key: [UInt8])
        case array
    }

    let container: [UInt8]
    let keys: Set<[UInt8]>
    private(set) var output: [UInt8] = []
    private var stack: [Frame] = []
    private var inString = false, escaped = false
    private var key: [UInt8]?
    /// A matched member's value is due (white space is still copied until it starts).
    private var cutDue = false
    /// The depth at which the value being cut closes; bytes are dropped until then.
    private var cutDepth: Int?
    private var sawValue = false

    init(container: [UInt8], keys: Set<[UInt8]>) {
        self.container = container
        self.keys = keys
    }

    /// The kept bytes, when the whole input was one balanced value.
    var finished: [UInt8]? { stack.isEmpty && !inString && sawValue && cutDepth == nil && !cutDue ? output : nil }

    /// Takes the next byte; false when the structure cannot be JSON, or a key holds an escape.
    mutating func take(_ byte: UInt8) -> Bool {
        let keep = cutDepth == nil
        defer { if keep && cutDepth == nil { output.append(byte) } }
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                // A key is matched by its bytes: one spelt with an escape is left to the decoder.
                if key != nil { return false }
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
                if let text = key, case .object(true, _)? = stack.last {
                    stack[stack.count - 1] = .object(awaitingKey: true, key: text)
                }
                key = nil
            } else {
                key?.append(byte)
            }
            return true
        }
        if cutDue {
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09: return true
            case UInt8(ascii: "["):
                // The list becomes `[]`: its bytes are dropped until it closes.
                cutDue = false
                output.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")])
                cutDepth = stack.count
                stack.append(.array)
                return true
            default: return false
            }
        }
        if sawValue {
            // Only white space may follow the top-level value.
            return byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }
        switch byte {
        case UInt8(ascii: "\""):
            inString = true
            if case .object(true, _)? = stack.last, cutDepth == nil { key = [] }
        case UInt8(ascii: "{"):
            stack.append(.object(awaitingKey: true, key: []))
        case UInt8(ascii: "["):
            stack.append(.array)
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            guard let last = stack.popLast() else { return false }
            switch (last, byte) {
            case (.object, UInt8(ascii: "}")), (.array, UInt8(ascii: "]")): break
            default: return false
            }
            if stack.isEmpty { sawValue = true }
            if cutDepth == stack.count { cutDepth = nil; return true }
        case UInt8(ascii: ":"):
            guard case .object(true, let name)? = stack.last else { return cutDepth != nil }
            stack[stack.count - 1] = .object(awaitingKey: false, key: name)
            // A member of an element of the top-level object's `container` array.
            if cutDepth == nil, stack.count == 3, keys.contains(name), case .array = stack[1],
               case .object(_, let outer) = stack[0], outer == container {
                cutDue = true
            }
        case UInt8(ascii: ","):
            if case .object(false, let name)? = stack.last { stack[stack.count - 1] = .object(awaitingKey: true, key: name) }
        default:
            break
        }
        return true
    }
}
