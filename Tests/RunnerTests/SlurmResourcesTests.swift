import Testing
@testable import Runner

@Suite struct SlurmResourcesTests {
    @Test(arguments: ["30", "0", "90:00", "1:30:00", "2-0", "2-12:00", "2-12:00:00", "infinite", "UNLIMITED"])
    func acceptsSlurmTimes(_ time: String) {
        #expect(SlurmResources.isSlurmTime(time))
    }

    @Test(arguments: ["", "1h", "1:2:3:4", "-1", "a-1", "1-", "1:", "1.5", "2 days"])
    func rejectsOtherTimes(_ time: String) {
        #expect(!SlurmResources.isSlurmTime(time))
    }

    @Test func memoryNeedsAPositiveSizeWithOptionalUnit() {
        for good in ["4096", "500M", "2G", "1T", "64k"] { #expect(SlurmResources.isSlurmMemory(good)) }
        for bad in ["", "0", "2GB", "G", "-1G", "1.5G"] { #expect(!SlurmResources.isSlurmMemory(bad)) }
    }

    @Test func validationNamesTheOffendingOption() {
        #expect(throws: SlurmError.invalidOption(name: "--tasks", value: "0", expected: "a whole number >= 1")) {
            try SlurmResources(tasks: 0).validate()
        }
        for (resources, option) in [
            (SlurmResources(cpusPerTask: 0), "--cpus-per-task"),
            (SlurmResources(time: "1h"), "--time"),
            (SlurmResources(memory: "lots"), "--mem"),
            (SlurmResources(partition: "gpu; rm -rf /"), "--partition"),
            (SlurmResources(account: ""), "--account"),
        ] {
            do {
                try resources.validate()
                Issue.record("\(option) was accepted")
            } catch let SlurmError.invalidOption(name, _, _) {
                #expect(name == option)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(throws: Never.self) { try SlurmResources(partition: "gpu,cpu", account: "proj_42").validate() }
    }
}
