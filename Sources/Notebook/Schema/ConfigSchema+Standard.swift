import Core

extension ConfigSchema {
    /// Every key's value in `RunConfig()`, by section then key in `sections` order: what
    /// `resolved` and `identity` compare each variant's values with, computed once rather than
    /// once a key and a variant (planning 100,000 variants resolved them 16 million times).
    static let standardValues: [[ConfigValue]] = {
        let standard = RunConfig()
        return sections.map { section in section.keys.map { $0.resolve(standard) } }
    }()
}
