// What a chart's pixels depend on besides its data: the drawing code, the fonts and the PNG encoder.
// A report that keeps a chart drawn earlier (see the Report module's `ChartCache`) compares this
// identity too, so a rebuilt gradbook, another font file or another libpng redraws every chart.
import CPNG
import Foundation

public enum ChartStyle {
    /// The executable (path, size, modification time: any rebuild changes it), the font files the
    /// charts would use and the libpng run-time version. Computed once per process.
    public static let identity: String = {
        var parts = ["gradbook-charts-1"]
        parts.append(fileIdentity(executablePath()))
        let folders = TextEngine.standardFolders()
        for font in ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"] {
            parts.append(TextEngine.findFont(font, folders: folders).map(fileIdentity) ?? "\(font) missing")
        }
        parts.append("libpng \(png_access_version_number())")
        parts.append("\(ChartRenderer.defaultWidth)x\(ChartRenderer.defaultHeight)@\(ChartRenderer.defaultScale)")
        return parts.joined(separator: "\n")
    }()

    static func executablePath() -> String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments.first ?? "unknown executable"
    }

    /// `path size mtime` (nanoseconds where the file system keeps them); `path unreadable` if stat fails.
    static func fileIdentity(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "\(path) unreadable" }
        #if os(Linux)
        let modified = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        #else
        let modified = "\(info.st_mtimespec.tv_sec).\(info.st_mtimespec.tv_nsec)"
        #endif
        return "\(path) \(info.st_size) \(info.st_ino) \(modified)"
    }
}
