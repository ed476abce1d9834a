/// One training run: the network, its optimizer state and the preallocated buffers, reused for
/// every step so the inner loop allocates nothing.
import Core
final class TrainingSession {
    let spec: NetworkSpec
    /// `spec`'s layout, computed once: the optimizer, the passes and the statistics all read it.
    let layout: ParameterLayout
    let training: TrainingSpec
    let data: LabeledData
    /// Flat parameters and gradients, owned here (raw buffers, so the hot loop
    /// has no exclusivity checks or copy-on-write probes).
    private let parameters: UnsafeMutablePointer<Float>
    private let gradients: UnsafeMutablePointer<Float>
    /// The parameters before the step, for the update statistics of optimizers run in CKernels.
    private let previous: UnsafeMutablePointer<Float>
    /// Batch norm's running statistics (the layout's buffer region), moved by every training step.
    private let buffers: UnsafeMutablePointer<Float>
    private var batchesTracked = 0
    private let parameterCount: Int
    private let lossKind: LossKind
    private let usesLabels: Bool
    /// One weight per class for the loss, nil when samples weigh alike.
    private let classWeights: [Float]?
    let workspace: Workspace
    private let evaluator: Evaluator
    private let optimizer: Optimizer
    private var shuffler: SeededGenerator
    /// Dropout masks come from their own stream, so turning dropout on shifts no other draw.
    private var dropoutGenerator: SeededGenerator
    private let hasDropout: Bool
    private let hasBatchNorm: Bool
    private var order: [Int]
    private var tally: MetricTally
    private var statistics: LayerStatisticsAccumulator
    /// What a checkpoint of this run must carry (`TrainingCheckpoint.fingerprint`). Computed when
    /// a checkpoint is taken or restored, not for every run: it JSON-encodes the network and
    /// training settings (7% of a worker's CPU in a sweep of tiny runs that never checkpoint).
    private(set) lazy var fingerprint: String = TrainingCheckpoint.fingerprint(network: spec, training: training, data: data)
    // Where the run stands between epochs (all part of a checkpoint).
    private var epoch = 0
    private var records: [EpochRecord] = []
    private var firstLoss: Double?
    private var best: TrainingCheckpoint.Best?
    private var epochsWithoutImprovement = 0
    /// Set by `restore` when the checkpoint was taken inside an epoch: the row and step to go on from.
    private var resumePoint: (row: Int, step: Int)?
    /// The restored checkpoint's `trainingSeconds` (0 for a fresh run), carried into new checkpoints.
    private var restoredSeconds = 0.0

    /// Whether steps run the fused passes (`Propagation+Fused.swift`); false runs the reference
    /// passes they equal bit for bit (tests compare the two).
    let fusedSteps: Bool
    /// Steps that took the fused path (for the tests that compare it with the reference).
    private(set) var fusedStepCount = 0

    init(spec: NetworkSpec, training: TrainingSpec, data: LabeledData, fusedSteps: Bool = true) {
        self.fusedSteps = fusedSteps
        precondition(data.count > 0, "training needs at least one sample")
        precondition(data.featureCount == spec.inputSize, "data has \(data.featureCount) features, the network takes \(spec.inputSize)")
        self.spec = spec
        self.training = training
        self.data = data
        let initial = Network(spec: spec, seed: training.seed)
        layout = initial.layout
        parameterCount = layout.parameterCount
        let count = parameterCount
        let parameters = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        initial.parameters.withUnsafeBufferPointer { parameters.initialize(from: $0.baseAddress!, count: count) }
        self.parameters = parameters
        gradients = .allocate(capacity: max(count, 1))
        gradients.initialize(repeating: 0, count: count)
        previous = .allocate(capacity: max(count, 1))
        previous.initialize(repeating: 0, count: count)
        let buffers = UnsafeMutablePointer<Float>.allocate(capacity: max(layout.bufferCount, 1))
        for (index, value) in initial.buffers.enumerated() { buffers[index] = value }
        self.buffers = buffers
        dropoutGenerator = SeededGenerator(seed: training.seed, stream: "dropout")
        hasDropout = spec.dropout.contains { $0 > 0 }
        hasBatchNorm = spec.norm == .batch
        lossKind = LossKind.resolve(head: spec.head, outputSize: spec.outputSize, targets: data.targets, loss: spec.loss)
        usesLabels = { if case .classes = data.targets { return true } else { return false } }()
        classWeights = { if case .classes(_, let classCount) = data.targets { return spec.loss.kernelWeights(classCount: classCount) } else { return nil } }()
        let batchSize = training.batchRows(samples: data.count)
        workspace = Workspace(layout: layout, blocks: spec.blocks, capacity: batchSize)
        workspace.pool = GemmPool(threads: training.threads)
        // On several threads each product stays one pooled call (a panel would be a pool job of
        // its own, with the epilogue on the caller while the workers wait): the fused step then
        // only moves the optimizer into the backward pass.
        if workspace.pool != nil { workspace.wholePanelFloats = .max }
        evaluator = Evaluator(spec: spec, capacity: 256)
        optimizer = Optimizer(spec: training, parameterCount: parameterCount)
        shuffler = SeededGenerator(seed: training.seed, stream: "shuffle")
        order = Array(0..<data.count)
        tally = MetricTally(outputs: spec.outputSize, targets: data.targets)
        statistics = LayerStatisticsAccumulator(layout: layout)
    }

    deinit {
        parameters.deallocate()
        gradients.deallocate()
        previous.deallocate()
        buffers.deallocate()
    }

    var isClassification: Bool { usesLabels }

    /// The current state as a `Network` value (copies the buffers).
    var network: Network {
        var network = Network(spec: spec, parameters: Array(UnsafeBufferPointer(start: parameters, count: parameterCount)))
        network.gradients = Array(UnsafeBufferPointer(start: gradients, count: parameterCount))
        network.buffers = bufferArray
        network.batchesTracked = batchesTracked
        return network
    }

    private var parameterArray: [Float] { Array(UnsafeBufferPointer(start: parameters, count: parameterCount)) }
    private var bufferArray: [Float] { Array(UnsafeBufferPointer(start: buffers, count: layout.bufferCount)) }

    func run(validation: LabeledData?, test: LabeledData?, control: TrainingControl,
             onEpoch: (EpochRecord) -> Bool) -> TrainingProgress {
        var outcome = TrainingOutcome.completed
        let totalEpochs = max(training.epochs, 0)
        while epoch < totalEpochs {
            let rate = training.schedule.learningRate(epoch: epoch, totalEpochs: training.epochs,
                                                      baseRate: training.learningRate)
            let resume = resumePoint
            resumePoint = nil
            if let paused = runEpoch(learningRate: rate, resumingAt: resume, control: control) {
                return .paused(checkpoint(at: paused))
            }
            var metrics = tally.metrics(classification: isClassification, prefix: "train_")
            let trainLoss = tally.meanLoss
            if let validation {
                metrics.merge(evaluate(validation, prefix: "val_")) { $1 }
            }
            let rows = statistics.statistics(parameters: parameters, layout: layout)
            let record = EpochRecord(epoch: epoch + 1, learningRate: rate, metrics: metrics.filter { $0.value.isFinite },
                                     layers: rows.layers, norms: rows.norms)
            records.append(record)
            epoch += 1
            if let reason = DivergenceRule.reason(loss: trainLoss, firstLoss: firstLoss) {
                outcome = .diverged(epoch: epoch, reason: reason)
                _ = onEpoch(record)
                break
            }
            if firstLoss == nil { firstLoss = trainLoss }
            if let stopping = training.earlyStopping {
                let monitored = validation != nil ? (metrics["val_loss"] ?? .nan) : trainLoss
                if best == nil || monitored < best!.value - stopping.minDelta {
                    best = TrainingCheckpoint.Best(epoch: epoch, value: monitored,
                                                   parameters: stopping.restoreBest ? parameterArray : nil, buffers: bufferArray)
                    epochsWithoutImprovement = 0
                } else {
                    epochsWithoutImprovement += 1
                }
                if epochsWithoutImprovement >= max(stopping.patience, 1), let kept = best {
                    if let saved = kept.parameters {
                        saved.withUnsafeBufferPointer { parameters.update(from: $0.baseAddress!, count: parameterCount) }
                        // The running statistics belong to the weights they were gathered with.
                        for (index, value) in kept.buffers.enumerated() { buffers[index] = value }
                    }
                    outcome = .earlyStopped(bestEpoch: kept.epoch)
                    _ = onEpoch(record)
                    break
                }
            }
            if !onEpoch(record) { break }
            guard epoch < totalEpochs else { break }
            let boundary = TrainingCheckpoint.Position(epoch: epoch, inEpoch: false, nextRow: 0, stepIndex: 0)
            if control.pauseAfterEpoch == epoch { return .paused(checkpoint(at: boundary)) }
            switch control.atBoundary() {
            case .proceed: break
            case .checkpoint: control.save(checkpoint(at: boundary))
            case .pause: return .paused(checkpoint(at: boundary))
            }
        }
        var finalMetrics = evaluate(data, prefix: "train_", perClass: true)
        if let validation { finalMetrics.merge(evaluate(validation, prefix: "val_", perClass: true)) { $1 } }
        if let test { finalMetrics.merge(evaluate(test, prefix: "test_", perClass: true)) { $1 } }
        return .finished(TrainingResult(outcome: outcome, epochs: records,
                                        finalMetrics: finalMetrics.filter { $0.value.isFinite }, network: network))
    }

    /// The whole state at `position` (a boundary of `run` or `runEpoch`).
    private func checkpoint(at position: TrainingCheckpoint.Position) -> TrainingCheckpoint {
        let sums = tally.snapshot, layerSums = statistics.snapshot
        return TrainingCheckpoint(
            fingerprint: fingerprint, position: position, parameters: parameterArray, buffers: bufferArray,
            batchesTracked: batchesTracked, optimizer: optimizer.snapshot, shuffle: shuffler.position,
            dropout: dropoutGenerator.position, order: order, tally: sums.doubles, tallyCounts: sums.counts,
            layerSums: layerSums.sums, layerSteps: layerSums.steps, firstLoss: firstLoss, best: best,
            epochsWithoutImprovement: epochsWithoutImprovement, epochs: records, trainingSeconds: restoredSeconds)
    }

    /// Continues from `saved` instead of the fresh start `init` prepared; throws when it is a
    /// checkpoint of another network, setting or data set, or its parts do not fit this run.
    func restore(_ saved: TrainingCheckpoint) throws {
        guard saved.fingerprint == fingerprint else {
            throw CheckpointError("checkpoint belongs to another network, training setting or data set")
        }
        let position = saved.position
        let isPermutation = saved.order.count == data.count && Set(saved.order).count == data.count
            && saved.order.allSatisfy { $0 >= 0 && $0 < data.count }
        guard saved.parameters.count == parameterCount, saved.buffers.count == layout.bufferCount,
              isPermutation, position.epoch >= 0, position.epoch < max(training.epochs, 0),
              position.nextRow >= 0, position.nextRow <= data.count, position.stepIndex >= 0,
              saved.epochs.count == position.epoch,
              let shuffle = SeededGenerator(position: saved.shuffle), let dropout = SeededGenerator(position: saved.dropout),
              let restoredTally = MetricTally(outputs: spec.outputSize, doubles: saved.tally, counts: saved.tallyCounts),
              let restoredStatistics = LayerStatisticsAccumulator(layout: layout, sums: saved.layerSums,
                                                                  steps: saved.layerSteps),
              saved.best.map({ $0.buffers.count == layout.bufferCount
                  && ($0.parameters?.count ?? parameterCount) == parameterCount }) ?? true,
              optimizer.restore(saved.optimizer)
        else { throw CheckpointError("checkpoint does not fit this run (sizes or positions out of range)") }
        saved.parameters.withUnsafeBufferPointer { parameters.update(from: $0.baseAddress!, count: parameterCount) }
        for (index, value) in saved.buffers.enumerated() { buffers[index] = value }
        batchesTracked = saved.batchesTracked
        shuffler = shuffle
        dropoutGenerator = dropout
        order = saved.order
        tally = restoredTally
        statistics = restoredStatistics
        firstLoss = saved.firstLoss
        best = saved.best
        epochsWithoutImprovement = saved.epochsWithoutImprovement
        records = saved.epochs
        epoch = position.epoch
        resumePoint = position.inEpoch ? (position.nextRow, position.stepIndex) : nil
        restoredSeconds = saved.trainingSeconds
    }

    private func evaluate(_ split: LabeledData, prefix: String, perClass: Bool = false) -> [String: Double] {
        evaluator.metrics(parameters: parameters, buffers: buffers, data: split, prefix: prefix, perClass: perClass)
    }

    /// One pass over the shuffled training data in mini-batches; fills `tally` and `statistics`.
    /// `resumingAt` continues an epoch a checkpoint stopped in (its order shuffled, its sums
    /// restored). Returns nil at the epoch's end, or the position where `control` paused it.
    private func runEpoch(learningRate: Double, resumingAt resume: (row: Int, step: Int)?,
                          control: TrainingControl) -> TrainingCheckpoint.Position? {
        if resume == nil {
            shuffler.shuffleInPlace(&order)
            tally.reset()
            statistics.reset()
        }
        var paused: TrainingCheckpoint.Position?
        let ws = workspace
        let n = data.count
        let batchSize = ws.capacity
        let last = ws.layerCount - 1
        let outputs = spec.outputSize
        let activation = spec.activation
        let clipNorm = training.clipNorm
        let p = parameters, g = gradients
        order.withUnsafeBufferPointer { ordered in
            // Layer statistics are taken on every `stride`-th step (at least 8 steps per epoch, all
            // steps of short epochs): the passes they need cost ~15% of a W1 step when taken always.
            let stepsPerEpoch = (n + batchSize - 1) / batchSize
            let stride = max(1, stepsPerEpoch / LayerStatisticsAccumulator.sampledStepsPerEpoch)
            var start = resume?.row ?? 0, stepIndex = resume?.step ?? 0
            while start < n {
                let batch = min(batchSize, n - start)
                // Batch norm cannot normalise one row (PyTorch raises): a final batch of one is skipped.
                if batch == 1 && hasBatchNorm && start > 0 { break }
                let sampled = stepIndex % stride == 0
                stepIndex += 1
                ws.stage(data, rows: UnsafeBufferPointer(rebasing: ordered[start..<(start + batch)]))
                if hasDropout { ws.drawMasks(batch: batch, using: &dropoutGenerator) }
                if hasBatchNorm { batchesTracked += 1 }
                Propagation.forward(parameters: p, buffers: buffers, activation: activation, workspace: ws, batch: batch,
                                    forTraining: true, epilogues: fusedSteps)
                lossKind.apply(logits: ws.preactivations[last], outputs: outputs, batch: batch, workspace: ws,
                               usesLabels: usesLabels, classWeights: classWeights, gradient: ws.deltas[last], tally: &tally)
                if !tally.lossSum.isFinite { break }
                if fusedSteps && clipNorm == nil && !sampled {
                    // The optimizer step inside the backward pass (Propagation+Fused.swift): same bits.
                    optimizer.beginStep()
                    fusedStepCount += 1
                    Propagation.fusedBackwardAndStep(parameters: p, gradients: g, activation: activation, workspace: ws,
                                                     batch: batch, optimizer: optimizer, learningRate: learningRate)
                } else {
                    referenceBackwardAndStep(batch: batch, sampled: sampled, learningRate: learningRate)
                }
                start += batch
                guard start < n else { break }
                let position = TrainingCheckpoint.Position(epoch: epoch, inEpoch: true, nextRow: start, stepIndex: stepIndex)
                switch control.atBoundary() {
                case .proceed: break
                case .checkpoint: control.save(checkpoint(at: position))
                case .pause: paused = position
                }
                if paused != nil { break }
            }
        }
        return paused
    }

    /// The unfused step, the reference of `Propagation.fusedBackwardAndStep`: the whole backward
    /// pass, the gradient clipping, then the optimizer over every range, with the layer
    /// statistics of a `sampled` step.
    private func referenceBackwardAndStep(batch: Int, sampled: Bool, learningRate: Double) {
        let ws = workspace, p = parameters, g = gradients, saved = previous
        let count = parameterCount, layers = layout.layers
        Propagation.backward(parameters: p, gradients: g, activation: spec.activation, workspace: ws, batch: batch)
        if let clipNorm = training.clipNorm {
            // torch.nn.utils.clip_grad_norm_: scale by max_norm / (norm + 1e-6) when below 1.
            let norm = sumOfSquares(g, count: count).squareRoot()
            let coefficient = Float(min(clipNorm / (norm + 1e-6), 1))
            if coefficient < 1 { for i in 0..<count { g[i] *= coefficient } }
        }
        optimizer.beginStep()
        if sampled { statistics.beginStep() }
        if optimizer.returnsStepSums {
            // Range by range (weights, then bias, then any norm's scale and shift): the
            // statistics come out of the optimizer's own pass over each range.
            for (l, slots) in layers.enumerated() {
                for (index, range) in slots.trainable.enumerated() {
                    let sums = optimizer.apply(p, gradients: g, range: range, learningRate: learningRate)
                    if sampled, let row = statistics.row(layer: l, trainable: index) {
                        statistics.record(row: row, count: range.count, sums: sums)
                    }
                }
            }
        } else {
            // One vector kernel over the whole buffer, the statistics in passes around it.
            if sampled { saved.update(from: p, count: count) }
            _ = optimizer.apply(p, gradients: g, range: 0..<count, learningRate: learningRate)
            for (l, slots) in layers.enumerated() where sampled {
                for (index, range) in slots.trainable.enumerated() {
                    guard let row = statistics.row(layer: l, trainable: index) else { continue }
                    let offset = range.lowerBound, rangeCount = range.count
                    let changes = sumsOfSquares(difference: p + offset, saved + offset, count: rangeCount)
                    statistics.record(row: row, count: rangeCount,
                                      sums: StepSums(gradient: sumOfSquares(g + offset, count: rangeCount),
                                                     update: changes.difference, weight: changes.first))
                }
            }
        }
    }
}
