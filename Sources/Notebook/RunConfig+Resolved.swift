import Core

extension RunConfig {
    /// The full configuration as a nested tree with every default filled in, keys in the order
    /// of the schema table (dataset, model, training, metric). Run records store it as `config`.
    /// Absent options are `null` so every run's tree has the same shape (flat CSV columns line up).
    /// A key newer than the first release appears only when it differs from its default, so a
    /// first-release configuration resolves to the first release's tree, bit for bit.
    public var resolved: ConfigValue {
        let standard = ConfigSchema.standardValues
        return .map(ConfigSchema.sections.enumerated().map { sectionIndex, section in
            ConfigEntry(key: section.name, value: .map(section.keys.enumerated().compactMap { keyIndex, key in
                let value = key.resolve(self)
                return key.since == 1 || value != standard[sectionIndex][keyIndex] ? ConfigEntry(key: key.name, value: value) : nil
            }))
        })
    }

    /// The value of `section.key` as the schema resolves it, also where `resolved` leaves a key at
    /// its default out (`training.loss: auto` swept beside other losses is labelled `auto`).
    func schemaValue(at path: String) -> ConfigValue? {
        // The second spelling of `hidden` reads back from the `hidden` it made.
        if path == "model.width" { return model.hidden.first.map(ConfigValue.int) ?? .null }
        if path == "model.depth" { return .int(model.hidden.count) }
        let parts = path.split(separator: ".").map(String.init)
        guard parts.count == 2, let key = ConfigSchema.key(parts[1], in: parts[0]) else { return nil }
        return key.resolve(self)
    }

    /// `resolved` with data file paths written relative to `folder` (the notebook's folder), as
    /// the loader stores it: variant ids then survive moving or cloning the project elsewhere
    /// (a laptop and a cluster see the same ids), while `RunConfig` keeps absolute paths to open.
    public func resolved(relativeTo folder: String) -> ConfigValue {
        var relative = self
        relative.dataset.csv = dataset.csv.map { RunConfig.path($0, relativeTo: folder) }
        relative.dataset.validationCSV = dataset.validationCSV.map { RunConfig.path($0, relativeTo: folder) }
        relative.dataset.testCSV = dataset.testCSV.map { RunConfig.path($0, relativeTo: folder) }
        func pair(_ files: IDXFiles.Pair?) -> IDXFiles.Pair? {
            files.map { .init(images: RunConfig.path($0.images, relativeTo: folder), labels: RunConfig.path($0.labels, relativeTo: folder)) }
        }
        relative.dataset.idx = dataset.idx.map {
            IDXFiles(images: RunConfig.path($0.images, relativeTo: folder), labels: RunConfig.path($0.labels, relativeTo: folder),
                     validation: pair($0.validation), test: pair($0.test))
        }
        return relative.resolved
    }

    /// `path` relative to `folder` (`data/x.csv`, `../shared/x.csv`); both absolute.
    static func path(_ path: String, relativeTo folder: String) -> String {
        let target = path.split(separator: "/")
        let base = folder.split(separator: "/")
        var common = 0
        while common < target.count, common < base.count, target[common] == base[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }
}

extension Variant {
    /// The variant id of a resolved configuration tree.
    public static func id(of resolved: ConfigValue) -> String {
        String(SHA256.hexDigest(resolved.canonicalBytes).prefix(12))
    }
}
