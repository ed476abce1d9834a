#ifndef GRADBOOK_TRANSCENDENTAL_H
#define GRADBOOK_TRANSCENDENTAL_H
// Private to CKernels: fp32 exp, expm1, log, log1p, tanh and the normal CDF written ONCE as
// straight-line code (explicit fused multiply-adds in a fixed order, selects instead of branches,
// integer bit operations for the powers of two). The scalar variant calls these functions as
// they are; the AVX-512 and AVX2 variants are the same functions inlined into loops compiled for
// those instruction sets, where the compiler vectorises them lane by lane. Every operation is an
// IEEE one rounded once (fma, +, -, *, /), or exact (selects, comparisons, bit moves), and
// CKernels is built with -ffp-contract=off, so all variants produce the same bits.
//
// Accuracy: see CKernels.h (measured by Tests/BackpropTests/TranscendentalAccuracyTests.swift).
#include <stdint.h>
#include <string.h>

// Every helper is forced inline: left out of line it would be compiled once for the baseline
// target, so the AVX-512 / AVX2 loops would call a scalar copy (with libm's fmaf) per element
// instead of vectorising it (measured: gelu forward ran 100x slower before this).
#define GB_ALWAYS_INLINE static inline __attribute__((always_inline))
#define GB_FMA(a, b, c) __builtin_fmaf((a), (b), (c))

GB_ALWAYS_INLINE float gb_from_bits(uint32_t u) { float f; memcpy(&f, &u, sizeof f); return f; }
GB_ALWAYS_INLINE uint32_t gb_bits(float f) { uint32_t u; memcpy(&u, &f, sizeof u); return u; }
/// 2^n for n in [-126, 127].
GB_ALWAYS_INLINE float gb_pow2i(int32_t n) { return gb_from_bits((uint32_t)(n + 127) << 23); }
GB_ALWAYS_INLINE float gb_min(float a, float b) { return a < b ? a : b; }
GB_ALWAYS_INLINE float gb_max(float a, float b) { return a > b ? a : b; }
GB_ALWAYS_INLINE int gb_isnan(float x) { return x != x; }

/// Range reduction shared by exp and expm1: x = k ln2 + r with |r| <= ln2 / 2 (k returned as a
/// float holding an integer); returns expm1(r) from its Taylor polynomial to r^8 (truncation
/// below 6e-10 relative on that interval). x must be finite with |x| <= 104.
GB_ALWAYS_INLINE float gb_expm1_reduced(float x, float *k_out) {
    const float shifter = 0x1.8p23f; // adding it rounds to an integer (round to nearest even)
    const float k = GB_FMA(x, 0x1.715476p+0f, shifter) - shifter;
    // ln2 in two parts: k * hi is exact, so x - k * hi is exact (Cody-Waite).
    float r = GB_FMA(k, -0x1.62e4p-1f, x);
    r = GB_FMA(k, -0x1.7f7d1cp-20f, r);
    float p = 0x1.a01a02p-16f;          // 1/8!
    p = GB_FMA(p, r, 0x1.a01a02p-13f);  // 1/7!
    p = GB_FMA(p, r, 0x1.6c16c2p-10f);  // 1/6!
    p = GB_FMA(p, r, 0x1.111112p-7f);   // 1/5!
    p = GB_FMA(p, r, 0x1.555556p-5f);   // 1/4!
    p = GB_FMA(p, r, 0x1.555556p-3f);   // 1/3!
    p = GB_FMA(p, r, 0x1.0p-1f);        // 1/2!
    *k_out = k;
    return GB_FMA(r * r, p, r);
}

/// e^x * 2^bias for every float x (overflow to +inf above ~88.72, gradual underflow, NaN kept).
/// A bias of 64 keeps e^x for x in [-104, -20] a normal float, so products like x e^x that are
/// normal again do not lose bits in a subnormal intermediate; bias + k / 2 must stay <= 64.
GB_ALWAYS_INLINE float gb_exp_biased(float x, int32_t bias) {
    float xc = gb_isnan(x) ? 0.0f : x;
    xc = gb_min(gb_max(xc, -104.0f), 89.0f);
    float kf;
    const float q = gb_expm1_reduced(xc, &kf);
    // 2^k in two factors so that k in [-150, 128] never leaves the normal exponent range; the
    // second product is exact unless the result overflows or is subnormal.
    const int32_t k = (int32_t)kf, k1 = k >> 1, k2 = k - k1 + bias;
    const float s1 = gb_pow2i(k1);
    const float result = GB_FMA(q, s1, s1) * gb_pow2i(k2);
    return gb_isnan(x) ? x + x : result;
}

/// e^x for every float x.
GB_ALWAYS_INLINE float gb_exp1(float x) { return gb_exp_biased(x, 0); }

/// e^x - 1 for every float x, accurate near 0 (returns x itself below 2^-25 in magnitude).
GB_ALWAYS_INLINE float gb_expm1_1(float x) {
    float xc = gb_isnan(x) ? 0.0f : x;
    xc = gb_min(gb_max(xc, -30.0f), 89.0f);
    float kf;
    const float q = gb_expm1_reduced(xc, &kf);
    // e^x - 1 = 2^k (1 + q) - 1 = 2 (t q + (t - 1/2)) with t = 2^(k-1): t - 1/2 is exact for the
    // k where it matters (|k| <= 24), the fma rounds once, doubling is exact (or overflows).
    const float t = gb_pow2i((int32_t)kf - 1);
    const float result = 2.0f * GB_FMA(t, q, t - 0.5f);
    const float tiny = 0x1.0p-25f;
    return (gb_isnan(x) || (x < tiny && x > -tiny)) ? x : result;
}

/// log(m) + k ln2 for m in [sqrt(1/2), sqrt(2)] and an integer-valued k (fdlibm's arrangement:
/// f = m - 1, s = f / (2 + f), log(m) = f - (f^2/2 - s (f^2/2 + R(s^2))), R from the atanh series
/// to s^10, truncation below 1e-10 relative).
GB_ALWAYS_INLINE float gb_log_reduced(float m, float k) {
    const float f = m - 1.0f;
    const float s = f / (2.0f + f);
    const float z = s * s;
    float r = 0x1.745d18p-3f;          // 2/11
    r = GB_FMA(r, z, 0x1.c71c72p-3f);  // 2/9
    r = GB_FMA(r, z, 0x1.24924ap-2f);  // 2/7
    r = GB_FMA(r, z, 0x1.99999ap-2f);  // 2/5
    r = GB_FMA(r, z, 0x1.555556p-1f);  // 2/3
    r = r * z;
    const float half_square = 0.5f * f * f;
    const float log_m = f - (half_square - s * (half_square + r));
    return GB_FMA(k, 0x1.62e4p-1f, GB_FMA(k, 0x1.7f7d1cp-20f, log_m));
}

/// Natural log of a positive normal float (also +inf -> +inf, 0 -> -inf, negative or NaN -> NaN).
/// Subnormal inputs are not reduced exactly; the engine only takes logs of sums >= 1.
GB_ALWAYS_INLINE float gb_log1(float x) {
    // Shift the exponent so the mantissa lands in [sqrt(1/2), sqrt(2)).
    const uint32_t shifted = gb_bits(x) + (0x3f800000u - 0x3f3504f3u);
    const int32_t k = (int32_t)(shifted >> 23) - 127;
    const float m = gb_from_bits((shifted & 0x007fffffu) + 0x3f3504f3u);
    const float result = gb_log_reduced(m, (float)k);
    const float special = x == 0.0f ? -__builtin_inff() : (x < 0.0f ? __builtin_nanf("") : x);
    return (x > 0.0f && x < __builtin_inff()) ? result : special;
}

/// log(1 + v) for v in [0, 1] (the range softplus and the logistic losses need).
GB_ALWAYS_INLINE float gb_log1p_unit(float v) {
    const float u = 1.0f + v;
    const float correction = v - (u - 1.0f); // exact: what rounding 1 + v lost
    const int upper = u > 0x1.6a09e6p+0f;    // above sqrt(2): log(u) = log(u / 2) + ln2
    const float m = upper ? 0.5f * u : u;
    return gb_log_reduced(m, upper ? 1.0f : 0.0f) + correction / u;
}

/// log(1 + e^x) for every float x: max(x, 0) + log1p(e^-|x|).
GB_ALWAYS_INLINE float gb_softplus_core(float x) {
    const float a = x < 0.0f ? -x : x;
    return gb_max(x, 0.0f) + gb_log1p_unit(gb_exp1(-a));
}

/// tanh for every float x: u / (u + 2) with u = expm1(2|x|), odd by construction.
GB_ALWAYS_INLINE float gb_tanh1(float x) {
    const uint32_t sign = gb_bits(x) & 0x80000000u;
    const float a = gb_from_bits(gb_bits(x) & 0x7fffffffu);
    const float u = gb_expm1_1(2.0f * gb_min(a, 9.5f)); // tanh(9.5) rounds to 1
    const float magnitude = u / (u + 2.0f);
    const float result = gb_from_bits(gb_bits(magnitude) | sign);
    return (gb_isnan(x) || a < 0x1.0p-12f) ? x : result; // tanh x = x (1 - x^2/3 ...) rounds to x
}

/// The standard normal tail Phi(-a) = e^(-a^2/2) G(a) for a >= 0, returned in two factors:
/// G(a) (the result) and e^(-a^2/2) * 2^64 in *gauss_biased (scaled so it stays a normal float
/// wherever x Phi(-a) is one). G(a) = erfcx(a / sqrt 2) / 2 is fitted as t P(t),
/// t = 1 / (1 + 5a/16), P of degree 9 (fit error 2.7e-8 relative on [0, 14.5]; beyond, the tail
/// is below 1e-45).
GB_ALWAYS_INLINE float gb_normal_tail(float a, float *gauss_biased) {
    const float ac = gb_min(a, 14.5f);
    const float square = ac * ac;
    const float square_error = GB_FMA(ac, ac, -square); // exact: a^2 = square + square_error
    const float e0 = gb_exp_biased(-0.5f * square, 64);
    *gauss_biased = GB_FMA(e0, -0.5f * square_error, e0); // the rounding of a^2 undone
    const float t = 1.0f / GB_FMA(0x1.4p-2f, ac, 1.0f);
    float p = -0x1.37c342p-6f;
    p = GB_FMA(p, t, 0x1.76912cp-4f);
    p = GB_FMA(p, t, -0x1.357854p-3f);
    p = GB_FMA(p, t, 0x1.30542cp-4f);
    p = GB_FMA(p, t, -0x1.4bd1e0p-9f);
    p = GB_FMA(p, t, 0x1.c6e444p-5f);
    p = GB_FMA(p, t, 0x1.710838p-4f);
    p = GB_FMA(p, t, 0x1.ca44d8p-4f);
    p = GB_FMA(p, t, 0x1.fefa64p-4f);
    p = GB_FMA(p, t, 0x1.fea118p-4f);
    return t * p;
}

#endif
