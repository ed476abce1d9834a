import Core

/// Why a hyperband band cut a run (`status: terminated`): the band's epoch, the configuration's
/// value there (the mean over its seeds) and the cut-off, the value of the last configuration
/// the cohort kept. `kept` of `configurations` went on from this band.
public struct Termination: Sendable, Codable, Equatable {
    public var band: Int
    public var value: Double
    public var cutoff: Double
    public var kept: Int
    public var configurations: Int

    public init(band: Int, value: Double, cutoff: Double, kept: Int, configurations: Int) {
        self.band = band
        self.value = value
        self.cutoff = cutoff
        self.kept = kept
        self.configurations = configurations
    }
}
