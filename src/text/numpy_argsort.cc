#include "text/numpy_argsort.h"

#include <utility>

namespace embkit {

namespace {

// numpy/core/src/npysort/quicksort.cpp constants.
constexpr std::int64_t kSmallQuicksort = 15;  // SMALL_QUICKSORT in npysort_common.h
constexpr int kStackSize = 128;

int floor_log2(std::int64_t n) {
  int depth = 0;
  while (n >>= 1) ++depth;
  return depth;
}

// Sifts `tmp` down the 1-based max-heap a[1..n] (ordered by v) from slot i.
void sift_down(const std::int64_t* v, std::int64_t* a, std::int64_t i, std::int64_t n,
               std::int64_t tmp) {
  for (std::int64_t j = i << 1; j <= n;) {
    if (j < n && v[a[j]] < v[a[j + 1]]) j += 1;
    if (!(v[tmp] < v[a[j]])) break;
    a[i] = a[j];
    i = j;
    j += j;
  }
  a[i] = tmp;
}

// aheapsort_: heapsort of the index range [first, first + n) by values.
void heap_argsort(const std::int64_t* v, std::int64_t* first, std::int64_t n) {
  std::int64_t* a = first - 1;  // 1-based heap indexing
  for (std::int64_t l = n >> 1; l > 0; --l) sift_down(v, a, l, n, a[l]);
  while (n > 1) {
    const std::int64_t tmp = a[n];
    a[n] = a[1];
    n -= 1;
    sift_down(v, a, 1, n, tmp);
  }
}

}  // namespace

std::vector<std::int64_t> numpy_argsort(const std::vector<std::int64_t>& values) {
  const std::int64_t num = static_cast<std::int64_t>(values.size());
  std::vector<std::int64_t> order(values.size());
  for (std::int64_t i = 0; i < num; ++i) order[i] = i;
  if (num < 2) return order;

  const std::int64_t* v = values.data();
  std::int64_t* pl = order.data();
  std::int64_t* pr = pl + num - 1;
  std::int64_t* stack[kStackSize];
  std::int64_t** sptr = stack;
  int depth[kStackSize];
  int* psdepth = depth;
  int cdepth = floor_log2(num) * 2;
  std::int64_t *pm, *pi, *pj, *pk;

  for (;;) {
    if (cdepth < 0) {
      heap_argsort(v, pl, pr - pl + 1);
      goto stack_pop;
    }
    while ((pr - pl) > kSmallQuicksort) {
      pm = pl + ((pr - pl) >> 1);  // median of three, left in *pm
      if (v[*pm] < v[*pl]) std::swap(*pm, *pl);
      if (v[*pr] < v[*pm]) std::swap(*pr, *pm);
      if (v[*pm] < v[*pl]) std::swap(*pm, *pl);
      const std::int64_t pivot = v[*pm];
      pi = pl;
      pj = pr - 1;
      std::swap(*pm, *pj);
      for (;;) {
        do ++pi; while (v[*pi] < pivot);
        do --pj; while (pivot < v[*pj]);
        if (pi >= pj) break;
        std::swap(*pi, *pj);
      }
      pk = pr - 1;
      std::swap(*pi, *pk);
      // Push the larger partition, continue with the smaller one.
      if (pi - pl < pr - pi) {
        *sptr++ = pi + 1;
        *sptr++ = pr;
        pr = pi - 1;
      } else {
        *sptr++ = pl;
        *sptr++ = pi - 1;
        pl = pi + 1;
      }
      *psdepth++ = --cdepth;
    }
    // Insertion sort of the small remainder.
    for (pi = pl + 1; pi <= pr; ++pi) {
      const std::int64_t vi = *pi;
      const std::int64_t vp = v[vi];
      pj = pi;
      pk = pi - 1;
      while (pj > pl && vp < v[*pk]) *pj-- = *pk--;
      *pj = vi;
    }
  stack_pop:
    if (sptr == stack) break;
    pr = *(--sptr);
    pl = *(--sptr);
    cdepth = *(--psdepth);
  }
  return order;
}

}  // namespace embkit
