import Foundation
import Notebook
import Search

/// Loading and validating notebooks: one file, or every `*.yaml` of a folder. Everything is
/// checked before anything is created; problems come back all at once as `InvalidInput`.
public enum NotebookInput {
    /// One notebook, validated against the shipped data sets.
    public static func load(file: String) throws(InvalidInput) -> NotebookDocument {
        do {
            return try NotebookLoader.load(path: file, catalog: .shipped)
        } catch let errors as NotebookErrors {
            throw InvalidInput(errors.description)
        } catch let diagnostic as NotebookDiagnostic {
            throw InvalidInput(diagnostic.description)
        } catch {
            throw InvalidInput("error: \(file): \(error)")
        }
    }

    /// One notebook, validated, then preflighted (its data opened, its variants' memory
    /// estimated) against `budget`; the preflight's warnings come back beside it.
    public static func load(file: String, budget: Preflight.Budget) throws(InvalidInput) -> (NotebookDocument, warnings: [String]) {
        let document = try load(file: file)
        return (document, document.warnings.map(\.description) + (try Preflight.require([document], budget: budget)))
    }

    /// What `gradbook validate` reports about one file.
    public struct Check: Sendable {
        public var file: String
        /// The valid notebook, or nil when `problems` says why not.
        public var document: NotebookDocument?
        public var problems: [String]
        /// Warnings and notes of a valid notebook: the loader's (`file:line:col: warning: ...`),
        /// then the preflight's (a model that fits only with fewer jobs, ...).
        public var warnings: [String] = []
    }

    /// Checks every file independently (a broken one does not hide the next one's problems);
    /// with a `budget`, each valid notebook is preflighted too.
    public static func check(files: [String], budget: Preflight.Budget? = nil) -> [Check] {
        files.map { file in
            do {
                guard let budget else {
                    let document = try load(file: file)
                    return Check(file: file, document: document, problems: [], warnings: document.warnings.map(\.description))
                }
                let (document, warnings) = try load(file: file, budget: budget)
                return Check(file: file, document: document, problems: [], warnings: warnings)
            } catch let invalid as InvalidInput {
                return Check(file: file, document: nil, problems: invalid.messages)
            } catch {
                return Check(file: file, document: nil, problems: ["error: \(file): \(error)"])
            }
        }
    }

    public static func isFolder(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// The notebook at `path`, or every notebook of the folder at `path` (sorted by name). Two
    /// notebooks that would write the same output folder are an error too.
    public static func loadAll(path: String) throws(InvalidInput) -> [NotebookDocument] {
        var paths = [path]
        if isFolder(path) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            paths = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                .map { path.hasSuffix("/") ? path + $0 : "\(path)/\($0)" }
            if paths.isEmpty { throw InvalidInput("error: \(path): no notebooks (*.yaml) in this folder") }
        } else if !FileManager.default.fileExists(atPath: path) {
            throw InvalidInput("error: \(path): no such notebook")
        }
        var notebooks: [NotebookDocument] = []
        var problems: [String] = []
        for check in check(files: paths) {
            if let document = check.document { notebooks.append(document) }
            problems += check.problems
        }
        var stems: [String: String] = [:]
        for notebook in notebooks {
            if let other = stems[notebook.stem] {
                problems.append("error: \(notebook.path): its output folder '\(notebook.stem)' is also \(other)'s")
            }
            stems[notebook.stem] = notebook.path
        }
        guard problems.isEmpty else { throw InvalidInput(problems) }
        return notebooks
    }

    /// `loadAll`, then one preflight over every notebook (a data set shared by two notebooks is
    /// opened once); the preflight's warnings come back beside the notebooks.
    public static func loadAll(path: String, budget: Preflight.Budget) throws(InvalidInput) -> (notebooks: [NotebookDocument], warnings: [String]) {
        let notebooks = try loadAll(path: path)
        let loading = notebooks.flatMap { $0.warnings.map(\.description) }
        return (notebooks, loading + (try Preflight.require(notebooks, budget: budget)))
    }
}
