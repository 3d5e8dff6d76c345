/*
 * lance-bench allocation tracker: a preloaded shared library that interposes the malloc family
 * and counts, process-wide, with atomics. Java reads the counters through JNA.
 *
 * Forwarding goes to glibc's __libc_* entry points, so there is no dlsym(RTLD_NEXT) bootstrap
 * problem (dlsym itself allocates). Sizes are measured with malloc_usable_size: no header is put
 * in front of a block, so the allocator's layout, alignment and malloc_usable_size stay as they
 * are. The counted bytes are the usable sizes, which are at least what was asked for.
 *
 * Reset semantics follow the Python suite's lance-memtest: reset zeroes every counter; peak is the
 * high-water mark of net new bytes since the reset; frees of blocks allocated before the reset
 * never drive current below zero.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void __libc_free(void *ptr);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);

#define EXPORT __attribute__((visibility("default")))

static _Atomic int64_t allocations;
static _Atomic int64_t frees;
static _Atomic int64_t bytes_allocated;
static _Atomic int64_t bytes_freed;
static _Atomic int64_t current;
static _Atomic int64_t peak;
static _Atomic int counting = 1;

/* Per-thread totals since the thread started, never reset: exact numbers for one thread's work,
 * whatever the other threads of the process do meanwhile. */
struct thread_totals {
  int64_t allocations;
  int64_t frees;
  int64_t bytes_allocated;
  int64_t bytes_freed;
};
static __thread struct thread_totals totals __attribute__((tls_model("initial-exec")));

static inline void on_alloc(void *ptr) {
  if (ptr == NULL || !atomic_load_explicit(&counting, memory_order_relaxed)) {
    return;
  }
  int64_t size = (int64_t)malloc_usable_size(ptr);
  totals.allocations++;
  totals.bytes_allocated += size;
  atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&bytes_allocated, size, memory_order_relaxed);
  int64_t now = atomic_fetch_add_explicit(&current, size, memory_order_relaxed) + size;
  int64_t high = atomic_load_explicit(&peak, memory_order_relaxed);
  while (now > high &&
         !atomic_compare_exchange_weak_explicit(&peak, &high, now, memory_order_relaxed,
                                                memory_order_relaxed)) {
  }
}

/* Called before the block is released, while malloc_usable_size may still look at it. */
static inline void on_free(void *ptr) {
  if (ptr == NULL || !atomic_load_explicit(&counting, memory_order_relaxed)) {
    return;
  }
  int64_t size = (int64_t)malloc_usable_size(ptr);
  totals.frees++;
  totals.bytes_freed += size;
  atomic_fetch_add_explicit(&frees, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&bytes_freed, size, memory_order_relaxed);
  int64_t now = atomic_load_explicit(&current, memory_order_relaxed);
  int64_t next;
  do {
    /* a block from before the reset: its bytes were never counted in current */
    next = now > size ? now - size : 0;
  } while (!atomic_compare_exchange_weak_explicit(&current, &now, next, memory_order_relaxed,
                                                  memory_order_relaxed));
}

EXPORT void *malloc(size_t size) {
  void *ptr = __libc_malloc(size);
  on_alloc(ptr);
  return ptr;
}

EXPORT void *calloc(size_t n, size_t size) {
  void *ptr = __libc_calloc(n, size);
  on_alloc(ptr);
  return ptr;
}

/* realloc counts as the free of the old block and the allocation of the new one. */
EXPORT void *realloc(void *ptr, size_t size) {
  if (ptr == NULL) {
    return malloc(size);
  }
  if (size == 0) {
    free(ptr);
    return NULL;
  }
  int64_t old_size = (int64_t)malloc_usable_size(ptr);
  void *moved = __libc_realloc(ptr, size);
  if (moved != NULL && atomic_load_explicit(&counting, memory_order_relaxed)) {
    /* account the old block as freed (same clamp as free) and the new one as allocated */
    totals.frees++;
    totals.bytes_freed += old_size;
    atomic_fetch_add_explicit(&frees, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&bytes_freed, old_size, memory_order_relaxed);
    int64_t now = atomic_load_explicit(&current, memory_order_relaxed);
    int64_t next;
    do {
      next = now > old_size ? now - old_size : 0;
    } while (!atomic_compare_exchange_weak_explicit(&current, &now, next, memory_order_relaxed,
                                                    memory_order_relaxed));
    on_alloc(moved);
  }
  return moved;
}

EXPORT void *reallocarray(void *ptr, size_t n, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(n, size, &total)) {
    errno = ENOMEM;
    return NULL;
  }
  return realloc(ptr, total);
}

EXPORT void free(void *ptr) {
  on_free(ptr);
  __libc_free(ptr);
}

EXPORT int posix_memalign(void **out, size_t alignment, size_t size) {
  if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0) {
    return EINVAL;
  }
  void *ptr = __libc_memalign(alignment, size);
  if (ptr == NULL) {
    return ENOMEM;
  }
  on_alloc(ptr);
  *out = ptr;
  return 0;
}

EXPORT void *aligned_alloc(size_t alignment, size_t size) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    errno = EINVAL;
    return NULL;
  }
  void *ptr = __libc_memalign(alignment, size);
  on_alloc(ptr);
  return ptr;
}

EXPORT void *memalign(size_t alignment, size_t size) {
  void *ptr = __libc_memalign(alignment, size);
  on_alloc(ptr);
  return ptr;
}

EXPORT void *valloc(size_t size) {
  void *ptr = __libc_valloc(size);
  on_alloc(ptr);
  return ptr;
}

EXPORT void *pvalloc(size_t size) {
  void *ptr = __libc_pvalloc(size);
  on_alloc(ptr);
  return ptr;
}

/* ---- the interface Java calls through JNA ---- */

/* Zeroes every process-wide counter. */
EXPORT void lance_bench_memtrack_reset(void) {
  atomic_store(&allocations, 0);
  atomic_store(&frees, 0);
  atomic_store(&bytes_allocated, 0);
  atomic_store(&bytes_freed, 0);
  atomic_store(&current, 0);
  atomic_store(&peak, 0);
}

/* out[0..5] = allocations, frees, bytes allocated, bytes freed, current, peak. */
EXPORT void lance_bench_memtrack_stats(int64_t *out) {
  out[0] = atomic_load(&allocations);
  out[1] = atomic_load(&frees);
  out[2] = atomic_load(&bytes_allocated);
  out[3] = atomic_load(&bytes_freed);
  out[4] = atomic_load(&current);
  out[5] = atomic_load(&peak);
}

/* out[0..3] = the calling thread's allocations, frees, bytes allocated, bytes freed. */
EXPORT void lance_bench_memtrack_thread_stats(int64_t *out) {
  out[0] = totals.allocations;
  out[1] = totals.frees;
  out[2] = totals.bytes_allocated;
  out[3] = totals.bytes_freed;
}

/* 1: count (the default); 0: only forward, for measuring what counting costs. */
EXPORT void lance_bench_memtrack_set_counting(int on) {
  atomic_store(&counting, on ? 1 : 0);
}
