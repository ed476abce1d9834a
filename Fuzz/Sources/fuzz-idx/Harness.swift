import CFuzzerDriver
import Foundation
import FuzzEntryPoints

/// Hands libFuzzer's command line to its driver, which calls `FuzzEntryPoints.idx` with every input
/// it generates (a refused input is a normal return; a crash, hang or runaway allocation is a finding).
@main enum Harness {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { start, count in
            FuzzEntryPoints.idx(start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
            return 0
        })
    }
}
