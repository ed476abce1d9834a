import Core

/// A value quoted in a markdown cell, `{{ lr-width.best.val_accuracy | 3 }}`: the loader checks
/// every reference before anything runs and the report fills it in from the stored runs. This is
/// the one grammar both read (`InlineValue.scan`).
///
///     {{ EXPERIMENT.runs }}              finished runs (records) of the experiment
///     {{ EXPERIMENT.planned }}           runs the plan holds
///     {{ EXPERIMENT.diverged }}          runs that diverged
///     {{ EXPERIMENT.failed }}            runs that failed, diverged or timed out
///     {{ EXPERIMENT.best.METRIC }}       the best variant's mean of METRIC over its seeds
///     {{ EXPERIMENT.best.interval }}     95% interval of that mean for the ranking metric
///     {{ EXPERIMENT.best.seeds }}        how many seeds the best variant's mean is over
///     {{ EXPERIMENT.best.label }}        the best variant, as tables show it (`lr=0.01 act=relu`)
///     {{ EXPERIMENT.best.params.PARAM }} a swept parameter's value in the best variant
///
/// "Best" is the ranked results table's first row. Formats after `|`: `3` significant digits,
/// `%` a percentage (3 significant digits), `2%` a percentage with 2.
public struct InlineValue: Sendable, Hashable {
    public enum Quantity: Sendable, Hashable {
        case runs, planned, diverged, failed
        case bestMetric(String)
        case bestInterval
        case bestSeeds
        case bestLabel
        /// As written (a short name such as `lr`); `Experiment.lookUpParameter` resolves it.
        case bestParameter(String)

        /// Counts and labels are not numbers a format could round.
        public var isFormattable: Bool {
            switch self {
            case .bestMetric, .bestInterval, .bestParameter: return true
            case .runs, .planned, .diverged, .failed, .bestSeeds, .bestLabel: return false
            }
        }
    }

    public enum Format: Sendable, Hashable {
        case standard
        case significant(Int)
        case percent(significant: Int)
    }

    public var experiment: String
    public var quantity: Quantity
    public var format: Format
    /// Offsets in Unicode scalars from the start of the text (libyaml counts columns in them):
    /// the whole `{{ ... }}`, the experiment name, the name after it (metric or parameter) and
    /// the format.
    public var range: Range<Int>
    /// How many `{{` come before this one in the text.
    public var ordinal = 0
    public var experimentOffset: Int
    public var nameOffset: Int
    public var formatOffset: Int?

    /// The references in a text, and the problems of the ones that do not parse.
    public static func scan(_ text: String) -> (values: [InlineValue], problems: [Problem]) {
        let scalars = Array(text.unicodeScalars)
        var values: [InlineValue] = []
        var problems: [Problem] = []
        var index = 0
        while index + 1 < scalars.count {
            guard scalars[index] == "{", scalars[index + 1] == "{" else { index += 1; continue }
            let start = index
            var end = start + 2
            while end + 1 < scalars.count, !(scalars[end] == "}" && scalars[end + 1] == "}") { end += 1 }
            guard end + 1 < scalars.count else {
                problems.append(Problem(ordinal: values.count + problems.count, start: start, end: scalars.count, offset: start,
                                        message: "'{{' without a closing '}}'; an inline value reads {{ experiment.best.metric }}"))
                break
            }
            switch parse(scalars, from: start + 2, to: end) {
            case .success(let parsed):
                var value = parsed
                value.range = start..<(end + 2)
                value.ordinal = values.count + problems.count
                values.append(value)
            case .failure(var problem):
                problem.ordinal = values.count + problems.count
                problem.start = start
                problem.end = end + 2
                problems.append(problem)
            }
            index = end + 2
        }
        return (values, problems)
    }

    /// A reference that does not parse: `offset` is where the problem is, in the text's scalars.
    public struct Problem: Error, Sendable {
        public var ordinal = 0
        public var start = 0
        public var end = 0
        public var offset: Int
        public var message: String
    }

    static let grammar = "expected {{ experiment.best.METRIC }}, {{ experiment.best.params.PARAMETER }}, {{ experiment.best.label }}, "
        + "{{ experiment.best.interval }}, {{ experiment.best.seeds }}, {{ experiment.runs }}, .planned, .diverged or .failed"
    public static let topLevelWords = ["runs", "planned", "diverged", "failed", "best"]
    public static let bestWords = ["interval", "seeds", "label", "params"]

    /// The inside of `{{ ... }}`, scalars `from..<to` of the text.
    private static func parse(_ scalars: [Unicode.Scalar], from: Int, to: Int) -> Result<InlineValue, Problem> {
        func offset(skippingSpaceFrom position: Int) -> Int {
            var at = position
            while at < to, scalars[at].properties.isWhitespace { at += 1 }
            return at
        }
        let body = offset(skippingSpaceFrom: from)
        var bar = body
        while bar < to, scalars[bar] != "|" { bar += 1 }
        var expressionEnd = bar
        while expressionEnd > body, scalars[expressionEnd - 1].properties.isWhitespace { expressionEnd -= 1 }
        let expression = String(String.UnicodeScalarView(scalars[body..<expressionEnd]))
        guard !expression.isEmpty else { return .failure(Problem(offset: from - 2, message: "empty inline value; \(grammar)")) }
        if let space = expression.unicodeScalars.firstIndex(where: { $0.properties.isWhitespace }) {
            let at = body + expression.unicodeScalars.distance(from: expression.unicodeScalars.startIndex, to: space)
            return .failure(Problem(offset: at, message: "an inline value is one dotted name without spaces; \(grammar)"))
        }
        // Dotted parts with their offsets; the experiment name never holds a dot.
        var parts: [(text: String, offset: Int)] = []
        var partStart = body
        for at in body...expressionEnd where at == expressionEnd || scalars[at] == "." {
            parts.append((String(String.UnicodeScalarView(scalars[partStart..<at])), partStart))
            partStart = at + 1
        }
        /// Parts from `index` on, joined again (a per-class metric may hold a dot in its class).
        func rest(_ index: Int) -> String { parts[index...].map(\.text).joined(separator: ".") }
        guard parts.count >= 2, !parts[0].text.isEmpty else {
            return .failure(Problem(offset: body, message: "'\(expression)' names no value; \(grammar)"))
        }
        let quantity: Quantity
        var nameOffset = parts[1].offset
        switch parts[1].text {
        case "runs", "planned", "diverged", "failed":
            guard parts.count == 2 else { return .failure(Problem(offset: parts[2].offset, message: "'\(parts[1].text)' takes nothing after it; \(grammar)")) }
            quantity = ["runs": .runs, "planned": .planned, "diverged": .diverged, "failed": .failed][parts[1].text]!
        case "best":
            guard parts.count >= 3, !rest(2).isEmpty else {
                return .failure(Problem(offset: parts[1].offset, message: "'best' needs a metric or 'params.NAME' after it, as in {{ \(parts[0].text).best.val_accuracy }}"))
            }
            nameOffset = parts[2].offset
            switch parts[2].text {
            case "interval" where parts.count == 3: quantity = .bestInterval
            case "seeds" where parts.count == 3: quantity = .bestSeeds
            case "label" where parts.count == 3: quantity = .bestLabel
            case "params":
                guard parts.count >= 4, !rest(3).isEmpty else {
                    return .failure(Problem(offset: parts[2].offset, message: "'params' needs a parameter name after it, as in {{ \(parts[0].text).best.params.learning_rate }}"))
                }
                nameOffset = parts[3].offset
                quantity = .bestParameter(rest(3))
            default:
                quantity = .bestMetric(rest(2))
            }
        default:
            let word = parts[1].text
            return .failure(Problem(offset: parts[1].offset,
                                    message: "unknown inline value '\(word)'\(EditDistance.suggestion(for: word, in: topLevelWords)); \(grammar)"))
        }
        var format = Format.standard
        var formatOffset: Int?
        if bar < to {
            let start = offset(skippingSpaceFrom: bar + 1)
            var end = to
            while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
            let text = String(String.UnicodeScalarView(scalars[start..<end]))
            formatOffset = start
            guard let parsed = parseFormat(text) else {
                return .failure(Problem(offset: start, message: "unknown format '\(text)' after '|'; write a number of significant digits (1 to 15, as in '| 3'), '%' or a percentage with digits ('| 2%')"))
            }
            guard quantity.isFormattable else {
                return .failure(Problem(offset: start, message: "'\(expression)' is a count or a label; a number format does not apply to it"))
            }
            format = parsed
        }
        return .success(InlineValue(experiment: parts[0].text, quantity: quantity, format: format, range: 0..<0,
                                    experimentOffset: parts[0].offset, nameOffset: nameOffset, formatOffset: formatOffset))
    }

    static func parseFormat(_ text: String) -> Format? {
        if text == "%" { return .percent(significant: 3) }
        if text.hasSuffix("%") {
            guard let digits = Int(text.dropLast().trimmingCharacters(in: .whitespaces)), (1...15).contains(digits) else { return nil }
            return .percent(significant: digits)
        }
        guard let digits = Int(text), (1...15).contains(digits) else { return nil }
        return .significant(digits)
    }
}
