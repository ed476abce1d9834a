/// The one grammar of durations, shared by notebooks (`training.timeout: 1h30m`) and options
/// (`--timeout 90s`, `--time` of `gradbook slurm`): a plain number of seconds, or numbers each
/// followed by a unit `s`, `m` or `h` (`90s`, `10m`, `1.5h`, `1h30m`). Always positive and finite.
public enum DurationGrammar {
    /// Seconds, or nil when `text` is not a positive duration.
    public static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let plain = Double(trimmed) { return plain.isFinite && plain > 0 ? plain : nil }
        var total = 0.0
        var number = ""
        for character in trimmed {
            if character.isASCII && (character.isNumber || character == ".") {
                number.append(character)
                continue
            }
            let scale: Double
            switch character {
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            default: return nil
            }
            guard let amount = Double(number), amount.isFinite else { return nil }
            total += amount * scale
            number = ""
        }
        guard number.isEmpty, total.isFinite, total > 0 else { return nil }
        return total
    }

    /// What to tell a user whose duration did not parse.
    public static let expected = "a duration such as 90s, 10m, 1h30m or a number of seconds"
}
