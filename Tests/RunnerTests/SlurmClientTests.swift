import Foundation
import Testing
@testable import Runner

/// How gradbook calls sbatch, and what it makes of sbatch's answers. The real cluster round trip is
/// the CLI integration test; here a stand-in `sbatch` on PATH records the exact command line.
@Suite struct SlurmClientTests {
    @Test func parsesParsableJobIDs() throws {
        #expect(try SlurmClient.jobID(fromParsable: "4242\n", command: "sbatch") == "4242")
        #expect(try SlurmClient.jobID(fromParsable: "17;cluster-a\n", command: "sbatch") == "17")
        #expect(throws: SlurmError.self) { try SlurmClient.jobID(fromParsable: "Submitted batch job 3\n", command: "sbatch") }
        #expect(throws: SlurmError.self) { try SlurmClient.jobID(fromParsable: "", command: "sbatch") }
    }

    @Test func missingSbatchIsAClearError() throws {
        let folder = try SlurmTestFolder()
        let client = SlurmClient(environment: ["PATH": folder.path])
        do {
            _ = try client.submit(script: "\(folder.path)/sweep.sbatch")
            Issue.record("submitting without sbatch on PATH succeeded")
        } catch let error as SlurmError {
            #expect(error == .toolMissing(tool: "sbatch", searched: [folder.path]))
            #expect(error.description.contains("'sbatch' not found"))
        }
    }

    @Test func reportJobDependsOnTheArrayWithAfterany() throws {
        let folder = try SlurmTestFolder()
        let sbatch = try folder.argumentRecorder(named: "sbatch", stdout: "913\n")
        let client = SlurmClient(environment: ["PATH": folder.path])
        #expect(try client.submit(script: "/r/sweep.sbatch") == "913")
        #expect(try sbatch.arguments() == ["--parsable", "/r/sweep.sbatch"])
        #expect(try client.submit(script: "/r/report.sbatch", afterAny: "913") == "913")
        #expect(try sbatch.arguments() == ["--parsable", "--dependency=afterany:913", "/r/report.sbatch"])
        var announced: [String] = []
        let result = try client.submitAndWait(script: "/r/report.sbatch", afterAny: "912") { announced.append($0) }
        #expect(result.jobID == "913" && result.status == 0 && announced == ["913"])
        #expect(try sbatch.arguments() == ["--parsable", "--wait", "--dependency=afterany:912", "/r/report.sbatch"])
    }

    @Test func sbatchFailureCarriesItsMessage() throws {
        let folder = try SlurmTestFolder()
        let sbatch = "\(folder.path)/sbatch"
        try folder.writeExecutable("#!/bin/bash\necho 'sbatch: error: invalid partition specified: nope' >&2\nexit 1\n",
                                   to: sbatch)
        let client = SlurmClient(environment: ["PATH": folder.path])
        do {
            _ = try client.submit(script: "/r/sweep.sbatch")
            Issue.record("a failing sbatch was taken for a submission")
        } catch let error as SlurmError {
            #expect(error.description.contains("invalid partition specified: nope"))
            #expect(error.description.contains("exit status 1"))
        }
    }
}
