import Core
import Notebook
import Records
import Search
import Testing

/// Hyperband's cut decisions as a pure function of what runs reached: ceil(n / eta) kept per
/// band, the metric's goal respected, seeds averaged, ties to the smaller label then id, and
/// nothing decided while a run of the cohort is still behind the band.
@Suite struct HyperbandScheduleTests {
    static func variant(_ index: Int, seed: Int = 1, epochs: Int = 9) -> Variant {
        var config = RunConfig()
        config.training.epochs = epochs
        config.training.seed = seed
        let value = SweptValue(name: "training.learning_rate", value: .double(Double(index)))
        return Variant(id: String(format: "id%02d-%d", index, seed), experiment: "e", label: "lr=\(index) seed=\(seed)", seed: seed,
                       parameters: [value], config: config, resolved: .null, cost: 1)
    }

    static func curve(_ values: [Double], metric: String = "val_loss") -> [EpochRecord] {
        values.enumerated().map { EpochRecord(epoch: $0.offset + 1, learningRate: 0.1, metrics: [metric: $0.element], layers: []) }
    }

    static func schedule(goal: Goal = .minimize, eta: Double = 3, strict: Bool = true, cohort: Int = 27) -> HyperbandSchedule {
        HyperbandSchedule(spec: Hyperband(minIter: 1, eta: eta, strict: strict),
                          metric: RunConfig.Metric(name: "val_loss", goal: goal), cohortSize: cohort)
    }

    static func cut(_ actions: [String: HyperbandSchedule.Action]) -> [String] {
        actions.compactMap { id, action in
            if case .terminate = action { return id }
            return nil
        }.sorted()
    }

    @Test func freshRunsTrainToTheFirstBand() {
        let variants = (0..<3).map { Self.variant($0) }
        let actions = Self.schedule().actions(for: variants) { _ in .fresh }
        #expect(actions.count == 3 && actions.values.allSatisfy { $0 == .train(pauseAfter: 1) })
    }

    @Test func keepsCeilNOverEtaByGoal() {
        let variants = (0..<4).map { Self.variant($0) }
        let values = [0.5, 0.2, 0.9, 0.3]
        let known = { (variant: Variant) -> HyperbandSchedule.Known in
            .atBand(1, Self.curve([values[variants.firstIndex(of: variant)!]]))
        }
        // ceil(4 / 3) = 2 kept: the two smallest losses.
        let minimize = Self.schedule().actions(for: variants, known: known)
        #expect(Self.cut(minimize) == ["id00-1", "id02-1"])
        #expect(minimize["id01-1"] == .train(pauseAfter: 3))
        if case .terminate(let termination, let epochs)? = minimize["id00-1"] {
            #expect(termination == Termination(band: 1, value: 0.5, cutoff: 0.3, kept: 2, configurations: 4))
            #expect(epochs.count == 1)
        } else {
            Issue.record("id00-1 should be cut")
        }
        // Maximising keeps the two largest.
        #expect(Self.cut(Self.schedule(goal: .maximize).actions(for: variants, known: known)) == ["id01-1", "id03-1"])
    }

    @Test func tiesGoToTheSmallerLabel() {
        let variants = (0..<3).map { Self.variant($0) }
        let actions = Self.schedule(eta: 2).actions(for: variants) { _ in .atBand(1, Self.curve([0.4])) }
        // ceil(3 / 2) = 2 kept: lr=0 and lr=1 by label.
        #expect(Self.cut(actions) == ["id02-1"])
    }

    @Test func seedsAreAveraged() {
        // Configuration 0: seeds 0.1 and 0.9 (mean 0.5); configuration 1: 0.4 and 0.4 (mean 0.4).
        let variants = [Self.variant(0, seed: 1), Self.variant(0, seed: 2), Self.variant(1, seed: 1), Self.variant(1, seed: 2)]
        let values: [String: Double] = ["id00-1": 0.1, "id00-2": 0.9, "id01-1": 0.4, "id01-2": 0.4]
        let actions = Self.schedule(eta: 2).actions(for: variants) { .atBand(1, Self.curve([values[$0.id]!])) }
        #expect(Self.cut(actions) == ["id00-1", "id00-2"])
    }

    @Test func strictRanksTheBandEpochAndLooseTheBestSoFar() {
        let variants = (0..<2).map { Self.variant($0) }
        // Run 0 was best at epoch 2 and worse at the band (epoch 3); run 1 is steady.
        let curves = [Self.curve([0.9, 0.1, 0.5]), Self.curve([0.9, 0.4, 0.4])]
        let known = { (variant: Variant) -> HyperbandSchedule.Known in .atBand(3, curves[variants.firstIndex(of: variant)!]) }
        let spec = Hyperband(maxIter: 9, s: 1, eta: 3, strict: true)
        let metric = RunConfig.Metric(name: "val_loss", goal: .minimize)
        #expect(Self.cut(HyperbandSchedule(spec: spec, metric: metric, cohortSize: 27).actions(for: variants, known: known)) == ["id00-1"])
        var loose = spec
        loose.strict = false
        #expect(Self.cut(HyperbandSchedule(spec: loose, metric: metric, cohortSize: 27).actions(for: variants, known: known)) == ["id01-1"])
    }

    @Test func nothingIsDecidedWhileARunIsBehind() {
        let variants = (0..<3).map { Self.variant($0) }
        let actions = Self.schedule().actions(for: variants) { variant in
            variant.id == "id02-1" ? .fresh : .atBand(1, Self.curve([0.1]))
        }
        #expect(Self.cut(actions).isEmpty)
        #expect(actions["id00-1"] == .wait)
        #expect(actions["id02-1"] == .train(pauseAfter: 1))
    }

    @Test func cohortsDecideApart() {
        let variants = (0..<6).map { Self.variant($0) }
        // Cohorts of 3: the better half of the plan does not crowd out the worse cohort's best.
        let values = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9]
        let actions = Self.schedule(cohort: 3).actions(for: variants) { .atBand(1, Self.curve([values[variants.firstIndex(of: $0)!]])) }
        #expect(Self.cut(actions) == ["id01-1", "id02-1", "id04-1", "id05-1"])
    }

    @Test func divergedRunsRankLastAndEndedOnesAreNotCut() {
        let variants = (0..<3).map { Self.variant($0) }
        let actions = Self.schedule().actions(for: variants) { variant in
            switch variant.id {
            case "id00-1": return .ended(.diverged, Self.curve([.nan]))
            case "id01-1": return .atBand(1, Self.curve([0.5]))
            default: return .atBand(1, Self.curve([0.6]))
            }
        }
        // ceil(3 / 3) = 1 kept: lr=1; the diverged run already has its record.
        #expect(Self.cut(actions) == ["id02-1"])
        #expect(actions["id00-1"] == nil)
        #expect(actions["id01-1"] == .train(pauseAfter: 3))
    }
}
