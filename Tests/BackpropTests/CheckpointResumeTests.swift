import Testing
@testable import Backprop
import Core

/// A run paused at any boundary and continued from its checkpoint (through the file format)
/// gives the same bits as a run never paused: curves, outcome, final metrics, weights, buffers.
struct CheckpointResumeTests {
    /// 37 rows of three noisy classes: batches of 8 leave a last batch of 5 (a ragged epoch).
    static func data(rows: Int = 37, seed: UInt64) -> LabeledData {
        var generator = SeededGenerator(seed: seed)
        var inputs = Matrix(rows: rows, columns: 3)
        var labels: [Int32] = []
        for row in 0..<rows {
            let label = row % 3
            for column in 0..<3 {
                inputs[row, column] = Float((column == label ? 1.5 : 0) + generator.nextGaussian() * 0.8)
            }
            labels.append(Int32(label))
        }
        return LabeledData(inputs: inputs, targets: .classes(labels: labels, classCount: 3))
    }

    static let spec = NetworkSpec(inputSize: 3, hidden: [6, 5], outputSize: 3, activation: .relu, head: .softmax,
                                  dropout: [0.2, 0.1], norm: .batch)

    static func training(_ optimizer: OptimizerKind, epochs: Int = 9, stopping: Bool = true) -> TrainingSpec {
        TrainingSpec(optimizer: optimizer, learningRate: 0.02, weightDecay: 0.001, clipNorm: 2, batchSize: 8,
                     epochs: epochs, schedule: ScheduleSpec(kind: .cosine, warmupEpochs: 2),
                     earlyStopping: stopping ? EarlyStoppingSpec(patience: 2, minDelta: 0, restoreBest: true) : nil, seed: 5)
    }

    /// Trains, pausing at every `every`-th boundary and resuming from the re-read file each time.
    static func pausedRun(_ training: TrainingSpec, train: LabeledData, validation: LabeledData,
                          every: Int) throws -> (TrainingResult, pauses: Int) {
        var checkpoint: TrainingCheckpoint?
        var pauses = 0
        while true {
            var boundaries = 0
            let control = TrainingControl(atBoundary: {
                boundaries += 1
                return boundaries % every == 0 ? .pause : .proceed
            })
            let progress = try Trainer.train(network: spec, training: training, data: train, validation: validation,
                                             from: checkpoint, control: control)
            switch progress {
            case .finished(let result): return (result, pauses)
            case .paused(let saved):
                pauses += 1
                let bytes = saved.encoded()
                let reread = try TrainingCheckpoint(decoding: bytes)
                #expect(reread == saved)
                checkpoint = reread
            }
        }
    }

    @Test(arguments: [OptimizerKind.adam, .nadam, .momentum, .rmsprop, .adagrad])
    func pausingAtEveryBoundaryChangesNoBit(optimizer: OptimizerKind) throws {
        let train = Self.data(seed: 1), validation = Self.data(rows: 12, seed: 2)
        let training = Self.training(optimizer)
        let straight = Trainer.train(network: Self.spec, training: training, data: train, validation: validation)
        for every in [1, 3] {
            let (resumed, pauses) = try Self.pausedRun(training, train: train, validation: validation, every: every)
            #expect(pauses > 4)
            #expect(resumed.outcome == straight.outcome)
            #expect(resumed.epochs == straight.epochs)
            #expect(resumed.finalMetrics == straight.finalMetrics)
            #expect(resumed.network.parameters.map(\.bitPattern) == straight.network.parameters.map(\.bitPattern))
            #expect(resumed.network.buffers.map(\.bitPattern) == straight.network.buffers.map(\.bitPattern))
            #expect(resumed.network.batchesTracked == straight.network.batchesTracked)
        }
    }

    @Test func earlyStoppingFiresAndRestoresAcrossResumes() throws {
        // Validation labels opposite to training: the validation loss rises, early stopping fires.
        let train = Self.data(seed: 1)
        let flipped = LabeledData(inputs: train.inputs, targets: .classes(labels: (0..<37).map { Int32((($0 % 3) + 1) % 3) },
                                                                          classCount: 3))
        let training = Self.training(.adam, epochs: 40)
        let straight = Trainer.train(network: Self.spec, training: training, data: train, validation: flipped)
        guard case .earlyStopped = straight.outcome else {
            Issue.record("expected early stopping, got \(straight.outcome)")
            return
        }
        let (resumed, _) = try Self.pausedRun(training, train: train, validation: flipped, every: 2)
        #expect(resumed.outcome == straight.outcome)
        #expect(resumed.epochs == straight.epochs)
        #expect(resumed.finalMetrics == straight.finalMetrics)
        #expect(resumed.network.parameters == straight.network.parameters)
    }

    @Test func checkpointsHandedToSaveResumeLikePauses() throws {
        let train = Self.data(seed: 3)
        let training = Self.training(.adamw, stopping: false)
        var saved: [TrainingCheckpoint] = []
        let control = TrainingControl(atBoundary: { .checkpoint }, save: { saved.append($0) })
        let straight = try Trainer.train(network: Self.spec, training: training, data: train, validation: nil,
                                         from: nil, control: control).result!
        // 9 epochs of 5 steps: 4 boundaries inside each epoch, 8 between epochs.
        #expect(saved.count == 9 * 4 + 8)
        for checkpoint in [saved[0], saved[17], saved[saved.count - 1]] {
            let resumed = try Trainer.train(network: Self.spec, training: training, data: train, validation: nil,
                                            from: checkpoint, control: .uninterrupted).result!
            #expect(resumed.epochs == straight.epochs)
            #expect(resumed.network.parameters == straight.network.parameters)
        }
    }

    @Test func pauseAfterEpochStopsAtThatEpoch() throws {
        let train = Self.data(seed: 4)
        let training = Self.training(.sgd, stopping: false)
        let paused = try Trainer.train(network: Self.spec, training: training, data: train, validation: nil, from: nil,
                                       control: TrainingControl(pauseAfterEpoch: 3))
        guard case .paused(let checkpoint) = paused else { Issue.record("expected a pause"); return }
        #expect(checkpoint.completedEpochs == 3)
        #expect(checkpoint.position == .init(epoch: 3, inEpoch: false, nextRow: 0, stepIndex: 0))
        let rest = try Trainer.train(network: Self.spec, training: training, data: train, validation: nil,
                                     from: checkpoint, control: .uninterrupted).result!
        let straight = Trainer.train(network: Self.spec, training: training, data: train, validation: nil)
        #expect(rest.epochs == straight.epochs)
        #expect(rest.network.parameters == straight.network.parameters)
    }

    @Test func damagedOrForeignCheckpointsAreRefused() throws {
        let train = Self.data(seed: 1)
        let training = Self.training(.adam)
        let paused = try Trainer.train(network: Self.spec, training: training, data: train, validation: nil, from: nil,
                                       control: TrainingControl(pauseAfterEpoch: 1))
        guard case .paused(let checkpoint) = paused else { Issue.record("expected a pause"); return }
        let bytes = checkpoint.encoded()
        var flipped = bytes
        flipped[bytes.count - 9] ^= 0x10
        #expect(throws: CheckpointError.self) { try TrainingCheckpoint(decoding: flipped) }
        #expect(throws: CheckpointError.self) { try TrainingCheckpoint(decoding: Array(bytes.prefix(bytes.count / 2))) }
        #expect(throws: CheckpointError.self) { try TrainingCheckpoint(decoding: []) }
        var newer = bytes
        newer[8] = 2
        #expect((try? TrainingCheckpoint(decoding: newer)) == nil)
        // Another learning rate: the same shapes, a different run.
        var other = training
        other.learningRate = 0.03
        #expect(throws: CheckpointError.self) {
            try Trainer.train(network: Self.spec, training: other, data: train, validation: nil, from: checkpoint,
                              control: .uninterrupted)
        }
        // Threads change no number, so a checkpoint carries over.
        var threaded = training
        threaded.threads = 2
        _ = try Trainer.train(network: Self.spec, training: threaded, data: train, validation: nil, from: checkpoint,
                              control: .uninterrupted)
    }
}
