import Core
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A run waiting at a hyperband band: `runs/<experiment>/.<variant id>.band`, written once the
/// worker's checkpoint of that epoch is on disk, removed with the checkpoint when the run's record
/// is written. Its curves (in the data's units) are what the cohort's decision at the band reads,
/// so a kill between two bands loses nothing and decides the same way on the next run.
public struct BandState: Sendable, Codable, Equatable {
    /// The band (epoch) the run waits at.
    public var band: Int
    public var epochs: [EpochRecord]
    /// Training seconds so far.
    public var seconds: Double

    public init(band: Int, epochs: [EpochRecord], seconds: Double) {
        self.band = band
        self.epochs = epochs
        self.seconds = seconds
    }
}

extension RunRecordStore {
    public func bandPath(experiment: String, variant: String) -> String {
        "\(experimentDirectory(experiment))/.\(variant).band"
    }

    public func saveBand(_ state: BandState, experiment: String, variant: String) throws {
        let bytes = Array(try JSONCoding.encoder().encode(state)) + [0x0A]
        try AtomicFile.write(bytes, to: bandPath(experiment: experiment, variant: variant))
    }

    /// The band the run waits at, nil when it waits at none (or the file cannot be read: the
    /// run then trains to its band again, from its checkpoint).
    public func loadBand(experiment: String, variant: String) -> BandState? {
        guard let data = FileManager.default.contents(atPath: bandPath(experiment: experiment, variant: variant)) else { return nil }
        return try? JSONCoding.decoder.decode(BandState.self, from: data)
    }

    /// Forgets the band a run waited at (its record is written); a missing file is no error.
    public func removeBand(experiment: String, variant: String) {
        _ = unlink(bandPath(experiment: experiment, variant: variant))
    }
}
