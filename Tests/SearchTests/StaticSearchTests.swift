import Core
import Foundation
import Notebook
import Search
import Testing

/// Grid and random behind the protocol give exactly the plans the notebook loader builds, in
/// today's order and with today's draws.
@Suite struct StaticSearchTests {
    @Test func gridProposesTheCartesianProductOnceThenIsDone() throws {
        let document = try loadNotebook(notebook(method: "grid", extra: "seeds: [1, 2]", parameters: """
              training.learning_rate: {values: [0.1, 0.01]}
              model.hidden: {values: [[8], [16, 4]]}
              training.batch_size: {min: 16, max: 17}
            """))
        let experiment = try #require(document.experiments.first)
        var grid = try GridSearch(space: SearchSpace(experiment: experiment))
        guard case .points(let points) = grid.ask() else { Issue.record("a grid proposes its plan at the first ask"); return }
        #expect(grid.ask() == .done)
        // First parameter outermost, last varies fastest.
        #expect(points.map(\.key).prefix(3) == ["[0.1,[8],16]", "[0.1,[8],17]", "[0.1,[16,4],16]"])
        #expect(points.count == 8)
        // The same points through the one variant factory give the loader's variants, ids and labels.
        let factory = try #require(experiment.factory)
        let variants = try points.flatMap { try factory.variants(at: $0.values) }
        #expect(variants.map(\.id) == experiment.variants.map(\.id))
        #expect(variants.map(\.label) == experiment.variants.map(\.label))
        #expect(experiment.variants.first?.label == "lr=0.1 hidden=8 bs=16 seed=1")
    }

    @Test func randomDrawsAreTheDocumentedSeededDraws() throws {
        let document = try loadNotebook(notebook(method: "random", extra: "count: 6\nsweep_seed: 7", parameters: """
              training.learning_rate: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0e-1}
              training.batch_size: {values: [16, 32, 64]}
            """))
        let experiment = try #require(document.experiments.first)
        var random = try RandomSearch(space: SearchSpace(experiment: experiment), count: 6, seed: 7)
        guard case .points(let points) = random.ask() else { Issue.record("random proposes its draws at the first ask"); return }
        #expect(random.ask() == .done)
        // The reference: one generator seeded with sweep_seed, parameters drawn in declaration
        // order, log_uniform_values from nextDouble, categoricals from nextIndexByRemainder.
        var generator = SeededGenerator(seed: 7)
        var expected: [SearchPoint] = []
        while expected.count < 6 {
            let lr = exp(log(1.0e-4) + (log(1.0e-1) - log(1.0e-4)) * generator.nextDouble())
            let batch = [16, 32, 64][generator.nextIndexByRemainder(below: 3)]
            let point = SearchPoint([.double(lr), .int(batch)])
            if !expected.contains(point) { expected.append(point) }
        }
        #expect(points == expected)
        let factory = try #require(experiment.factory)
        #expect(try points.flatMap { try factory.variants(at: $0.values) }.map(\.id) == experiment.variants.map(\.id))
    }

    @Test func randomProposalsArePrefixStableWhenCountGrows() throws {
        let space = SearchSpace([
            SweptParameter(name: "training.learning_rate", domain: .logUniformValues(min: 1e-4, max: 1e-1, q: nil)),
            SweptParameter(name: "model.activation", domain: .categorical([.string("relu"), .string("tanh")], probabilities: nil)),
        ])
        let forty = try RandomSearch(space: space, count: 40, seed: 3).points
        let eighty = try RandomSearch(space: space, count: 80, seed: 3).points
        #expect(Array(eighty.prefix(40)) == forty)
        // Through the notebook: raising count keeps every earlier variant id, so nothing retrains.
        let parameters = "  training.learning_rate: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0e-1}"
        let small = try loadNotebook(notebook(method: "random", extra: "count: 5", parameters: parameters)).variants.map(\.id)
        let large = try loadNotebook(notebook(method: "random", extra: "count: 12", parameters: parameters)).variants.map(\.id)
        #expect(Array(large.prefix(5)) == small)
    }

    @Test func problemsAreAnchoredAndAllReportedAtOnce() throws {
        let space = SearchSpace([
            SweptParameter(name: "training.learning_rate", domain: .uniform(min: 0, max: 1)),
            SweptParameter(name: "model.activation", domain: .categorical([.string("relu"), .string("tanh")], probabilities: [0.5, 0.5])),
        ])
        #expect(throws: SweepProblems([
            SweepProblem(.parameterName(0), "parameter 'training.learning_rate' uses the continuous distribution 'uniform', which a grid cannot enumerate; use 'values', int 'min'/'max', 'q_uniform', or 'method: random'"),
            SweepProblem(.parameterName(1), "parameter 'model.activation' has 'probabilities', which only random search uses; use 'method: random' or drop them"),
        ])) { _ = try GridSearch(space: space) }
        let small = SearchSpace([SweptParameter(name: "model.activation", domain: .categorical([.string("relu"), .string("tanh")], probabilities: nil))])
        // A count beyond the space gives every configuration once (the notebook warns at 'count').
        let all = try RandomSearch(space: small, count: 3)
        #expect(all.points.count == 2)
        let request = SweepRequest(method: .random, parameters: small.parameters, count: 3)
        #expect(StandardPlanner().warnings(request) == [SweepProblem(.count, "'count' is 3 but the parameters allow only 2 distinct configurations; each runs once")])
        // A coarse quantised normal repeats forever: the draws give up rather than loop.
        let coarse = SearchSpace([SweptParameter(name: "training.epochs", domain: .normal(mu: 10, sigma: 0.01, q: 100))])
        #expect(throws: SweepProblems([SweepProblem(.count, "could only draw 1 distinct configurations of the 2 asked for; widen the ranges or lower 'count'")])) {
            _ = try RandomSearch(space: coarse, count: 2)
        }
    }

    @Test func aCountBeyondASkewedSpaceStillGivesEveryConfigurationInDrawOrderThenGridOrder() throws {
        // probability 1e-9: drawing it by chance would take a billion draws; the grid-order
        // fallback adds it after the draws have repeated long enough.
        let space = SearchSpace([
            SweptParameter(name: "model.activation", domain: .categorical([.string("relu"), .string("tanh"), .string("gelu")], probabilities: [0.5, 0.5 - 1e-9, 1e-9])),
            SweptParameter(name: "training.batch_size", domain: .categorical([.int(16), .int(32), .int(64)], probabilities: [1, 0, 0])),
        ])
        let points = try RandomSearch(space: space, count: 10, seed: 1).points
        #expect(points.count == 3)
        #expect(points.last == SearchPoint([.string("gelu"), .int(16)]))
        #expect(Set(points.map(\.key)).count == 3)
        // The same draws without a count, round by round.
        var endless = try RandomSearch(space: space, count: nil, seed: 1, roundSize: 2)
        guard case .points(let first) = endless.ask() else { Issue.record("no first round"); return }
        #expect(first == Array(points.prefix(2)))
        #expect(endless.ask() == .wait)
        for point in first { endless.tell(Observation(point: point, value: 0.5)) }
        #expect(endless.ask() == .points([points[2]]))
        for point in [points[2]] { endless.tell(Observation(point: point, value: 0.5)) }
        #expect(endless.ask() == .done)
    }

    @Test func anEndlessRandomSearchContinuesTheCountedDraws() throws {
        let space = SearchSpace([
            SweptParameter(name: "training.learning_rate", domain: .logUniformValues(min: 1e-4, max: 1e-1, q: nil)),
            SweptParameter(name: "model.dropout", domain: .beta(a: 2, b: 5, q: nil, integral: false)),
        ])
        let eighty = try RandomSearch(space: space, count: 80, seed: 5).points
        var endless = try RandomSearch(space: space, count: nil, seed: 5, roundSize: 8)
        var drawn: [SearchPoint] = []
        while drawn.count < 80, case .points(let round) = endless.ask() {
            drawn += round
            for point in round { endless.tell(Observation(point: point, value: 1)) }
        }
        #expect(drawn == eighty)
    }

    @Test func theRunnerGetsThePlanByAsking() throws {
        let document = try loadNotebook(notebook(method: "grid", parameters: "  training.learning_rate: {values: [0.1, 0.01, 0.001]}"))
        var search = ExperimentSearch(experiment: document.experiments[0])
        guard case .variants(let plan) = try search.ask() else { Issue.record("expected the plan"); return }
        #expect(plan.map(\.id) == document.variants.map(\.id))
        guard case .done = try search.ask() else { Issue.record("a grid is done after its plan"); return }
        #expect(document.proposedVariants.map(\.id) == document.variants.map(\.id))
    }
}
