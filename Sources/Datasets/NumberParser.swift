#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decimal numbers straight from the bytes of a file, without building a String per field.
/// Grammar: optional sign, digits with an optional decimal separator, optional exponent
/// (`1`, `-2.5`, `.5`, `3.`, `1e-3`, `+4E+2`). `inf`, `nan` and hexadecimal are not numbers here.
/// Values of up to 19 significant digits with a small exponent take Clinger's exact fast path
/// (an exactly representable mantissa times an exact power of ten rounds correctly); anything else
/// goes to `strtod`, which rounds correctly, so results equal `Double(String)` exactly.
enum NumberParser {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Parses `bytes[start..<end]`, which the caller has trimmed of surrounding blanks.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, decimalSeparator: UInt8 = UInt8(ascii: ".")) -> Double? {
        var index = start
        guard index < end else { return nil }
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var decimalExponent = 0
        var digitsSeen = 0
        var truncated = false
        while index < end, bytes[index] &- 48 < 10 {
            let digit = UInt64(bytes[index] &- 48)
            if significantDigits < 19 {
                if mantissa != 0 || digit != 0 {
                    mantissa = mantissa * 10 + digit
                    significantDigits += 1
                }
            } else {
                decimalExponent += 1
                if digit != 0 { truncated = true }
            }
            digitsSeen += 1
            index += 1
        }
        if index < end, bytes[index] == decimalSeparator {
            index += 1
            while index < end, bytes[index] &- 48 < 10 {
                let digit = UInt64(bytes[index] &- 48)
                if significantDigits < 19 {
                    if mantissa != 0 || digit != 0 {
                        mantissa = mantissa * 10 + digit
                        significantDigits += 1
                    }
                    decimalExponent -= 1
                } else if digit != 0 {
                    truncated = true
                }
                digitsSeen += 1
                index += 1
            }
        }
        guard digitsSeen > 0 else { return nil }
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            var exponentDigits = 0
            while index < end, bytes[index] &- 48 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] &- 48) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        guard index == end else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0 }
        if !truncated, mantissa <= 1 << 53, decimalExponent >= -22, decimalExponent <= 22 {
            let magnitude = decimalExponent >= 0
                ? Double(mantissa) * powersOfTen[decimalExponent]
                : Double(mantissa) / powersOfTen[-decimalExponent]
            return negative ? -magnitude : magnitude
        }
        return slowParse(bytes, start, end, decimalSeparator: decimalSeparator)
    }

    /// The rare long or extreme value: copy into a terminated buffer (with `.` as the separator)
    /// and let the C library round it.
    private static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, decimalSeparator: UInt8) -> Double? {
        var text = [CChar](repeating: 0, count: end - start + 1)
        for offset in 0..<(end - start) {
            let byte = bytes[start + offset]
            text[offset] = CChar(bitPattern: byte == decimalSeparator ? UInt8(ascii: ".") : byte)
        }
        return text.withUnsafeBufferPointer { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &stop)
            guard let stop, stop - UnsafeMutablePointer(mutating: base) == end - start else { return nil }
            return value
        }
    }
}
