// swift-tools-version:6.0
import PackageDescription

// The C kernels are compiled optimised even in debug builds: debug-mode numeric code is ~300x slower,
// and the kernels dispatch to AVX-512 / AVX2 variants at run time, so the flags are safe on any x86-64.
let kernelFlags: [CSetting] = [.unsafeFlags(["-O3", "-fno-math-errno", "-ffp-contract=off"])]

let package = Package(
    name: "gradbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gradbook", targets: ["gradbook"]),
        .library(name: "Backprop", targets: ["Backprop"]),
        .library(name: "GradbookKit", targets: ["Core", "Records", "Notebook", "Search", "Datasets", "Runner", "Charts", "Report"]),
        // What the fuzzers in Fuzz/ (their own package) call; the corpus replay test calls it too.
        .library(name: "FuzzEntryPoints", targets: ["FuzzEntryPoints"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        .target(name: "Core"),
        .target(name: "Records", dependencies: ["Core"]),
        .target(name: "CKernels", cSettings: kernelFlags),
        // -fno-math-errno for the C shims Swift inlines: without it Float.squareRoot() keeps a libm
        // errno fallback that stops the optimizer loops from vectorising (measured: Adam step 49% -> 33%
        // of W1's time). Results are unchanged: sqrt is correctly rounded either way.
        .target(name: "Backprop", dependencies: ["Core", "CKernels"], swiftSettings: [.unsafeFlags(["-Xcc", "-fno-math-errno"])]),
        .target(name: "Datasets", dependencies: ["Core", "Backprop"]),
        .target(name: "Notebook", dependencies: ["Core", "CYAML"]),
        .target(name: "Search", dependencies: ["Core", "Notebook", "Records"]),
        .target(name: "Runner", dependencies: ["Core", "Notebook", "Search", "Records", "Backprop", "Datasets"]),
        .target(name: "CPNGWriter", dependencies: ["CPNG"]),
        .target(name: "Charts", dependencies: ["CPNG", "CPNGWriter", "CFreeType"]),
        .target(name: "Report", dependencies: ["Core", "Notebook", "Records", "Charts"]),
        // The application service: what every command does, as values; nothing imports it but the CLI.
        .target(name: "App", dependencies: ["Core", "Records", "Notebook", "Search", "Datasets", "Runner", "Report"]),
        .target(name: "FuzzEntryPoints", dependencies: ["Core", "Notebook", "Search", "Datasets"]),
        .executableTarget(name: "gradbook", dependencies: [
            "App", "Core", "Records", "Backprop", "CKernels", "Datasets", "Notebook", "Search", "Runner", "Charts", "Report",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The reference scripts that produced the committed PyTorch numbers are read by people, not built.
        .testTarget(name: "BackpropTests", dependencies: ["Core", "Backprop", "CKernels"], exclude: ["References"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Core", "Datasets", "Backprop"]),
        .testTarget(name: "NotebookTests", dependencies: ["Core", "Notebook", "Search"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SearchTests", dependencies: ["Core", "Notebook", "Search", "Records"]),
        .testTarget(name: "RunnerTests", dependencies: ["Core", "Records", "Runner", "Notebook", "Search", "Backprop", "Datasets"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "CPNG"]),
        .testTarget(name: "ReportTests", dependencies: ["Core", "Records", "Report", "Notebook", "Charts", "CPNG"], resources: [.copy("Golden")]),
        // Fixtures are read from the source tree by path (the release-one runs/ folder is copied, not bundled).
        // Replays Fuzz/corpus and Fuzz/regressions (read from the source tree by path).
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzEntryPoints"]),
        .testTarget(name: "CLITests", dependencies: ["Core", "Records", "Notebook"], exclude: ["Fixtures"]),
    ]
)
