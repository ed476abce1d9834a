import Core
import Foundation
import Notebook
import Testing
@testable import Search

/// The search methods over a tree-shaped space: an absent parameter is `.null` in a point and
/// draws nothing; bayes stays a pure function of the observations with conditional parameters.
@Suite struct ConditionalSearchTests {
    static let space = SearchSpace([
        SweptParameter(name: "training.optimizer", domain: .categorical([.string("momentum"), .string("adam")], probabilities: nil)),
        SweptParameter(name: "training.momentum", domain: .uniform(min: 0.5, max: 0.99),
                       condition: SweptCondition(parent: 0, values: [.string("momentum")])),
        SweptParameter(name: "training.learning_rate", domain: .logUniformValues(min: 1e-3, max: 0.1, q: nil)),
    ])

    /// A made-up objective: momentum near 0.9 with a rate near 0.01 is best; adam is middling.
    static func value(_ point: SearchPoint) -> Double {
        let rate = log10(point.values[2].doubleValue ?? 1)
        guard case .double(let momentum) = point.values[1] else { return 0.6 - abs(rate + 2) * 0.1 }
        return 0.9 - abs(momentum - 0.9) - abs(rate + 2) * 0.1
    }

    static func present(_ point: SearchPoint) -> Bool {
        (point.values[0] == .string("momentum")) == (point.values[1] != .null)
    }

    @Test func randomDrawsLeaveAbsentParametersNull() throws {
        let points = try RandomSearch(space: Self.space, count: 30, seed: 2).points
        #expect(points.allSatisfy(Self.present))
        #expect(Set(points.map { $0.values[0] }).count == 2)
    }

    @Test func aGridExpandsOnlyInsideTheBranch() throws {
        let grid = try GridSearch(space: SearchSpace([
            SweptParameter(name: "training.optimizer", domain: .categorical([.string("momentum"), .string("adam")], probabilities: nil)),
            SweptParameter(name: "training.momentum", domain: .categorical([.double(0.5), .double(0.9)], probabilities: nil),
                           condition: SweptCondition(parent: 0, values: [.string("momentum")])),
        ]))
        #expect(grid.points == [SearchPoint([.string("momentum"), .double(0.5)]), SearchPoint([.string("momentum"), .double(0.9)]),
                                SearchPoint([.string("adam"), .null])])
    }

    func run(order: (Int, Int) -> Bool) throws -> [SearchPoint] {
        var search = try BayesSearch(space: Self.space, count: 32, roundSize: 4, seed: 9)
        var all: [SearchPoint] = []
        while case .points(let round) = search.ask() {
            all += round
            let indexed = Array(round.enumerated())
            for (_, point) in indexed.sorted(by: { order($0.offset, $1.offset) }) {
                search.tell(Observation(point: point, value: Self.value(point)))
            }
        }
        return all
    }

    @Test func bayesProposesTreeShapedPointsDeterministically() throws {
        let forward = try run(order: <)
        let backward = try run(order: >)
        #expect(forward.count == 32)
        #expect(forward == backward, "the order results arrive in changes nothing")
        #expect(forward.allSatisfy(Self.present))
        // The model rounds (after 10 observations) find the better branch more often than chance.
        let late = forward.suffix(16)
        #expect(late.filter { $0.values[0] == .string("momentum") }.count >= 9, "\(late.map(\.key))")
    }
}
