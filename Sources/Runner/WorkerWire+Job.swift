import Core
import Notebook

// The job line, parent to worker, in the compact spelling of `WorkerWire+Compact.swift` instead of
// JSON: encoding a `WorkerJob` with its whole `RunConfig` through Foundation's JSONEncoder in the
// parent, and decoding it in the worker, cost a tiny run ~0.4 ms of CPU (perf, AMD EPYC Zen 1,
// 2000 moons runs), a tenth of its overhead.
//
//   `J1 <experiment> <variant> <label> <seed> <weights path> <weights bar> <checkpoint path>
//       <pause after epoch> <threads> <dataset> <model> <training> <metric> .`
//
// in the field order of `writeJob` below: an optional group (the weights bar, `idx` and its
// held-out pairs, early stopping) is `~` or `+` then its fields, a list is its count then its
// items, a closed-set word its raw value, a Bool `t` or `f`.
//
// Forgetting a field here must never lose it silently. The parent sends a job compact only when
// reading its line back gives the same job (`WorkerJob` equality covers every stored field, so a
// field added to `RunConfig` and not spelled here makes its jobs travel as JSON, correct and
// slower); `CompactJobTests` lists every field by reflection, so such a field also fails a test.
extension WorkerWire {
    /// The line for `job` (compact when it reads back whole, else JSON), ending in a newline.
    public static func encodeJob(_ job: WorkerJob) throws -> [UInt8] {
        if let line = compactJobLine(job) { return line }
        return try encode(job)
    }

    /// The compact line for `job`, or nil when it would not read back as the same job.
    static func compactJobLine(_ job: WorkerJob) -> [UInt8]? {
        var writer = CompactWriter()
        writer.job(job)
        let line = writer.line()
        guard let back = try? decodeJob(from: Array(line.dropLast())), back == job.asSentByJSON else { return nil }
        return line
    }

    /// Reads a line written by `encodeJob` (without its newline): compact or JSON.
    public static func decodeJob(from line: [UInt8]) throws -> WorkerJob {
        guard let first = line.first, first != UInt8(ascii: "{") else { return try decode(WorkerJob.self, from: line) }
        var reader = CompactReader(line)
        let tag = try reader.token()
        guard tag == "J1" else { throw CompactWireError("unknown job tag '\(tag)'") }
        let job = try reader.job()
        try reader.end()
        return job
    }
}

extension WorkerJob {
    /// The job as the worker receives it through JSON: `model.width` and `model.depth` are not
    /// coded (the builder turned them into `hidden`), and class weights arrive as a table, sorted
    /// by label, the first of a repeated label kept.
    var asSentByJSON: WorkerJob {
        var job = self
        if job.config.model.width != nil || job.config.model.depth != nil {
            job.config.model.width = nil
            job.config.model.depth = nil
        }
        if case .classes(let weights) = job.config.training.classWeight {
            let table = ClassWeighting.classes(CompactReader.tableOrder(weights))
            if table != job.config.training.classWeight { job.config.training.classWeight = table }
        }
        return job
    }
}

extension CompactWriter {
    mutating func optionalDouble(_ value: Double?) {
        if let value { double(value) } else { token("~") }
    }

    mutating func word<Word: RawRepresentable>(_ value: Word) where Word.RawValue == String { string(value.rawValue) }

    mutating func optionalWord<Word: RawRepresentable>(_ value: Word?) where Word.RawValue == String {
        if let value { word(value) } else { token("~") }
    }

    mutating func strings(_ values: [String]) {
        int(values.count)
        for value in values { string(value) }
    }

    mutating func optionalStrings(_ values: [String]?) {
        if let values { strings(values) } else { token("~") }
    }

    /// `~` for nil, else `+` and the group's fields.
    mutating func group<Value>(_ value: Value?, _ fields: (inout CompactWriter, Value) -> Void) {
        guard let value else { token("~"); return }
        token("+")
        fields(&self, value)
    }

    mutating func job(_ job: WorkerJob) {
        token("J1")
        string(job.experiment)
        string(job.variant)
        string(job.label)
        int(job.seed)
        optionalString(job.weightsPath)
        group(job.weightsBar) { writer, bar in
            writer.double(bar.value)
            writer.string(bar.label)
            writer.string(bar.variant)
        }
        optionalString(job.checkpointPath)
        optionalInt(job.pauseAfterEpoch)
        optionalInt(job.threads)
        let config = job.config
        dataset(config.dataset)
        model(config.model)
        training(config.training)
        string(config.metric.name)
        word(config.metric.goal)
        optionalDouble(config.metric.target)
        // An end mark: a line cut short anywhere (inside a last number or word too) never reads.
        token(".")
    }

    mutating func dataset(_ dataset: RunConfig.Dataset) {
        optionalString(dataset.name)
        optionalString(dataset.csv)
        group(dataset.idx) { writer, idx in
            writer.string(idx.images)
            writer.string(idx.labels)
            for pair in [idx.validation, idx.test] {
                writer.group(pair) { writer, pair in
                    writer.string(pair.images)
                    writer.string(pair.labels)
                }
            }
        }
        optionalString(dataset.target)
        optionalStrings(dataset.features)
        optionalWord(dataset.task)
        double(dataset.validation)
        double(dataset.test)
        word(dataset.normalize)
        int(dataset.seed)
        optionalInt(dataset.n)
        optionalDouble(dataset.noise)
        optionalInt(dataset.classes)
        optionalInt(dataset.dimensions)
        word(dataset.missing)
        word(dataset.impute)
        word(dataset.imputeText)
        strings(dataset.naValues)
        strings(dataset.categorical)
        optionalInt(dataset.folds)
        optionalInt(dataset.fold)
        optionalString(dataset.validationCSV)
        optionalString(dataset.testCSV)
    }

    mutating func model(_ model: RunConfig.Model) {
        int(model.hidden.count)
        for width in model.hidden { int(width) }
        word(model.activation)
        optionalWord(model.output)
        optionalWord(model.initScheme)
        int(model.dropout.count)
        for probability in model.dropout { double(probability) }
        word(model.norm)
        bool(model.residual)
    }

    mutating func training(_ training: RunConfig.Training) {
        word(training.optimizer)
        double(training.learningRate)
        double(training.momentum)
        int(training.batchSize)
        int(training.epochs)
        double(training.weightDecay)
        optionalDouble(training.clipNorm)
        word(training.schedule)
        int(training.stepEpochs)
        double(training.gamma)
        double(training.minLearningRate)
        int(training.warmupEpochs)
        optionalWord(training.loss)
        double(training.huberDelta)
        double(training.labelSmoothing)
        switch training.classWeight {
        case .none: token("none")
        case .balanced: token("balanced")
        case .classes(let weights):
            token("classes")
            int(weights.count)
            for weight in weights {
                string(weight.label)
                double(weight.weight)
            }
        }
        group(training.earlyStopping) { writer, stopping in
            writer.int(stopping.patience)
            writer.double(stopping.minDelta)
            writer.bool(stopping.restoreBest)
        }
        optionalDouble(training.timeoutSeconds)
        optionalDouble(training.checkpointSeconds)
        int(training.seed)
        word(training.save)
        int(training.threads)
    }
}

extension CompactReader {
    mutating func bool() throws -> Bool {
        switch try token() {
        case "t": return true
        case "f": return false
        case let other: throw CompactWireError("expected t or f, not '\(other)'")
        }
    }

    mutating func optionalDouble() throws -> Double? {
        if isNext("~") { return nil }
        return try double()
    }

    mutating func word<Word: RawRepresentable>(_ type: Word.Type) throws -> Word where Word.RawValue == String {
        let text = try string()
        guard let value = Word(rawValue: text) else { throw CompactWireError("unknown \(Word.self) '\(text)'") }
        return value
    }

    mutating func optionalWord<Word: RawRepresentable>(_ type: Word.Type) throws -> Word? where Word.RawValue == String {
        if isNext("~") { return nil }
        return try word(type)
    }

    mutating func strings() throws -> [String] {
        let count = try count()
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try string()) }
        return values
    }

    mutating func optionalStrings() throws -> [String]? {
        if isNext("~") { return nil }
        return try strings()
    }

    /// Nil after `~`, else the group's fields after `+`.
    mutating func group<Value>(_ fields: (inout CompactReader) throws -> Value) throws -> Value? {
        switch try token() {
        case "~": return nil
        case "+": return try fields(&self)
        case let other: throw CompactWireError("expected ~ or +, not '\(other)'")
        }
    }

    mutating func job() throws -> WorkerJob {
        let experiment = try string(), variant = try string(), label = try string()
        let seed = try int()
        let weightsPath = try optionalString()
        let bar = try group { reader in
            BestRun(value: try reader.double(), label: try reader.string(), variant: try reader.string())
        }
        let checkpointPath = try optionalString()
        let pauseAfterEpoch = try optionalInt()
        let threads = try optionalInt()
        var config = RunConfig()
        config.dataset = try dataset()
        config.model = try model()
        config.training = try training()
        config.metric = RunConfig.Metric(name: try string(), goal: try word(Goal.self), target: try optionalDouble())
        guard try token() == "." else { throw CompactWireError("the job line does not end where it should") }
        var job = WorkerJob(experiment: experiment, variant: variant, label: label, seed: seed, config: config,
                            weightsPath: weightsPath, weightsBar: bar, checkpointPath: checkpointPath)
        job.pauseAfterEpoch = pauseAfterEpoch
        job.threads = threads
        return job
    }

    mutating func dataset() throws -> RunConfig.Dataset {
        var dataset = RunConfig.Dataset()
        dataset.name = try optionalString()
        dataset.csv = try optionalString()
        dataset.idx = try group { reader in
            var idx = RunConfig.IDXFiles(images: try reader.string(), labels: try reader.string())
            idx.validation = try reader.pair()
            idx.test = try reader.pair()
            return idx
        }
        dataset.target = try optionalString()
        dataset.features = try optionalStrings()
        dataset.task = try optionalWord(LearningTask.self)
        dataset.validation = try double()
        dataset.test = try double()
        dataset.normalize = try word(Normalization.self)
        dataset.seed = try int()
        dataset.n = try optionalInt()
        dataset.noise = try optionalDouble()
        dataset.classes = try optionalInt()
        dataset.dimensions = try optionalInt()
        dataset.missing = try word(MissingPolicy.self)
        dataset.impute = try word(NumericImputation.self)
        dataset.imputeText = try word(TextImputation.self)
        dataset.naValues = try strings()
        dataset.categorical = try strings()
        dataset.folds = try optionalInt()
        dataset.fold = try optionalInt()
        dataset.validationCSV = try optionalString()
        dataset.testCSV = try optionalString()
        return dataset
    }

    private mutating func pair() throws -> RunConfig.IDXFiles.Pair? {
        try group { reader in RunConfig.IDXFiles.Pair(images: try reader.string(), labels: try reader.string()) }
    }

    mutating func model() throws -> RunConfig.Model {
        var model = RunConfig.Model()
        let layers = try count()
        model.hidden = []
        model.hidden.reserveCapacity(layers)
        for _ in 0..<layers { model.hidden.append(try int()) }
        model.activation = try word(Activation.self)
        model.output = try optionalWord(OutputHead.self)
        model.initScheme = try optionalWord(InitScheme.self)
        let rates = try count()
        model.dropout = []
        for _ in 0..<rates { model.dropout.append(try double()) }
        model.norm = try word(NormKind.self)
        model.residual = try bool()
        return model
    }

    mutating func training() throws -> RunConfig.Training {
        var training = RunConfig.Training()
        training.optimizer = try word(OptimizerKind.self)
        training.learningRate = try double()
        training.momentum = try double()
        training.batchSize = try int()
        training.epochs = try int()
        training.weightDecay = try double()
        training.clipNorm = try optionalDouble()
        training.schedule = try word(ScheduleKind.self)
        training.stepEpochs = try int()
        training.gamma = try double()
        training.minLearningRate = try double()
        training.warmupEpochs = try int()
        training.loss = try optionalWord(LossFunction.self)
        training.huberDelta = try double()
        training.labelSmoothing = try double()
        switch try token() {
        case "none": training.classWeight = .none
        case "balanced": training.classWeight = .balanced
        case "classes":
            let count = try count()
            var weights: [ClassWeighting.ClassWeight] = []
            for _ in 0..<count { weights.append(ClassWeighting.ClassWeight(label: try string(), weight: try double())) }
            training.classWeight = .classes(Self.tableOrder(weights))
        case let other: throw CompactWireError("unknown class weighting '\(other)'")
        }
        training.earlyStopping = try group { reader in
            var stopping = RunConfig.EarlyStopping()
            stopping.patience = try reader.int()
            stopping.minDelta = try reader.double()
            stopping.restoreBest = try reader.bool()
            return stopping
        }
        training.timeoutSeconds = try optionalDouble()
        training.checkpointSeconds = try optionalDouble()
        training.seed = try int()
        training.save = try word(SaveMode.self)
        training.threads = try int()
        return training
    }

    /// Class weights as their JSON table reads back: sorted by label, the first of a repeated label kept.
    static func tableOrder(_ weights: [ClassWeighting.ClassWeight]) -> [ClassWeighting.ClassWeight] {
        var seen = Set<String>()
        return weights.filter { seen.insert($0.label).inserted }.sorted { $0.label < $1.label }
    }
}
