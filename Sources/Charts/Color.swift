// Colours, the colour-blind-safe categorical palette and the viridis colour map.
import Foundation

/// A straight (not premultiplied) 8-bit RGBA colour; `a` scales the coverage when drawing.
public struct RGBA: Sendable, Equatable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8
    public var a: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8 = 255) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    /// `0xRRGGBB`, opaque.
    public init(hex: UInt32) {
        self.init(UInt8((hex >> 16) & 0xFF), UInt8((hex >> 8) & 0xFF), UInt8(hex & 0xFF))
    }

    public func withAlpha(_ alpha: Double) -> RGBA {
        RGBA(r, g, b, UInt8(max(0, min(255, (alpha * 255).rounded()))))
    }

    /// Relative luminance (WCAG), used to pick black or white text on a filled cell.
    public var luminance: Double {
        func channel(_ c: UInt8) -> Double {
            let v = Double(c) / 255
            return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    public static let white = RGBA(255, 255, 255)
    public static let black = RGBA(0, 0, 0)
    static let text = RGBA(hex: 0x222222)
    static let mutedText = RGBA(hex: 0x5A5A5A)
    static let axis = RGBA(hex: 0x555555)
    static let grid = RGBA(hex: 0xE2E2E2)
    static let minorGrid = RGBA(hex: 0xF0F0F0)
    static let context = RGBA(hex: 0xC8C8C8)
    static let missing = RGBA(hex: 0xEDEDED)
}

public enum Palette {
    /// Okabe-Ito, ordered for contrast between neighbours; the yellow is darkened to read on white.
    public static let categorical: [RGBA] = [
        RGBA(hex: 0x0072B2), RGBA(hex: 0xE69F00), RGBA(hex: 0x009E73), RGBA(hex: 0xD55E00),
        RGBA(hex: 0xCC79A7), RGBA(hex: 0x56B4E9), RGBA(hex: 0x000000), RGBA(hex: 0xB59A00),
    ]

    public static func categorical(_ index: Int) -> RGBA {
        categorical[((index % categorical.count) + categorical.count) % categorical.count]
    }

    /// Viridis sampled at 9 evenly spaced stops (matplotlib's table), linearly interpolated.
    private static let viridisStops: [UInt32] = [
        0x440154, 0x472C7A, 0x3B518B, 0x2C718E, 0x21908D, 0x27AD81, 0x5CC863, 0xAADC32, 0xFDE725,
    ]

    /// Viridis at `t` in 0...1 (dark purple to yellow).
    public static func viridis(_ t: Double) -> RGBA {
        let clamped = t.isFinite ? max(0, min(1, t)) : 0
        let position = clamped * Double(viridisStops.count - 1)
        let lower = min(Int(position), viridisStops.count - 2)
        let fraction = position - Double(lower)
        let a = RGBA(hex: viridisStops[lower]), b = RGBA(hex: viridisStops[lower + 1])
        func mix(_ x: UInt8, _ y: UInt8) -> UInt8 {
            UInt8((Double(x) + (Double(y) - Double(x)) * fraction).rounded())
        }
        return RGBA(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b))
    }
}
