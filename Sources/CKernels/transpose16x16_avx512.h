#ifndef GRADBOOK_TRANSPOSE16X16_AVX512_H
#define GRADBOOK_TRANSPOSE16X16_AVX512_H
// Private to CKernels. Include only inside an AVX-512 target region (#pragma clang attribute).
#include <immintrin.h>

// Transposes a 16 x 16 tile in registers: on return rows[p] holds the old column p.
static inline __attribute__((always_inline)) void transpose16x16(__m512 rows[16]) {
    __m512 t[16], u[16];
    for (int i = 0; i < 8; i++) { // interleave neighbouring rows within each 128-bit lane
        t[2 * i] = _mm512_unpacklo_ps(rows[2 * i], rows[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(rows[2 * i], rows[2 * i + 1]);
    }
    for (int i = 0; i < 4; i++) { // u[4i + c], lane L: rows 4i..4i+3 at column 4L + c
        const __m512d lo0 = _mm512_castps_pd(t[4 * i]), lo1 = _mm512_castps_pd(t[4 * i + 2]);
        const __m512d hi0 = _mm512_castps_pd(t[4 * i + 1]), hi1 = _mm512_castps_pd(t[4 * i + 3]);
        u[4 * i + 0] = _mm512_castpd_ps(_mm512_unpacklo_pd(lo0, lo1));
        u[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(lo0, lo1));
        u[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(hi0, hi1));
        u[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(hi0, hi1));
    }
    for (int c = 0; c < 4; c++) { // transpose the 4 x 4 grid of 128-bit lanes
        const __m512 v0 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0x44);
        const __m512 v1 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0xEE);
        const __m512 v2 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0x44);
        const __m512 v3 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0xEE);
        rows[c] = _mm512_shuffle_f32x4(v0, v2, 0x88);
        rows[4 + c] = _mm512_shuffle_f32x4(v0, v2, 0xDD);
        rows[8 + c] = _mm512_shuffle_f32x4(v1, v3, 0x88);
        rows[12 + c] = _mm512_shuffle_f32x4(v1, v3, 0xDD);
    }
}

#endif
