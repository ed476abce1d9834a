import Foundation

/// Finds the shipped CSV files at run time. The files are not bundled into the binary (SwiftPM
/// resources would tie them to one build folder), so we look where a checkout keeps them:
/// 1. `$GRADBOOK_DATA/<file>` when the variable is set (and only there);
/// 2. `experiments/data/<file>` in the current directory or any of its parents;
/// 3. the same upward from the running executable (`/proc/self/exe`, else `argv[0]`), which covers
///    the built binary run from elsewhere and `swift test`;
/// 4. the same upward from this source file, which covers a build used in place.
enum ShippedDataLocator {
    static let environmentVariable = "GRADBOOK_DATA"

    static func path(of fileName: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let files = FileManager.default
        if let directory = environment[environmentVariable], !directory.isEmpty {
            let candidate = (directory as NSString).appendingPathComponent(fileName)
            guard files.fileExists(atPath: candidate) else {
                throw DatasetError(message: "\(fileName) not found in \(environmentVariable)=\(directory)")
            }
            return candidate
        }
        var searched: [String] = []
        for start in searchStarts() {
            var directory = URL(fileURLWithPath: start, isDirectory: true).standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent("experiments/data/\(fileName)").path
                if files.fileExists(atPath: candidate) { return candidate }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
            searched.append(start)
        }
        throw DatasetError(message: "shipped data file experiments/data/\(fileName) not found above "
            + searched.joined(separator: ", ") + "; set \(environmentVariable) to the folder that holds it")
    }

    private static func searchStarts() -> [String] {
        var starts = [FileManager.default.currentDirectoryPath]
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        if let executable { starts.append((executable as NSString).deletingLastPathComponent) }
        starts.append((#filePath as NSString).deletingLastPathComponent)
        return starts
    }
}
