import Core

/// The notebook keys as the docs list them (`docs/notebook-keys.md`), generated from the schema
/// table so the docs can never drift from what the reader accepts; a test compares the two.
public enum KeyReference {
    public static var markdown: String {
        var lines = [
            "# Notebook keys",
            "",
            "Generated from the schema table (`Sources/Notebook/Schema/ConfigSchema.swift`); a test keeps this",
            "page equal to it. *Operational* keys do not change a variant's id: changing them retrains nothing.",
            "",
            "| key | accepts | default | label | role | meaning |",
            "|---|---|---|---|---|---|",
        ]
        let defaults = RunConfig()
        for section in ConfigSchema.sections {
            for key in section.keys {
                lines.append(row("\(section.name).\(key.name)", key.accepts, defaultText(key.resolve(defaults), section.name),
                                 key.label, key.role, key.meaning))
            }
            if section.name == "training" {
                let stopping = RunConfig.EarlyStopping()
                for key in ConfigSchema.earlyStopping {
                    lines.append(row("training.early_stopping.\(key.name)", key.accepts, defaultText(key.resolve(stopping), ""),
                                     key.label, key.role, key.meaning))
                }
            }
        }
        lines += ["", "## Experiment keys: `early_terminate` (hyperband)", "",
                  "| key | accepts | default | role | meaning |", "|---|---|---|---|---|"]
        for key in ConfigSchema.earlyTerminate {
            lines.append("| `early_terminate.\(key.name)` | \(key.accepts) | \(defaultText(key.resolve(Hyperband()), "")) | operational | \(key.meaning) |")
        }
        lines += ["", "## Top-level keys", "", "| key | accepts | meaning |", "|---|---|---|"]
        for key in NotebookLoader.topLevelKeys { lines.append("| `\(key.name)` | \(key.accepts) | \(key.meaning) |") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row<Root>(_ path: String, _ accepts: String, _ standard: String, _ label: String?,
                                  _ role: ConfigKey<Root>.Role, _ meaning: String) -> String {
        let roleText = role == .trained ? "trained" : "operational"
        return "| `\(path)` | \(accepts) | \(standard) | \(label.map { "`\($0)`" } ?? "") | \(roleText) | \(meaning) |"
    }

    private static func defaultText(_ value: ConfigValue, _ section: String) -> String {
        if section == "metric" { return "from the task" }
        switch value {
        case .null: return "none"
        default: return "`\(value.canonicalJSON.replacingOccurrences(of: "\"", with: ""))`"
        }
    }
}
