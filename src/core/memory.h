// Memory estimates and limits.
//
// Before a large allocation, a trainer calls require_memory(bytes, what,
// max_memory): it refuses with a clear InputError if the estimate exceeds
// `max_memory` (the user's --max-memory; 0 = no cap of the user's) or the
// memory the system reports available, which is checked in every case: 0 means
// "no cap beyond the system's available memory" wherever a limit is taken. peak_rss_bytes() reports the process's high-water mark.
#pragma once

#include <cstdint>
#include <string>

namespace embkit {

std::uint64_t available_memory_bytes();  // MemAvailable from /proc/meminfo (0 if unknown)
std::uint64_t peak_rss_bytes();          // getrusage ru_maxrss
void require_memory(std::uint64_t bytes, const std::string& what, std::uint64_t max_memory = 0);
// "8G", "512M", "100k", "123" (bytes) → bytes; throws UsageError.
std::uint64_t parse_memory_size(const std::string& text);
// Returns the free pages of the heap to the system (glibc keeps freed small
// blocks mapped, so many freed table nodes would still count in the peak
// RSS); a no-op elsewhere.
void release_free_memory();

}  // namespace embkit
