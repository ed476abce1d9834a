// What the Report module hands to the chart kinds. Plain numbers and labels,
// already aggregated (means over seeds, best-first order); the Charts module decides the look.

/// One variant's loss curves, aggregated over its seeds.
public struct LossCurve: Sendable, Equatable {
    public var label: String
    /// Mean validation loss per epoch (index 0 = epoch 1); empty when there is no validation split.
    public var validation: [Double]
    /// Min and max over seeds per epoch (drawn as a band); nil with a single seed.
    public var validationMin: [Double]?
    public var validationMax: [Double]?
    /// Mean training loss per epoch.
    public var training: [Double]
    /// Epoch at which (some seed of) this variant diverged: the curve ends in a marker there.
    public var divergedAtEpoch: Int?
    /// Epoch at which a hyperband band cut this variant: the truncated curve ends in a marker there.
    public var terminatedAtEpoch: Int?
    /// Drawn in colour and named in the legend; the rest are light grey context.
    public var highlighted: Bool

    public init(label: String, validation: [Double], validationMin: [Double]? = nil, validationMax: [Double]? = nil,
                training: [Double], divergedAtEpoch: Int? = nil, highlighted: Bool = true, terminatedAtEpoch: Int? = nil) {
        self.terminatedAtEpoch = terminatedAtEpoch
        self.label = label
        self.validation = validation
        self.validationMin = validationMin
        self.validationMax = validationMax
        self.training = training
        self.divergedAtEpoch = divergedAtEpoch
        self.highlighted = highlighted
    }
}

public struct LossChart: Sendable {
    public var title: String
    public var yLabel: String
    /// Best first.
    public var curves: [LossCurve]
    public init(title: String, yLabel: String = "loss", curves: [LossCurve]) {
        self.title = title
        self.yLabel = yLabel
        self.curves = curves
    }
}

public enum AxisValue: Sendable, Hashable {
    case number(Double)
    case category(String)
}

/// The final metric of one run against the value of one swept parameter.
public struct ParameterPoint: Sendable, Equatable {
    public var x: AxisValue
    public var y: Double
    /// The value of a second swept parameter, used for colour; nil when only one is swept.
    public var group: String?
    public init(x: AxisValue, y: Double, group: String? = nil) {
        self.x = x
        self.y = y
        self.group = group
    }
}

public struct MetricVsParameterChart: Sendable {
    public var title: String
    public var parameterName: String
    public var metricName: String
    /// Force a log x axis (log-distributed parameter); otherwise chosen from the data's span.
    public var logX: Bool
    public var groupName: String?
    public var points: [ParameterPoint]
    /// The order of the x categories (e.g. as the notebook declares them); categories not listed
    /// follow in order of appearance. Empty: order of appearance.
    public var categoryOrder: [String]
    /// The order of the colour groups (legend and palette), likewise.
    public var groupOrder: [String]
    /// A numeric parameter with many distinct values (random or adaptive search): the trend is the
    /// median per bin with an interquartile band (`BinnedTrend`), not a line through every value.
    public var binnedTrend: Bool
    public init(title: String, parameterName: String, metricName: String, logX: Bool = false,
                groupName: String? = nil, points: [ParameterPoint], categoryOrder: [String] = [], groupOrder: [String] = [],
                binnedTrend: Bool = false) {
        self.binnedTrend = binnedTrend
        self.title = title
        self.parameterName = parameterName
        self.metricName = metricName
        self.logX = logX
        self.groupName = groupName
        self.points = points
        self.categoryOrder = categoryOrder
        self.groupOrder = groupOrder
    }
}

public struct HeatmapChart: Sendable {
    public var title: String
    public var xName: String
    public var yName: String
    public var xLabels: [String]
    public var yLabels: [String]
    /// values[y][x]: mean metric; nil where no run finished.
    public var values: [[Double?]]
    public var metricName: String
    public var higherIsBetter: Bool
    public init(title: String, xName: String, yName: String, xLabels: [String], yLabels: [String],
                values: [[Double?]], metricName: String, higherIsBetter: Bool) {
        self.title = title
        self.xName = xName
        self.yName = yName
        self.xLabels = xLabels
        self.yLabels = yLabels
        self.values = values
        self.metricName = metricName
        self.higherIsBetter = higherIsBetter
    }
}

/// Gradient RMS per layer over epochs for a few variants, and the first epoch's profile by depth.
public struct GradientFlowChart: Sendable {
    public struct Variant: Sendable, Equatable {
        public var label: String
        /// perLayer[layer][epoch - 1]: gradient RMS (layer 0 = first hidden layer, last = output).
        public var perLayer: [[Double]]
        /// normScale[i][epoch - 1], normShift[i][epoch - 1]: gradient RMS of the scale and the shift
        /// of the norm after hidden layer i (empty without norms), drawn in layer i's colour.
        public var normScale: [[Double]]
        public var normShift: [[Double]]
        public init(label: String, perLayer: [[Double]], normScale: [[Double]] = [], normShift: [[Double]] = []) {
            self.label = label
            self.perLayer = perLayer
            self.normScale = normScale
            self.normShift = normShift
        }
    }
    public var title: String
    /// Best first.
    public var variants: [Variant]
    public init(title: String, variants: [Variant]) {
        self.title = title
        self.variants = variants
    }
}
