// ZIP archives of uncompressed ("stored", method 0) members: what numpy.savez
// and scipy.sparse.save_npz(..., compressed=False) write, and what np.load reads.
//
// Layout (PKWARE APPNOTE 6.3.x, §4.3): for each member a local file header
// (signature 0x04034b50, CRC-32, sizes, name) followed by its bytes; then the
// central directory (one 0x02014b50 record per member, with the local header's
// offset) and the end-of-central-directory record (0x06054b50). Timestamps are
// 1980-01-01 00:00, as numpy writes them, so the same input gives the same file.
// Sizes and offsets are 32-bit: an archive past 4 GiB would need the zip64
// extension, which the writer refuses with an InputError rather than emit.
#pragma once

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace embkit {

// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), as zlib's crc32():
// crc = crc32_update(crc32_update(0, a), b) is the CRC of a followed by b.
std::uint32_t crc32_update(std::uint32_t crc, const void* data, std::size_t size);

class ZipWriter {
 public:
  // `path` names the archive in errors; `out` receives the bytes.
  ZipWriter(std::ostream& out, std::string path);
  // One stored member whose content is `parts` concatenated.
  void add(const std::string& name, std::initializer_list<std::string_view> parts);
  // Writes the central directory; call once, after the last add().
  void finish();

 private:
  struct Entry {
    std::string name;
    std::uint32_t crc;
    std::uint64_t size;
    std::uint64_t offset;
  };
  std::ostream& out_;
  std::string path_;
  std::vector<Entry> entries_;
  std::uint64_t offset_ = 0;
};

// A stored member of an archive: where its bytes start and how many there are.
struct ZipMember {
  std::string name;
  std::uint64_t data_offset = 0;
  std::uint64_t size = 0;
  std::uint32_t crc = 0;
};

// Lists the members of the archive open as `file` (named `path` in errors) from
// its central directory. A member that is compressed, encrypted or zip64 is an
// InputError naming it, as is a truncated or malformed directory.
std::vector<ZipMember> read_zip_directory(std::FILE* file, const std::string& path);

}  // namespace embkit
