/// Shares of variance as horizontal bars, largest first: parameters, pairs of parameters, the
/// higher-order interactions and the seed noise (or what an estimate leaves unexplained).
public struct ImportanceChart: Sendable {
    public enum Kind: Sendable, Equatable {
        case parameter, pair, remainder
    }

    public struct Bar: Sendable, Equatable {
        public var label: String
        /// A share in [0, 1].
        public var share: Double
        public var kind: Kind
        public init(label: String, share: Double, kind: Kind) {
            self.label = label
            self.share = share
            self.kind = kind
        }
    }

    public var title: String
    public var subtitle: String?
    public var bars: [Bar]

    public init(title: String, subtitle: String? = nil, bars: [Bar]) {
        self.title = title
        self.subtitle = subtitle
        self.bars = bars
    }
}
