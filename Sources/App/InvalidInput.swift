/// Input the user has to fix: a notebook, a data file or an option value. Every command exits 2
/// on it, before anything is trained or written. Each message is one line (or one block) to show.
public struct InvalidInput: Error, CustomStringConvertible, Sendable {
    public var messages: [String]

    public init(_ messages: [String]) { self.messages = messages }
    public init(_ message: String) { self.init([message]) }

    public var description: String { messages.joined(separator: "\n") }
}
