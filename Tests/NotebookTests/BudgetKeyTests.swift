import Core
import Foundation
import Testing
@testable import Notebook

/// The `budget` key: its grammar at both levels, the notebook's epochs as every experiment's
/// default, and that a budget (operational) never changes a variant id.
@Suite struct BudgetKeyTests {
    static func notebook(top: String?, cell: String?) -> String {
        """
        title: Budgets
        \(top.map { "budget: \($0)" } ?? "")
        defaults:
          dataset: {name: moons}
        cells:
          - experiment:
              name: own
              method: random
              count: 3
        \(cell.map { "      budget: \($0)" } ?? "")
              parameters:
                training.learning_rate: {min: 0.001, max: 0.1}
          - experiment:
              name: inherits
              parameters:
                training.learning_rate: {values: [0.01, 0.1]}
        """
    }

    @Test func aDurationAtTheTopIsTheNotebooksTimeBudget() throws {
        let document = try loadText(Self.notebook(top: "1h30m", cell: nil))
        #expect(document.budget?.seconds == 5400)
        #expect(document.budget?.epochs == nil)
        #expect(document.experiments.allSatisfy { $0.budget == nil })
        #expect(document.budget?.description == "1h30m")
    }

    @Test func topLevelEpochsApplyToEveryExperimentWithoutItsOwn() throws {
        let document = try loadText(Self.notebook(top: "{time: 8h, epochs: 700}", cell: "{epochs: 30}"))
        #expect(document.budget?.seconds == 28800.0)
        let budgets = Dictionary(uniqueKeysWithValues: document.experiments.map { ($0.name, $0.budget?.epochs) })
        #expect(budgets["own"] == 30)
        #expect(budgets["inherits"] == 700)
    }

    @Test func aBudgetChangesNoVariantID() throws {
        let plain = try loadText(Self.notebook(top: nil, cell: nil))
        let budgeted = try loadText(Self.notebook(top: "{time: 2h, epochs: 10}", cell: "{epochs: 4}"))
        #expect(plain.variants.map(\.id) == budgeted.variants.map(\.id))
        #expect(!plain.variants.isEmpty)
    }

    @Test func durationsPrintInTheirShortestWholeUnits() {
        #expect(SearchBudget.duration(8 * 3600) == "8h")
        #expect(SearchBudget.duration(5400) == "1h30m")
        #expect(SearchBudget.duration(90) == "1m30s")
        #expect(SearchBudget.duration(0.5) == "0.5s")
        #expect(SearchBudget(seconds: 3600, epochs: 700).description == "1h or 700 epochs")
    }

    @Test func untilMeansTheNextTimeTheClockShowsIt() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        let evening = try #require(ISO8601DateFormatter().date(from: "2026-12-01T22:00:00Z"))
        #expect(ClockTimeGrammar.seconds(until: "07:00", from: evening, in: utc) == 32400.0)
        let morning = try #require(ISO8601DateFormatter().date(from: "2026-12-02T07:30:00Z"))
        #expect(ClockTimeGrammar.seconds(until: "07:00", from: morning, in: utc) == 84600.0)
        #expect(ClockTimeGrammar.seconds(until: "07:30:30", from: morning, in: utc) == 30.0)
        for bad in ["7:00", "25:00", "07:60", "07", "soon", "07:00:99"] {
            #expect(ClockTimeGrammar.seconds(until: bad, from: evening, in: utc) == nil, "\(bad)")
        }
    }
}
