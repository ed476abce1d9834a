import Core
import Notebook

/// A search method proposes points of a space and learns from their results: ask / tell.
///
/// The contract every method keeps, so that a search is a pure function of its notebook (the same
/// proposals on any machine, shard, `--jobs` or resume):
/// - `ask()` returns the next batch of points, each proposed once, or `.wait` when it needs the
///   results of points it has already proposed, or `.done` when it will propose nothing more.
///   A grid or random search answers its whole plan at the first ask and `.done` after.
/// - Proposals depend only on the space, the method's settings and the *set* of observations of
///   earlier batches: never on the order `tell` is called in, on timing, or on which worker ran a
///   run. An adaptive method proposes in fixed rounds and decides round k + 1 only once every point
///   of round k has been told (sorting observations by proposal order before it uses them).
/// - Proposals are prefix-stable: asking for more (a larger `count`) first repeats the earlier
///   proposals, so continuing a search reuses every finished run.
/// - A point's identity is its values; the variant it becomes is the notebook's to decide.
public protocol SearchMethod {
    /// The space the method proposes points of.
    var space: SearchSpace { get }
    /// The next batch of points, `.wait` or `.done`.
    mutating func ask() -> Proposal
    /// The result of one run of a proposed point (one per seed when a point has several).
    mutating func tell(_ observation: Observation)
    /// `ask()`, except that a new round is `stored` (what another process proposed from the same
    /// observations, read from its round file) instead of the method's own proposal: so the tasks
    /// of a sharded search train the round the first of them wrote, even if another build or libm
    /// would round a last bit differently. `.wait` and `.done` are the method's own answers.
    mutating func ask(adopting stored: [SearchPoint]) -> Proposal
}

extension SearchMethod {
    /// Methods whose proposals do not depend on observations have nothing to adopt.
    public mutating func ask(adopting stored: [SearchPoint]) -> Proposal { ask() }
}

/// A search method's answer to `ask()`.
public enum Proposal: Sendable, Hashable {
    /// Points to run now.
    case points([SearchPoint])
    /// Nothing can be proposed until points already proposed have been told.
    case wait
    /// The search is over.
    case done
}

/// The result of one run of a proposed point, as a search method sees it.
public struct Observation: Sendable, Hashable {
    public var point: SearchPoint
    /// The training seed of this run (a point runs once per seed).
    public var seed: Int
    /// The ranking metric's final value; nil when the run has none that ranks it (failed, timed
    /// out, diverged). How such runs count is the method's decision. For a run hyperband
    /// terminated, the value its cohort ranked it by at `band`.
    public var value: Double?
    public var status: RunStatus
    /// The band (epoch) a `terminated` run was cut at; nil for a run that ended on its own.
    public var band: Int?

    public init(point: SearchPoint, seed: Int = 0, value: Double?, status: RunStatus = .ok, band: Int? = nil) {
        self.point = point
        self.seed = seed
        self.value = value
        self.status = status
        self.band = band
    }
}
