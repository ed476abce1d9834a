import Foundation
import Records
import Testing

/// Adaptive searches (bayes rounds, hyperband bands) over `--shard`: the tasks share the
/// experiment through run claims on one output folder, so two shards running at once, one shard
/// alone (a throttled array whose other task never starts), and a shard killed mid-search whose
/// claims another task takes over all give the results.csv (apart from its timing column) of one
/// `--jobs 1` process. Every round file is written once and read by the other tasks.
@Suite(.serialized)
struct ShardedSearchTests {
    /// Slow enough (a few ms a batch) that both shards find runs to take.
    static func slow(_ space: Workspace) -> [String: String] {
        ["GRADBOOK_TEST_STEP_DELAY_MS": "4"].merging(space.markerEnvironment) { $1 }
    }

    static func sharded(_ space: Workspace, _ path: String, out: String, environment: [String: String] = [:]) throws {
        let first = try GradbookProcess(["run", path, "--out", out, "--jobs", "1", "--shard", "1/2", "--no-progress"], in: space.folder,
                                        environment: environment)
        let second = try GradbookProcess(["run", path, "--out", out, "--jobs", "1", "--shard", "2/2", "--no-progress"], in: space.folder,
                                         environment: environment)
        let (one, two) = (first.wait(), second.wait())
        #expect(one == 0, "\(first.stderr)")
        #expect(two == 0, "\(second.stderr)")
    }

    /// Round files of `experiment`: `0.json`, `1.json`, ...
    static func roundFiles(_ space: Workspace, _ out: String, experiment: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(space.folder)/\(out)/tiny/rounds/\(experiment)")) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test(arguments: ["bayes", "hyperband"])
    func shardsGiveTheResultsOfOneProcess(search: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try space.write(search == "bayes" ? BayesRunTests.notebook(count: 12) : HyperbandRunTests.notebook(), name: "tiny.yaml")
        let experiment = "tpe"
        let one = try GradbookProcess.run(["run", path, "--out", "one", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(one.status == 0, "\(one.stderr)")
        let reference = try BayesRunTests.results(space, "one")
        let rounds = Self.roundFiles(space, "one", experiment: experiment)
        #expect(rounds.count >= 2, "one round file per round: \(rounds)")

        // Two shards at once on one folder: both train runs of the shared search.
        try Self.sharded(space, path, out: "both", environment: Self.slow(space))
        #expect(try BayesRunTests.results(space, "both") == reference)
        let shards = Set(try space.records("both").filter { $0.experiment == experiment }.compactMap(\.shard))
        #expect(shards == ["1/2", "2/2"], "both tasks took runs of the search: \(shards)")
        // The same round files, byte for byte, as the single process wrote.
        #expect(Self.roundFiles(space, "both", experiment: experiment) == rounds)
        for name in rounds {
            let single = FileManager.default.contents(atPath: "\(space.folder)/one/tiny/rounds/\(experiment)/\(name)")
            let shared = FileManager.default.contents(atPath: "\(space.folder)/both/tiny/rounds/\(experiment)/\(name)")
            #expect(single != nil && single == shared, "\(name)")
        }

        // A throttled array: task 2 runs alone and never waits for task 1, which never starts.
        let alone = try GradbookProcess.run(["run", path, "--out", "alone", "--jobs", "2", "--shard", "2/2", "--no-progress"], in: space.folder)
        #expect(alone.status == 0, "\(alone.stderr)")
        let aloneRecords = try space.records("alone")
        #expect(aloneRecords.filter { $0.experiment == experiment }.count == reference.count - 1 - (search == "bayes" ? 0 : 24))
        // Task 1 then finds the search done (its fixed shard of the grid is all it trains).
        let late = try GradbookProcess.run(["run", path, "--out", "alone", "--jobs", "2", "--shard", "1/2", "--no-progress"], in: space.folder)
        #expect(late.status == 0, "\(late.stderr)")
        #expect(try BayesRunTests.results(space, "alone") == reference)
    }

    @Test func aTaskKilledMidSearchIsTakenOverByAnother() throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try space.write(BayesRunTests.notebook(count: 12), name: "tiny.yaml")
        let one = try GradbookProcess.run(["run", path, "--out", "one", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(one.status == 0, "\(one.stderr)")
        let reference = try BayesRunTests.results(space, "one")

        // Task 1 dies (SIGKILL: no cleanup) in round 2 with a run claimed; task 2 started
        // meanwhile waits for that claim, finds it stale (a dead pid on this host) and takes it over.
        let doomed = try GradbookProcess(["run", path, "--out", "killed", "--jobs", "1", "--shard", "1/2", "--no-progress"],
                                         in: space.folder, environment: Self.slow(space))
        space.waitUntil { space.recordFiles("killed", experiment: "tpe").count >= 5 }
        let survivor = try GradbookProcess(["run", path, "--out", "killed", "--jobs", "1", "--shard", "2/2", "--no-progress"],
                                           in: space.folder, environment: ["GRADBOOK_CLAIM_STALE": "2"])
        doomed.signal(SIGKILL)
        #expect(doomed.wait() == 128 + SIGKILL)
        #expect(survivor.wait() == 0, "\(survivor.stderr)")
        #expect(try BayesRunTests.results(space, "killed") == reference)
        let claims = try FileManager.default.contentsOfDirectory(atPath: "\(space.folder)/killed/tiny/runs/tpe").filter { $0.hasSuffix(".claim") }
        // The dead task's claim of a run it never finished was taken over; the last claim it held
        // may remain only for a run that has its record.
        for claim in claims {
            let variant = String(claim.dropFirst().dropLast(".claim".count))
            #expect(space.recordFiles("killed", experiment: "tpe").contains("\(variant).json"), "\(claim) has no record")
        }
    }

    /// No array task owns a run of the shared search: the report of a sharded sweep says any task takes it.
    @Test func aMissingRunOfTheSharedSearchIsNoOneTasksRun() throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try space.write(BayesRunTests.notebook(count: 12), name: "tiny.yaml")
        let one = try GradbookProcess.run(["run", path, "--out", "one", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(one.status == 0, "\(one.stderr)")
        // The last round comes from the rounds before it: without one of its records, its run is missing.
        let last = try #require(Self.roundFiles(space, "one", experiment: "tpe").max { Int($0.dropLast(5))! < Int($1.dropLast(5))! })
        let round = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(space.folder)/one/tiny/rounds/tpe/\(last)"))) as? [String: Any])
        let lost = try #require((round["ids"] as? [String])?.first)
        try FileManager.default.removeItem(atPath: "\(space.folder)/one/tiny/runs/tpe/\(lost).json")
        let report = try GradbookProcess.run(["report", path, "--out", "one", "--shards", "2"], in: space.folder)
        #expect(report.status == 0, "\(report.stderr)")
        let text = try String(contentsOfFile: "\(space.folder)/one/tiny/report.md", encoding: .utf8)
        #expect(text.contains("Waiting for: any array task (shared search) (1 run)."), "\(text.prefix(600))")
    }

    /// A round file holds its points exactly, and a search whose space was edited since its
    /// rounds were written proposes anew (another basis) instead of refusing the folder.
    @Test func anEditedSpaceProposesAnewAndRoundFilesHoldTheirPoints() throws {
        let space = try Workspace()
        defer { space.remove() }
        let text = BayesRunTests.notebook(count: 8)
        let path = try space.write(text, name: "tiny.yaml")
        let first = try GradbookProcess.run(["run", path, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(first.status == 0, "\(first.stderr)")
        let file = "\(space.folder)/out/tiny/rounds/tpe/0.json"
        let round = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        #expect((round["points"] as? [String])?.count == 4, "\(round)")
        _ = try space.write(text.replacingOccurrences(of: "max: 0.3}", with: "max: 0.2}"), name: "tiny.yaml")
        let edited = try GradbookProcess.run(["run", path, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(edited.status == 0, "\(edited.stderr)")
        let csv = try String(contentsOfFile: "\(space.folder)/out/tiny/results.csv", encoding: .utf8)
        #expect(csv.split(whereSeparator: \.isNewline).count == 9, "8 runs of the edited space: \(csv)")
    }

    @Test func aChangedRoundFileStopsTheSearch() throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try space.write(BayesRunTests.notebook(count: 8), name: "tiny.yaml")
        let first = try GradbookProcess.run(["run", path, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(first.status == 0, "\(first.stderr)")
        // Another build proposed round 2 differently (one id changed, same basis): this process
        // refuses to go on with a round the other tasks do not train.
        let file = "\(space.folder)/out/tiny/rounds/tpe/1.json"
        var round = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        var ids = try #require(round["ids"] as? [String])
        ids[0] = "0000000000"
        round["ids"] = ids
        try JSONSerialization.data(withJSONObject: round).write(to: URL(fileURLWithPath: file))
        let again = try GradbookProcess.run(["run", path, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(again.status == 2)
        #expect(again.stderr.contains("rounds/tpe/1.json: error: this process proposes another round than the one stored"), "\(again.stderr)")
    }
}
