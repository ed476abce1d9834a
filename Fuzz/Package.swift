// swift-tools-version:6.0
import Foundation
import PackageDescription

// libFuzzer harnesses for gradbook's input loaders, a package of their own so the main package's
// `swift build` and `swift test` never see the sanitizer flags. Build and run with Fuzz/run.sh:
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address
// Each harness forwards libFuzzer's bytes to one function of the main package's FuzzEntryPoints
// module (the corpus replay test in the main package calls the same functions).

// A path dependency is identified by its folder's name, which depends on where gradbook is checked out.
let gradbook = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
let entryPoints: Target.Dependency = .product(name: "FuzzEntryPoints", package: gradbook)

// The toolchain's default linker (gold) fails on libFuzzer's instrumented objects; lld links them.
let linker: [LinkerSetting] = [.unsafeFlags(["-use-ld=lld"])]

let package = Package(
    name: "gradbook-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "fuzz-notebook", dependencies: ["CFuzzerDriver", entryPoints], linkerSettings: linker),
        .executableTarget(name: "fuzz-csv", dependencies: ["CFuzzerDriver", entryPoints], linkerSettings: linker),
        .executableTarget(name: "fuzz-idx", dependencies: ["CFuzzerDriver", entryPoints], linkerSettings: linker),
    ]
)
