import Core
import Foundation
import Notebook
import Records
import Search
import Testing

/// A toy adaptive method over one categorical parameter, written as a user would: round one
/// tries both ends of the list; once both are told it tries the neighbour of the better end;
/// once that is told it is done. It decides from the set of observations, never their order.
struct EndsThenNeighbour: SearchMethod {
    let space: SearchSpace
    private var rounds: [[SearchPoint]] = []
    private var observed: [SearchPoint: Double] = [:]

    init(space: SearchSpace) { self.space = space }

    private var values: [ConfigValue] { space.parameters[0].domain.values ?? [] }

    mutating func ask() -> Proposal {
        if let last = rounds.last, !last.allSatisfy({ observed[$0] != nil }) { return .wait }
        switch rounds.count {
        case 0:
            rounds.append([SearchPoint([values[0]]), SearchPoint([values[values.count - 1]])])
        case 1:
            let (first, last) = (rounds[0][0], rounds[0][1])
            let better = observed[first]! >= observed[last]! ? 1 : values.count - 2
            rounds.append([SearchPoint([values[better]])])
        default:
            return .done
        }
        return .points(rounds[rounds.count - 1])
    }

    mutating func tell(_ observation: Observation) {
        observed[observation.point] = observation.value ?? -.infinity
    }
}

@Suite struct AskTellTests {
    /// The fake objective: best at a learning rate of 0.01.
    static func objective(_ variant: Variant) -> Double {
        -abs(log10(variant.config.training.learningRate) + 2)
    }

    static func experiment() throws -> Experiment {
        try loadNotebook(notebook(method: "grid", parameters: "  training.learning_rate: {values: [0.3, 0.1, 0.03, 0.01, 0.003]}")).experiments[0]
    }

    /// Drives the toy method to the end, telling each round's records in `order`.
    static func drive(reversed: Bool) throws -> [[String]] {
        let experiment = try experiment()
        var search = ExperimentSearch(experiment: experiment, method: EndsThenNeighbour(space: SearchSpace(experiment: experiment)))
        var rounds: [[String]] = []
        while true {
            let work = try search.ask()
            guard case .variants(let batch) = work else {
                guard case .done = work else { Issue.record("nothing is pending, so the method must not wait"); return rounds }
                return rounds
            }
            rounds.append(batch.map(\.label))
            // Pending runs: the method waits until every one is told.
            guard case .wait = try search.ask() else { Issue.record("expected .wait while runs are pending"); return rounds }
            let records = batch.map { record(of: $0, value: objective($0)) }
            for (index, finished) in (reversed ? records.reversed() : records).enumerated() {
                if index == records.count - 1, records.count > 1 {
                    guard case .wait = try search.ask() else { Issue.record("expected .wait with one run left"); return rounds }
                }
                search.tell(finished)
            }
        }
    }

    @Test func waitsForItsRoundThenProposesFromTheResultsThenIsDone() throws {
        let rounds = try Self.drive(reversed: false)
        #expect(rounds == [["lr=0.3 seed=1", "lr=0.003 seed=1"], ["lr=0.01 seed=1"]])
    }

    @Test func proposalsDoNotDependOnTheOrderResultsArrive() throws {
        #expect(try Self.drive(reversed: true) == Self.drive(reversed: false))
    }

    @Test func proposedVariantsAreTheNotebooksVariants() throws {
        // A point proposed at run time becomes the same variant (id, label) the grid plan has.
        let experiment = try Self.experiment()
        var search = ExperimentSearch(experiment: experiment, method: EndsThenNeighbour(space: SearchSpace(experiment: experiment)))
        guard case .variants(let batch) = try search.ask() else { Issue.record("expected a first round"); return }
        let planned = Dictionary(uniqueKeysWithValues: experiment.variants.map { ($0.label, $0.id) })
        #expect(batch.map(\.id) == batch.map { planned[$0.label] })
    }

    @Test func recordsOfOtherVariantsAreIgnored() throws {
        let experiment = try Self.experiment()
        var search = ExperimentSearch(experiment: experiment, method: EndsThenNeighbour(space: SearchSpace(experiment: experiment)))
        guard case .variants = try search.ask() else { Issue.record("expected a first round"); return }
        // A record of a variant the method never proposed (here: a middle grid value) tells it nothing.
        search.tell(record(of: experiment.variants[2], value: 1))
        guard case .wait = try search.ask() else { Issue.record("expected .wait"); return }
    }
}

/// The loop `docs/library.md` shows, run against a fake objective.
@Suite struct DocumentedLoopTests {
    @Test func theLibraryExampleRunsToDone() throws {
        let space = SearchSpace([
            SweptParameter(name: "learning_rate", domain: .logUniformValues(min: 1e-4, max: 1e-1, q: nil)),
            SweptParameter(name: "width", domain: .categorical([.int(32), .int(64), .int(128)], probabilities: nil)),
        ])
        var method: any SearchMethod = try RandomSearch(space: space, count: 20, seed: 0)
        func train(learningRate: Double, width: Int) -> Double { -abs(log10(learningRate) + 2) + Double(width) / 1000 }
        var told = 0
        loop: while true {
            switch method.ask() {
            case .points(let points):
                for point in points {
                    let lr = point.value(of: "learning_rate", in: space)?.doubleValue ?? 0
                    guard case .int(let width)? = point.value(of: "width", in: space) else { continue }
                    method.tell(Observation(point: point, value: train(learningRate: lr, width: width)))
                    told += 1
                }
            case .wait: continue
            case .done: break loop
            }
        }
        #expect(told == 20)
    }
}
