// The memory behind a canvas. A report draws several charts of the same size one after another on
// each thread; mapping and zeroing ~13 MB per chart and unmapping it again cost a sixth of the report's
// time in page faults, so finished canvases hand their storage back and the next canvas reuses it.
import Foundation

final class CanvasStorage {
    let width: Int
    let height: Int
    /// RGBA8, `width * height * 4` bytes; the next canvas paints its background over it.
    let pixels: UnsafeMutablePointer<UInt8>
    /// Signed coverage deltas, `(width + 2) * height`; all zero whenever the storage is unused.
    let cells: UnsafeMutablePointer<Float>
    /// Per row, the first and last cell touched by a pending shape; max/min when untouched.
    let rowMin: UnsafeMutablePointer<Int32>
    let rowMax: UnsafeMutablePointer<Int32>

    private init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = .allocate(capacity: width * height * 4)
        cells = .allocate(capacity: (width + 2) * height)
        cells.initialize(repeating: 0, count: (width + 2) * height)
        rowMin = .allocate(capacity: height)
        rowMin.initialize(repeating: Int32.max, count: height)
        rowMax = .allocate(capacity: height)
        rowMax.initialize(repeating: Int32.min, count: height)
    }

    deinit {
        pixels.deallocate()
        cells.deallocate()
        rowMin.deallocate()
        rowMax.deallocate()
    }

    /// Storage of this size from the pool, or new storage.
    static func take(width: Int, height: Int) -> CanvasStorage {
        pool.take(width: width, height: height) ?? CanvasStorage(width: width, height: height)
    }

    /// Returns storage whose cells and row bounds are back in their untouched state.
    static func recycle(_ storage: CanvasStorage) { pool.put(storage) }

    private static let pool = Pool()

    /// A few idle storages (one per drawing thread is what a report needs), shared under a lock.
    private final class Pool: @unchecked Sendable {
        static let limit = 4
        private let lock = NSLock()
        private var idle: [CanvasStorage] = []

        func take(width: Int, height: Int) -> CanvasStorage? {
            lock.lock()
            defer { lock.unlock() }
            guard let index = idle.firstIndex(where: { $0.width == width && $0.height == height }) else { return nil }
            return idle.remove(at: index)
        }

        func put(_ storage: CanvasStorage) {
            lock.lock()
            defer { lock.unlock() }
            if idle.count >= Self.limit { idle.removeFirst() }
            idle.append(storage)
        }
    }
}
