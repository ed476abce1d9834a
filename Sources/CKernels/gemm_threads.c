// gb_gemm split over a small persistent pool of threads by output tiles (see CKernels.h). Each
// tile is one ordinary gb_gemm_with_kernel call on a block of rows (or columns) of C, so every
// element of C is still one FMA chain in the same order, computed by exactly one thread: the
// result is bit-identical to one thread for any thread count and any assignment of tiles.
//
// Tiles are claimed from a shared counter (the caller takes part), so a worker that the OS has
// not scheduled yet costs nothing: the caller simply takes its tiles. The claim word holds the
// job's generation, its tile count and the next tile, so a late worker can never take a tile of
// another job, and reads the job only once it holds an unfinished tile (the caller is then
// still waiting and does not touch the job).
#include "CKernels.h"
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define GB_PAUSE() _mm_pause()
#else
#define GB_PAUSE() ((void)0)
#endif

// Products below this many multiply-adds run on the caller alone: waking a worker costs more.
#define GB_POOL_MIN_MACS (1u << 18)
// Rows of a row tile: a multiple of every row block of the AVX-512 / AVX2 kernels (16, 12, 8, 6).
#define GB_POOL_ROW_QUANTUM 48
// Columns of a column tile: a multiple of the widest strip (4 vectors of 16).
#define GB_POOL_COLUMN_QUANTUM 64
// Spins before a waiting worker sleeps on the condition variable.
#define GB_POOL_SPINS 20000

typedef struct {
    size_t m, n, k;
    const float *a; size_t ars, acs;
    const float *b; size_t brs, bcs;
    float *c; size_t ldc; int accumulate;
    int kernel;
    int by_rows;       // tiles are blocks of rows (else blocks of columns)
    size_t tile;       // rows or columns per tile
    size_t tiles;
    unsigned long long float_control; // the caller's FTZ/DAZ state, applied by every worker
} gb_pool_job;

struct gb_gemm_pool {
    int threads; // including the caller
    pthread_t *workers;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop;
    uint32_t generation;      // bumped under `lock` for each job (atomically read by spinners)
    uint64_t next;            // (generation << 32) | (tiles << 16) | next tile index
    size_t done;              // tiles finished in the current job
    gb_pool_job job;
};

static void run_tile(const gb_pool_job *job, size_t t) {
    const size_t start = t * job->tile;
    if (job->by_rows) {
        const size_t rows = job->m - start < job->tile ? job->m - start : job->tile;
        gb_gemm_with_kernel(job->kernel, rows, job->n, job->k, job->a + start * job->ars, job->ars, job->acs,
                            job->b, job->brs, job->bcs, job->c + start * job->ldc, job->ldc, job->accumulate);
    } else {
        const size_t columns = job->n - start < job->tile ? job->n - start : job->tile;
        gb_gemm_with_kernel(job->kernel, job->m, columns, job->k, job->a, job->ars, job->acs,
                            job->b + start * job->bcs, job->brs, job->bcs, job->c + start, job->ldc, job->accumulate);
    }
}

// Claims and runs tiles of job `generation` until none is left.
static void work(gb_gemm_pool *pool, uint32_t generation) {
    for (;;) {
        uint64_t claim = __atomic_load_n(&pool->next, __ATOMIC_ACQUIRE);
        const size_t t = (size_t)(claim & 0xFFFF), tiles = (size_t)((claim >> 16) & 0xFFFF);
        if ((uint32_t)(claim >> 32) != generation || t >= tiles) return;
        if (!__atomic_compare_exchange_n(&pool->next, &claim, claim + 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            continue;
        if (gb_float_control() != pool->job.float_control) gb_restore_float_control(pool->job.float_control);
        run_tile(&pool->job, t);
        __atomic_fetch_add(&pool->done, 1, __ATOMIC_RELEASE);
    }
}

static void *worker_main(void *argument) {
    gb_gemm_pool *pool = argument;
    uint32_t seen = 0;
    for (;;) {
        int spins = 0;
        uint32_t generation;
        while ((generation = __atomic_load_n(&pool->generation, __ATOMIC_ACQUIRE)) == seen
               && !__atomic_load_n(&pool->stop, __ATOMIC_ACQUIRE)) {
            if (spins++ < GB_POOL_SPINS) { GB_PAUSE(); continue; }
            pthread_mutex_lock(&pool->lock);
            while (pool->generation == seen && !pool->stop) pthread_cond_wait(&pool->wake, &pool->lock);
            pthread_mutex_unlock(&pool->lock);
        }
        if (__atomic_load_n(&pool->stop, __ATOMIC_ACQUIRE)) return NULL;
        seen = generation;
        work(pool, generation);
    }
}

gb_gemm_pool *gb_gemm_pool_create(int threads) {
    if (threads < 2) return NULL;
    gb_gemm_pool *pool = calloc(1, sizeof *pool);
    if (!pool) return NULL;
    pool->threads = threads;
    pool->workers = calloc((size_t)threads - 1, sizeof(pthread_t));
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->wake, NULL);
    int started = 0;
    for (int i = 0; i < threads - 1 && pool->workers; i++) {
        if (pthread_create(&pool->workers[i], NULL, worker_main, pool) != 0) break;
        started++;
    }
    pool->threads = started + 1; // fewer workers if the system refused some: results do not change
    return pool;
}

void gb_gemm_pool_destroy(gb_gemm_pool *pool) {
    if (!pool) return;
    pthread_mutex_lock(&pool->lock);
    __atomic_store_n(&pool->stop, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
    for (int i = 0; i < pool->threads - 1; i++) pthread_join(pool->workers[i], NULL);
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->lock);
    free(pool->workers);
    free(pool);
}

int gb_gemm_pool_threads(const gb_gemm_pool *pool) { return pool ? pool->threads : 1; }

void gb_gemm_pooled(gb_gemm_pool *pool, size_t m, size_t n, size_t k,
                    const float *a, size_t a_row_stride, size_t a_col_stride,
                    const float *b, size_t b_row_stride, size_t b_col_stride,
                    float *c, size_t ldc, int accumulate) {
    const int threads = gb_gemm_pool_threads(pool);
    const int by_rows = m >= 2 * GB_POOL_ROW_QUANTUM;
    const int by_columns = !by_rows && n >= 2 * GB_POOL_COLUMN_QUANTUM;
    if (threads < 2 || (double)m * (double)n * (double)k < GB_POOL_MIN_MACS || (!by_rows && !by_columns) || m == 0
        || n == 0) {
        gb_gemm_ex(m, n, k, a, a_row_stride, a_col_stride, b, b_row_stride, b_col_stride, c, ldc, accumulate);
        return;
    }
    // About two tiles per thread (so a late thread's share is taken over), whole quanta each.
    const size_t extent = by_rows ? m : n, quantum = by_rows ? GB_POOL_ROW_QUANTUM : GB_POOL_COLUMN_QUANTUM;
    const size_t wanted = 2 * (size_t)(threads < 256 ? threads : 256); // tiles < 2^16 (the claim word)
    size_t tile = (extent + wanted - 1) / wanted;
    tile = (tile + quantum - 1) / quantum * quantum;
    gb_pool_job *job = &pool->job;
    *job = (gb_pool_job){ m, n, k, a, a_row_stride, a_col_stride, b, b_row_stride, b_col_stride, c, ldc, accumulate,
                          gb_gemm_selected_kernel(), by_rows, tile, (extent + tile - 1) / tile, gb_float_control() };
    __atomic_store_n(&pool->done, 0, __ATOMIC_RELAXED);
    pthread_mutex_lock(&pool->lock);
    const uint32_t generation = pool->generation + 1;
    __atomic_store_n(&pool->next, (uint64_t)generation << 32 | (uint64_t)job->tiles << 16, __ATOMIC_RELEASE);
    __atomic_store_n(&pool->generation, generation, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
    work(pool, generation);
    // Wait for tiles other threads claimed; yield now and then in case one was descheduled.
    for (int spins = 0; __atomic_load_n(&pool->done, __ATOMIC_ACQUIRE) < job->tiles; spins++) {
        if (spins % 1024 == 1023) sched_yield(); else GB_PAUSE();
    }
}

void gb_row_sums(gb_gemm_pool *pool, size_t rows, size_t columns, const float *src, size_t lds, float *dst) {
    // dst[1, rows] = ones[1, columns] x src^T[columns, rows]: A is one 1.0 read through stride 0,
    // B = src^T through its strides. Each sum is then the chain s = fma(1, src[r, j], s) over
    // j ascending from +0, and fma(1, x, s) rounds exactly as s + x: the sequential loop's bits,
    // vectorised across rows by the gemm kernels.
    static const float one = 1.0f;
    gb_gemm_pooled(pool, 1, rows, columns, &one, 0, 0, src, 1, lds, dst, rows, 0);
}
