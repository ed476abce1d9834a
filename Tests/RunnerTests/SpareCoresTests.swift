@testable import Runner
import Testing

/// The share of idle cores a starting run gets (the end-to-end check is CLITests' SpareCoresRunTests).
struct SpareCoresTests {
    @Test func coresGoToARunOnlyWhenEveryRunLeftGetsAsMany() {
        #expect(SpareCores.threads(cores: 2, runsLeft: 1) == 2)
        #expect(SpareCores.threads(cores: 2, runsLeft: 2) == nil)
        #expect(SpareCores.threads(cores: 4, runsLeft: 2) == 2)
        #expect(SpareCores.threads(cores: 4, runsLeft: 3) == nil)
        #expect(SpareCores.threads(cores: 8, runsLeft: 3) == 2)
        #expect(SpareCores.threads(cores: 1, runsLeft: 1) == nil)
        #expect(SpareCores.threads(cores: 2, runsLeft: 0) == nil)
    }

    @Test func onlyRunsWithLargeProductsUseLentThreads() {
        #expect(SpareCores.pays(widths: [784, 512, 512, 10], batch: 128))
        #expect(SpareCores.pays(widths: [2, 512, 512, 1], batch: 32))
        #expect(!SpareCores.pays(widths: [2, 512, 512, 1], batch: 31))
        #expect(!SpareCores.pays(widths: [64, 256, 256, 256, 10], batch: 16))
        #expect(!SpareCores.pays(widths: [], batch: 16))
    }
}
