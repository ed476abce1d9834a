#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Thin wrappers so files that need libm do not each import the platform module.
@inlinable func _log(_ x: Double) -> Double { log(x) }
@inlinable func _sin(_ x: Double) -> Double { sin(x) }
@inlinable func _cos(_ x: Double) -> Double { cos(x) }
@inlinable func _exp(_ x: Double) -> Double { exp(x) }
@inlinable func _tanh(_ x: Double) -> Double { tanh(x) }
@inlinable func _erf(_ x: Double) -> Double { erf(x) }
@inlinable func _log1p(_ x: Double) -> Double { log1p(x) }
@inlinable func _expm1(_ x: Double) -> Double { expm1(x) }
@inlinable func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

@inlinable func _log10(_ x: Double) -> Double { log10(x) }
