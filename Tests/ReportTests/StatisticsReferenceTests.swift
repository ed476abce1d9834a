import Foundation
import Testing
@testable import Report

/// Our t quantile, intervals and Welch test against scipy's `t.interval` and
/// `ttest_ind(equal_var=False)` on the same numbers, run in CI's Python (GRADBOOK_NBFORMAT_PYTHON,
/// the venv `.ci/run` makes with scipy). Skipped when no such Python exists, except under CI=true,
/// where a missing interpreter or scipy fails the test.
@Suite struct StatisticsReferenceTests {
    static let samples: [([Double], [Double])] = [
        ([0.912, 0.905, 0.921], [0.899, 0.915, 0.908]),
        ([0.5, 0.52], [0.31, 0.36, 0.33, 0.29]),
        ([1.25, 1.31, 1.18, 1.27, 1.22], [1.19, 1.21]),
        ([0.97, 0.971, 0.969, 0.972, 0.968, 0.97, 0.971, 0.97, 0.969, 0.973], [0.96, 0.975, 0.981, 0.955, 0.962]),
        ([3e-4, 2.8e-4, 3.3e-4], [2.9e-4, 3.1e-4, 3.0e-4]),
    ]

    @Test func knownQuantiles() {
        // scipy.stats.t.ppf(0.975, df) for df = 1, 2, 10.
        #expect(abs(StudentT.quantile(0.975, df: 1) - 12.706204736174694) < 1e-9)
        #expect(abs(StudentT.quantile(0.975, df: 2) - 4.302652729749462) < 1e-9)
        #expect(abs(StudentT.quantile(0.975, df: 10) - 2.228138851986274) < 1e-11)
        #expect(abs(StudentT.upperTail(2.5, df: 3.7) - 0.03591101145591339) < 1e-13)
        #expect(abs(StudentT.quantile(0.025, df: 10) + 2.228138851986274) < 1e-11)
    }

    @Test func matchesScipy() throws {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["GRADBOOK_NBFORMAT_PYTHON"] ?? "/tmp/gradbook-ci-venv/bin/python"
        let inCI = environment["CI"] == "true"
        guard FileManager.default.isExecutableFile(atPath: python),
              (try? ReportExportTests.run(python, ["-c", "import scipy"]).status) == 0 else {
            if inCI { Issue.record("CI needs a Python with scipy at \(python) (see .ci/run)") }
            return
        }
        let input = try JSONSerialization.data(withJSONObject: Self.samples.map { [$0.0, $0.1] })
        let script = """
        import json, sys
        from scipy import stats
        import numpy as np
        out = []
        for a, b in json.loads(sys.argv[1]):
            row = {}
            for name, x in (("a", a), ("b", b)):
                x = np.array(x)
                low, high = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
                row[name] = [float(low), float(high)]
            test = stats.ttest_ind(a, b, equal_var=False)
            row["t"], row["p"] = float(test.statistic), float(test.pvalue)
            # The exact seeds per variant for 80% power (noncentral t), to bound our approximation.
            va, vb = np.var(a, ddof=1), np.var(b, ddof=1)
            d = abs(np.mean(a) - np.mean(b)) / np.sqrt((va + vb) / 2)
            n = 2
            while n < 10000:
                df = 2 * n - 2
                crit = stats.t.ppf(0.975, df)
                ncp = d * np.sqrt(n / 2)
                power = stats.nct.sf(crit, df, ncp) + stats.nct.cdf(-crit, df, ncp)
                if power >= 0.8: break
                n += 1
            row["n"] = n
            out.append(row)
        print(json.dumps(out))
        """
        let result = try ReportExportTests.run(python, ["-c", script, String(decoding: input, as: UTF8.self)])
        #expect(result.status == 0, "\(result.output)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(rows.count == Self.samples.count)
        for (row, (a, b)) in zip(rows, Self.samples) {
            for (name, x) in [("a", a), ("b", b)] {
                let (mean, variance) = WelchTest.meanVariance(x)
                let interval = try #require(SeedInterval.ci95(mean: mean, std: variance.squareRoot(), n: x.count))
                let reference = try #require(row[name] as? [Double])
                #expect(abs(interval.low - reference[0]) < 1e-9 * max(1, abs(reference[0])), "\(x)")
                #expect(abs(interval.high - reference[1]) < 1e-9 * max(1, abs(reference[1])), "\(x)")
            }
            let test = try #require(WelchTest(a, b))
            let t = try #require(row["t"] as? Double), p = try #require(row["p"] as? Double)
            #expect(abs(test.t - t) < 1e-9 * max(1, abs(t)), "\(a) \(b)")
            #expect(abs(test.pValue - p) < 1e-9, "\(a) \(b): \(test.pValue) against \(p)")
            // The shifted-t approximation is within a seed of the exact noncentral-t count.
            let exact = try #require(row["n"] as? Int)
            let ours = try #require(test.seedsNeeded)
            #expect(abs(ours - exact) <= 1, "\(a) \(b): \(ours) seeds against \(exact)")
        }
    }
}
