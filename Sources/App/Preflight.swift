import Datasets
import Notebook
import Runner

/// What the notebook loader cannot know: whether every data set opens and splits, and whether
/// every variant fits in memory. One check before anything is created, shared by `validate`,
/// `plan`, `run` and `slurm`, so a broken CSV or an oversized model fails in a second with exit 2
/// at the key that causes it, instead of in every worker after the output folder exists.
///
/// Every distinct data set (`DatasetSpec`) is opened once, however many variants share it.
/// Problems are positioned at the variant's `dataset`/`dataset.n`/`dataset.validation`/
/// `model.hidden` key (`VariantMarks`), else at its experiment.
public enum Preflight {
    /// The memory one run may use, and what exceeding it means.
    public enum Budget: Sendable {
        /// `validate`, `plan`: an error above this machine's memory, a warning above its share
        /// at the default `--jobs` (the run may be started with fewer jobs, or elsewhere).
        case check
        /// `run --jobs N`: an error above the machine's memory / N.
        case run(jobs: Int)
        /// `slurm --mem`: an error above the memory of one array task (bytes).
        case slurm(memory: Double, text: String)
    }

    public struct Findings: Sendable {
        public var errors: [String] = []
        public var warnings: [String] = []

        mutating func add(error message: String) { if !errors.contains(message) { errors.append(message) } }
        mutating func add(warning message: String) { if !warnings.contains(message) { warnings.append(message) } }
    }

    /// Checks `notebooks`; `machine` is the memory of this machine (nil: unknown, not checked).
    public static func check(_ notebooks: [NotebookDocument], budget: Budget,
                             machine: Double? = MachineMemory.available()) -> Findings {
        var findings = Findings()
        var shapes: [DatasetSpec: Result<DatasetShape, Error>] = [:]
        for notebook in notebooks {
            let variants = notebook.variants
            // Once a notebook: `.check`'s job count asks the system for its cores.
            let workers = min(variants.count, jobs(budget))
            for variant in variants {
                var spec = EngineMapping.datasetSpec(variant.config.dataset, model: variant.config.model)
                // Every fold of a data set has the shape of the first: it is opened once, not once per fold.
                if spec.folds != nil { spec.fold = 1 }
                let marks = variant.marks ?? VariantMarks(file: notebook.path, experiment: SourceMark(line: 1, column: 1))
                let first = shapes[spec] == nil
                let result = shapes[spec] ?? Result { try DatasetLoader.inspect(spec) }
                shapes[spec] = result
                switch result {
                case .failure(let error):
                    // Reported once per data set: at the first variant that uses it.
                    if first { findings.add(error: datasetProblem(error, spec: spec, marks: marks)) }
                case .success(let shape):
                    if first {
                        checkSplit(shape, spec: spec, marks: marks, into: &findings)
                        checkFolds(shape, spec: spec, marks: marks, into: &findings)
                    }
                    checkClassWeight(variant.config.training.classWeight, spec: spec, shape: shape, marks: marks, into: &findings)
                    checkMemory(MemoryEstimate(config: variant.config, shape: shape), variant: variant, marks: marks,
                                workers: workers, budget: budget, machine: machine,
                                into: &findings)
                }
            }
            checkResidual(variants, notebook: notebook, shapes: shapes, into: &findings)
        }
        return findings
    }

    /// The check as commands use it: errors throw as `InvalidInput`; the warnings come back.
    public static func require(_ notebooks: [NotebookDocument], budget: Budget) throws(InvalidInput) -> [String] {
        let findings = check(notebooks, budget: budget)
        guard findings.errors.isEmpty else { throw InvalidInput(findings.errors + findings.warnings) }
        return findings.warnings
    }

    private static func jobs(_ budget: Budget) -> Int {
        switch budget {
        case .check: return RunOptions.defaultJobs
        case .run(let jobs): return max(1, jobs)
        case .slurm: return 1
        }
    }

    /// `nb.yaml:4:5: error: data set: data/x.csv:3:2: ...`, at `dataset.n` for a generator's options.
    static func datasetProblem(_ error: Error, spec: DatasetSpec, marks: VariantMarks) -> String {
        guard let problem = error as? DatasetError else { return marks.error(at: marks.dataset, "data set: \(error)") }
        var location = problem.file.map { "\($0)" } ?? ""
        if let line = problem.line {
            location += ":\(line)"
            if let column = problem.column { location += ":\(column)" }
        }
        let isGenerated = spec.csv == nil && spec.idxImages == nil
        let mark = isGenerated && problem.message.contains("samples") ? (marks.samples ?? marks.dataset) : marks.dataset
        return marks.error(at: mark, "data set: " + (location.isEmpty ? "" : "\(location): ") + problem.message)
    }

    /// A validation split that holds no rows cannot rank variants; a class it misses is only a warning.
    static func checkSplit(_ shape: DatasetShape, spec: DatasetSpec, marks: VariantMarks, into findings: inout Findings) {
        guard spec.validation > 0 || spec.folds != nil || spec.validationCSV != nil || spec.idxValidation != nil, !shape.trainClassCounts.isEmpty else { return }
        let held = shape.validationClassCounts
        let at = marks.validation ?? marks.dataset
        if held.reduce(0, +) == 0 {
            findings.add(error: marks.error(at: at, "validation \(spec.validation) of \(shape.samples) rows holds no rows; "
                + "use more data or a larger fraction"))
            return
        }
        let missing = held.indices.filter { held[$0] == 0 }.map { index in
            index < shape.classNames.count ? "'\(shape.classNames[index])'" : "\(index)"
        }
        if !missing.isEmpty {
            findings.add(warning: marks.warning(at: at, "the validation split has no rows of class \(missing.joined(separator: ", ")) "
                + "(too few rows of it); validation metrics will not cover it"))
        }
    }

    static func checkMemory(_ estimate: MemoryEstimate, variant: Variant, marks: VariantMarks, workers: Int,
                            budget: Budget, machine: Double?, into findings: inout Findings) {
        let need = estimate.totalBytes
        // Built only for a finding: a 100,000-variant sweep checks every variant.
        func what() -> String { "model.hidden \(variant.config.model.hidden) on \(variant.config.dataset.name ?? "this data set"): a run needs \(estimate.summary)" }
        switch budget {
        case .slurm(let memory, let text):
            if need > memory {
                findings.add(error: marks.error(at: marks.hidden, "\(what()), more than --mem \(text) of an array task"))
            }
        case .run(let jobs):
            guard let machine else { return }
            let share = machine / Double(workers)
            if need > share {
                findings.add(error: marks.error(at: marks.hidden, "\(what()), more than the \(MachineMemory.describe(share)) "
                    + "one of \(workers) worker\(workers == 1 ? "" : "s") may use (min(RAM, cgroup limit) = "
                    + "\(MachineMemory.describe(machine)))\(jobs > 1 ? "; lower --jobs or the model's size" : "")"))
            }
        case .check:
            guard let machine else { return }
            if need > machine {
                findings.add(error: marks.error(at: marks.hidden, "\(what()), more than this machine's "
                    + "\(MachineMemory.describe(machine)) (min(RAM, cgroup limit))"))
            } else if need > machine / Double(workers) {
                findings.add(warning: marks.warning(at: marks.hidden, "\(what()): \(workers) at once would not fit in "
                    + "\(MachineMemory.describe(machine)); run with --jobs \(max(1, Int(machine / need)))"))
            }
        }
    }
}
