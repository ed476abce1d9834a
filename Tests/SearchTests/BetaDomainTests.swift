import Core
import Foundation
import Notebook
import Testing
@testable import Search

/// `distribution: beta` / `q_beta` as W&B defines them (`stats.beta.ppf(u)` of one uniform u),
/// checked against scipy's values, and how bayes search sees them (the CDF's uniform space).
@Suite struct BetaDomainTests {
    @Test func cdfAndPpfAgreeWithScipy() {
        // scipy.stats.beta.cdf / .ppf, printed with repr.
        #expect(abs(BetaDistribution(a: 2, b: 5).cdf(0.3) - 0.5798250000000003) < 1e-12)
        #expect(abs(BetaDistribution(a: 0.5, b: 0.5).cdf(0.9) - 0.7951672353008665) < 1e-12)
        #expect(abs(BetaDistribution(a: 0.3, b: 4).cdf(0.01) - 0.41023606739596147) < 1e-12)
        #expect(abs(BetaDistribution(a: 2, b: 5).ppf(0.25) - 0.16116291679032652) < 1e-12)
        #expect(abs(BetaDistribution(a: 0.3, b: 4).ppf(0.999) - 0.7134437015152071) < 1e-10)
    }

    @Test func drawsFollowThePriorAndStayInTheUnitInterval() {
        var generator = SeededGenerator(seed: 3)
        let domain = ParameterDomain.beta(a: 2, b: 5, q: nil, integral: false)
        let draws = (0..<4000).map { _ in domain.sample(&generator).doubleValue ?? -1 }
        #expect(draws.allSatisfy { $0 >= 0 && $0 <= 1 })
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 2.0 / 7.0) < 0.01, "mean \(mean)")
    }

    @Test func quantisedDrawsAreMultiplesOfQ() {
        var generator = SeededGenerator(seed: 1)
        let tenths = ParameterDomain.beta(a: 1, b: 1, q: 0.1, integral: false)
        for _ in 0..<200 {
            let x = tenths.sample(&generator).doubleValue ?? -1
            #expect(abs(x * 10 - (x * 10).rounded()) < 1e-9 && x >= 0 && x <= 1)
        }
        // q written as an integer gives integers (W&B's isinstance(q, int)): 0 or 1.
        let coin = ParameterDomain.beta(a: 1, b: 1, q: 1, integral: true)
        let values = Set((0..<50).map { _ in coin.sample(&generator) })
        #expect(values == [.int(0), .int(1)])
    }

    @Test func bayesLearnsABetaInItsCDFSpace() {
        let domain = ParameterDomain.beta(a: 2, b: 5, q: nil, integral: false)
        #expect(domain.coordinate == .numeric(low: 0, high: 1))
        let x = 0.3
        let u = domain.coordinate(of: .double(x)) ?? -1
        #expect(abs(u - 0.5798250000000003) < 1e-12)
        #expect(abs((domain.value(at: u).doubleValue ?? -1) - x) < 1e-12)
    }
}
