#if canImport(Glibc)
import Glibc
#endif

/// git's parsing of numbers and booleans in configuration values (`git_parse_signed`,
/// `git_parse_unsigned`, `git_parse_maybe_bool`): C's base prefixes (`0x10`, `010`) and the
/// unit suffixes `k`, `m` and `g` (powers of 1024, any case).
enum GitNumber {
    enum Failure: Error, CustomStringConvertible {
        case invalidUnit, outOfRange
        var description: String { self == .invalidUnit ? "invalid unit" : "out of range" }
    }

    /// `true/yes/on`, `false/no/off` and "" (without case), or a number (non-zero is true).
    static func bool(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off", "": return false
        default:
            if case .success(let number) = signed(value, limit: Int64(Int32.max)) { return number != 0 }
            return nil
        }
    }

    static func signed(_ value: String, limit: Int64) -> Result<Int64, Failure> {
        guard !value.isEmpty else { return .failure(.invalidUnit) }
        let (number, rest, overflowed) = parsed(value) { strtoll($0, &$1, 0) }
        if overflowed { return .failure(.outOfRange) }
        guard let rest, let factor = unitFactor(rest) else { return .failure(.invalidUnit) }
        let (product, overflow) = number.multipliedReportingOverflow(by: factor)
        if overflow || product > limit || product < -limit { return .failure(.outOfRange) }
        return .success(product)
    }

    static func unsigned(_ value: String) -> Result<UInt64, Failure> {
        guard !value.isEmpty else { return .failure(.invalidUnit) }
        // git refuses a minus sign anywhere, which strtoumax would wrap around.
        if value.contains("-") { return .failure(.invalidUnit) }
        let (number, rest, overflowed) = parsed(value) { UInt64(strtoull($0, &$1, 0)) }
        if overflowed { return .failure(.outOfRange) }
        guard let rest, let factor = unitFactor(rest) else { return .failure(.invalidUnit) }
        let (product, overflow) = number.multipliedReportingOverflow(by: UInt64(factor))
        return overflow ? .failure(.outOfRange) : .success(product)
    }

    /// C's `strto*` on `value`: the number, the text after it (`nil` when no digit was read)
    /// and whether it overflowed (`ERANGE`).
    private static func parsed<Number>(
        _ value: String, _ convert: (UnsafePointer<CChar>, inout UnsafeMutablePointer<CChar>?) -> Number
    ) -> (Number, String?, Bool) {
        value.withCString { start in
            errno = 0
            var end: UnsafeMutablePointer<CChar>?
            let number = convert(start, &end)
            let overflowed = errno == ERANGE
            guard let end, UnsafePointer(end) != start else { return (number, nil, overflowed) }
            return (number, String(cString: end), overflowed)
        }
    }

    private static func unitFactor(_ suffix: String) -> Int64? {
        switch suffix.lowercased() {
        case "": return 1
        case "k": return 1024
        case "m": return 1024 * 1024
        case "g": return 1024 * 1024 * 1024
        default: return nil
        }
    }
}
