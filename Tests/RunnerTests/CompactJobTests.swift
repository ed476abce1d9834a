import Core
import Foundation
import Notebook
@testable import Runner
import Testing

/// The compact job line (parent to worker): every field of a `WorkerJob` and its `RunConfig`
/// survives, a field the spelling forgets fails here, and damaged lines are errors.
struct CompactJobTests {
    /// A job in which every field differs from its default (checked below by reflection).
    static var everyField: WorkerJob {
        var config = RunConfig()
        var dataset = RunConfig.Dataset()
        dataset.name = "moons %1"
        dataset.csv = "/data/a b.csv"
        dataset.idx = RunConfig.IDXFiles(images: "/i", labels: "/l",
                                         validation: .init(images: "/vi", labels: "/vl"), test: .init(images: "/ti", labels: "/tl"))
        dataset.target = "price\tusd"
        dataset.features = ["x", "", "y z"]
        dataset.task = .regression
        dataset.validation = 0.15
        dataset.test = 0.1
        dataset.normalize = .minmax
        dataset.seed = -3
        dataset.n = 1234
        dataset.noise = 0.25
        dataset.classes = 5
        dataset.dimensions = 7
        dataset.missing = .impute
        dataset.impute = .median
        dataset.imputeText = .category
        dataset.naValues = ["?", "n/a"]
        dataset.categorical = ["colour"]
        dataset.folds = 5
        dataset.fold = 2
        dataset.validationCSV = "/v.csv"
        dataset.testCSV = "/t.csv"
        config.dataset = dataset
        var model = RunConfig.Model()
        model.hidden = [128, 64, 3]
        model.activation = .tanh
        model.output = .linear
        model.initScheme = .glorot
        model.dropout = [0.1, 0.0, 0.5]
        model.norm = .layer
        model.residual = true
        config.model = model
        var training = RunConfig.Training()
        training.optimizer = .nesterov
        training.learningRate = 0.1 + 0.2
        training.momentum = 0.95
        training.batchSize = 17
        training.epochs = 31
        training.weightDecay = 1e-5
        training.clipNorm = 2.5
        training.schedule = .cosine
        training.stepEpochs = 9
        training.gamma = 0.3
        training.minLearningRate = 1e-7
        training.warmupEpochs = 2
        training.loss = .huber
        training.huberDelta = 0.7
        training.labelSmoothing = 0.05
        training.classWeight = .classes([.init(label: "a b", weight: 2), .init(label: "c", weight: 0.5)])
        var stopping = RunConfig.EarlyStopping()
        stopping.patience = 11
        stopping.minDelta = 0.001
        stopping.restoreBest = !stopping.restoreBest
        training.earlyStopping = stopping
        training.timeoutSeconds = 90.5
        training.checkpointSeconds = 12
        training.seed = 99
        training.save = .all
        training.threads = 3
        config.training = training
        config.metric = RunConfig.Metric(name: "val_f1", goal: .minimize, target: 0.93)
        var job = WorkerJob(experiment: "grid one", variant: "a1b2c3", label: "lr=0.3 hidden=[128, 64]", seed: 4,
                            config: config, weightsPath: "/out/runs/grid one/a1b2c3.safetensors",
                            weightsBar: BestRun(value: -0.0, label: "best=%", variant: "ff00"),
                            checkpointPath: "/out/runs/grid one/.a1b2c3.checkpoint")
        job.pauseAfterEpoch = 3
        job.threads = 2
        return job
    }

    /// Every stored value under `value`, by path, as text (structs and classes opened, optionals
    /// unwrapped; words, lists and numbers are leaves).
    static func leaves(_ value: Any, path: String = "") -> [String: String] {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first else { return [path: "nil"] }
            return leaves(wrapped.value, path: path)
        case .struct, .class:
            guard !mirror.children.isEmpty else { return [path: "\(value)"] }
            var all: [String: String] = [:]
            for child in mirror.children {
                let label = child.label ?? "?"
                // The shared box of `@SharedValue` adds no level of its own.
                let name = ["_config", "box", "value"].contains(label) && path.isEmpty == false ? path
                    : (path.isEmpty ? label : "\(path).\(label)")
                all.merge(leaves(child.value, path: name)) { $1 }
            }
            return all
        default:
            return [path: "\(value)"]
        }
    }

    /// The default value at `path`, or at the nearest shorter path that holds it (a nil group).
    static func defaultValue(at path: String, in defaults: [String: String]) -> String? {
        var parts = path.split(separator: ".").map(String.init)
        while !parts.isEmpty {
            if let value = defaults[parts.joined(separator: ".")] { return value }
            parts.removeLast()
        }
        return nil
    }

    /// A field added to `RunConfig` (or `WorkerJob`) appears here with its default value: set it
    /// in `everyField` and spell it in `WorkerWire+Job.swift` (the round trip below then covers it).
    @Test func theSampleJobSetsEveryFieldAwayFromItsDefault() {
        let sample = Self.leaves(Self.everyField.config)
        let defaults = Self.leaves(RunConfig())
        // Not coded on the wire (the builder turns them into `hidden`), so not in the sample either.
        let uncoded: Set = ["model.width", "model.depth"]
        #expect(sample.count > 60, "reflection found the fields")
        for (path, value) in sample where !uncoded.contains(path) {
            #expect(Self.defaultValue(at: path, in: defaults) != value, "\(path) has its default value in the sample")
        }
        let jobFields = Mirror(reflecting: Self.everyField).children.map { $0.label ?? "?" }
        #expect(jobFields == ["experiment", "variant", "label", "seed", "_config", "weightsPath", "weightsBar",
                              "checkpointPath", "pauseAfterEpoch", "threads"],
                "a WorkerJob field was added or renamed: spell it in WorkerWire+Job.swift and set it in the sample")
        let optionals = Mirror(reflecting: Self.everyField).children.filter { Mirror(reflecting: $0.value).displayStyle == .optional }
        #expect(optionals.allSatisfy { Mirror(reflecting: $0.value).children.first != nil }, "every optional job field is set")
    }

    @Test func aJobComesBackWholeAndAsJSONWouldDeliverIt() throws {
        let jobs = [Self.everyField, WorkerJob(experiment: "e", variant: "v", label: "", seed: 0, config: RunConfig(), weightsPath: nil)]
        for job in jobs {
            let line = try WorkerWire.encodeJob(job)
            #expect(line.first == UInt8(ascii: "J"), "compact, not JSON")
            #expect(line.last == 0x0A && !line.dropLast().contains(0x0A) && !line.dropLast().contains(0x0D))
            let back = try WorkerWire.decodeJob(from: Array(line.dropLast()))
            #expect(back == job)
            let json = try WorkerWire.decode(WorkerJob.self, from: Array(try WorkerWire.encode(job).dropLast()))
            #expect(back == json)
            if job.weightsBar != nil { #expect(back.weightsBar?.value.sign == .minus, "-0 keeps its sign") }
        }
    }

    /// What JSON normalises (uncoded width/depth, the class-weight table's order) the compact
    /// line delivers the same way, still compact.
    @Test func whatJSONNormalisesArrivesNormalised() throws {
        var job = Self.everyField
        job.config.model.width = 64
        job.config.model.depth = 2
        job.config.training.classWeight = .classes([.init(label: "z", weight: 1), .init(label: "a", weight: 2), .init(label: "z", weight: 3)])
        let line = try WorkerWire.encodeJob(job)
        #expect(line.first == UInt8(ascii: "J"))
        let json = try WorkerWire.decode(WorkerJob.self, from: Array(try WorkerWire.encode(job).dropLast()))
        #expect(try WorkerWire.decodeJob(from: Array(line.dropLast())) == json)
    }

    /// A job whose compact line would not read back equal (here a NaN, unequal to itself) goes as
    /// JSON: the guard that also catches a field this spelling forgot.
    @Test func aJobThatWouldNotReadBackEqualTravelsAsJSON() throws {
        var job = Self.everyField
        job.config.training.momentum = .nan
        let line = try WorkerWire.encodeJob(job)
        #expect(line.first == UInt8(ascii: "{"))
        let back = try WorkerWire.decodeJob(from: Array(line.dropLast()))
        #expect(back.config.training.momentum.isNaN && back.variant == job.variant)
    }

    @Test func damagedJobLinesAreErrorsNotCrashes() throws {
        let line = Array(try WorkerWire.encodeJob(Self.everyField).dropLast())
        for cut in 1..<line.count {
            #expect(throws: (any Error).self) { try WorkerWire.decodeJob(from: Array(line.prefix(cut))) }
        }
        let text = String(decoding: line, as: UTF8.self)
        let damaged = [
            text.replacingOccurrences(of: "J1 ", with: "J2 "),
            text + " extra",
            text.replacingOccurrences(of: "=tanh", with: "=tanhh"),
            text.replacingOccurrences(of: " classes ", with: " weights "),
            text.replacingOccurrences(of: " =nesterov ", with: " nesterov "),
            String(text.dropLast(2)) + " x",
            "J1",
            "",
        ]
        for bad in damaged {
            #expect(bad != text)
            #expect(throws: (any Error).self) { try WorkerWire.decodeJob(from: Array(bad.utf8)) }
        }
    }
}
