// Transparent huge pages for large, randomly accessed buffers.
//
// The hash tables and count buffers of CountVectorizer (src/text) are tens to
// hundreds of megabytes, touched in random order. With 4 KiB pages every first
// touch is a page fault and most lookups miss the TLB; asking the kernel for
// 2 MiB pages (madvise(MADV_HUGEPAGE), effective when
// /sys/kernel/mm/transparent_hugepage/enabled is "madvise" or "always")
// removes most of both. Without Linux THP these are no-ops.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

namespace embkit {

// Advises huge pages for the whole 4 KiB pages inside [data, data + bytes).
// Call it before the memory is first written.
void advise_huge_pages(void* data, std::size_t bytes);

// std::allocator replacement: allocations of 1 MiB or more are 2 MiB aligned
// and advised for huge pages; smaller ones come from operator new.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kThreshold = std::size_t(1) << 20;
  static constexpr std::size_t kAlignment = std::size_t(2) << 20;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kThreshold) return static_cast<T*>(::operator new(bytes));
    const std::size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
    void* p = std::aligned_alloc(kAlignment, rounded);
    if (!p) throw std::bad_alloc();
    advise_huge_pages(p, rounded);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kThreshold)
      ::operator delete(p);
    else
      std::free(p);
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const noexcept { return false; }
};

}  // namespace embkit
