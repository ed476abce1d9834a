import Core
import Foundation
import Testing
@testable import Notebook

/// `early_terminate: {type: hyperband, ...}`: W&B's bands, every bad input at its position, and
/// no variant id touched (the key is operational).
@Suite struct EarlyTerminateKeyTests {
    static func text(_ early: String, metric: String = "val_loss", epochs: Int = 9, method: String = "grid", extra: String = "") -> String {
        """
        title: Hyperband keys
        defaults:
          dataset: {name: moons, n: 100, validation: 0.2, test: 0.2}
          training: {epochs: \(epochs)}
          metric: \(metric)
        method: \(method)
        \(extra)early_terminate: \(early)
        parameters:
          training.learning_rate: {values: [0.01, 0.1]}
        """
    }

    @Test func bandsFollowWandB() {
        #expect(Hyperband(minIter: 1, eta: 3).bands(before: 27) == [1, 3, 9])
        #expect(Hyperband(minIter: 2, eta: 2).bands(before: 20) == [2, 4, 8, 16])
        // max_iter / eta^k, k = 1...s, truncated, ascending (W&B: 27, s 2, eta 3 -> 3, 9).
        #expect(Hyperband(maxIter: 27, s: 2, eta: 3).bands(before: 27) == [3, 9])
        #expect(Hyperband(maxIter: 5, s: 2, eta: 2).bands(before: 10) == [1, 2])
        #expect(Hyperband(maxIter: 27, s: 5, eta: 3).bands(before: 100) == [1, 3, 9])
        // eta need not be an integer; bands are truncated as W&B's int(band).
        #expect(Hyperband(minIter: 1, eta: 2.5).bands(before: 20) == [1, 2, 6, 15])
    }

    @Test func readAndOperational() throws {
        let plain = try loadText(Self.text("null").replacingOccurrences(of: "early_terminate: null\n", with: ""))
        let document = try loadText(Self.text("{type: hyperband, min_iter: 1, eta: 3, strict: false, cohort: 4}"))
        let experiment = try #require(document.experiments.first)
        #expect(experiment.hyperband == Hyperband(minIter: 1, eta: 3, strict: false, cohort: 4))
        #expect(experiment.variants.map(\.id) == plain.experiments[0].variants.map(\.id))
        #expect(experiment.variants[0].resolved.value(at: "early_terminate") == nil)
        let wandb = try loadText(Self.text("{type: hyperband, max_iter: 27, s: 2}", epochs: 27))
        #expect(wandb.experiments[0].hyperband?.bands(before: 27) == [3, 9])
        #expect(wandb.experiments[0].hyperband?.strict == true)
    }

    @Test func badInputAtItsPosition() {
        // Line 7 holds early_terminate; its flow mapping opens at column 18, each error sits on its value.
        #expect(problems(Self.text("{type: hyperband, min_iter: 9}")) == [
            "7:46: 'early_terminate.min_iter' 9 is not below training.epochs (9): no run could be cut before its last epoch"])
        #expect(problems(Self.text("{type: hyperband, min_iter: 1, eta: 1.5}")) == [
            "7:54: 'early_terminate.eta' must be >= 2, got 1.5"])
        #expect(problems(Self.text("{type: hyperband, min_iter: 1}", metric: "test_loss")) == [
            "7:25: hyperband ranks runs by 'test_loss' at each band's epoch, but test metrics are measured only after the last epoch; use an epoch-wise metric (val_ or train_, such as val_loss)"])
        #expect(problems(Self.text("{type: hyperband, min_itr: 1}")) == [
            "7:18: 'early_terminate' needs 'min_iter', or 'max_iter' with 's', to place its bands",
            "7:36: unknown key 'min_itr' in 'early_terminate'; did you mean 'min_iter'? (expected one of: type, min_iter, max_iter, s, eta, strict, cohort)"])
        #expect(problems(Self.text("{type: hyperbnd, min_iter: 1}")) == [
            "7:25: unknown early_terminate.type 'hyperbnd'; did you mean 'hyperband'? (expected one of: hyperband)"])
        #expect(problems(Self.text("{type: hyperband, max_iter: 27}")) == [
            "7:46: 'max_iter' needs 's', the number of bands below it (or give 'min_iter' instead)"])
        #expect(problems(Self.text("{type: hyperband, min_iter: 1, cohort: 4}", method: "bayes")) == [
            "7:57: 'early_terminate.cohort' applies to grid and to random with a 'count'; a search that proposes rounds decides each band within its round"])
    }

    @Test func everyProblemAtOnce() {
        let found = problems(Self.text("{type: hyperband, min_iter: 12, eta: 1, strct: true}", metric: "test_loss"))
        #expect(found.count == 4, "\(found)")
    }
}
