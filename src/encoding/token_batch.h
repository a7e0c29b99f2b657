// TokenBatch: up to kSize tokens of one document waiting to be counted.
//
// CountVectorizer looks tokens up in batches so that the hash table's cache
// misses overlap (prefetch every slot, then every record, then count) instead
// of being paid one after another. Tokens that are views into the document are
// kept as views; others (lowercased copies living in a scanner's scratch
// buffer) are copied into the batch's own storage.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace embkit {

class TokenBatch {
 public:
  static constexpr std::size_t kSize = 32;

  // Adds a token; one that does not live in the document (a lowercased copy)
  // is copied into the batch's own storage. False if the batch is full.
  bool add(std::string_view token, const std::string& doc) {
    if (count_ == kSize || holds_long_) return false;
    const auto address = reinterpret_cast<std::uintptr_t>(token.data());
    const auto doc_begin = reinterpret_cast<std::uintptr_t>(doc.data());
    const bool in_doc = address >= doc_begin && address + token.size() <= doc_begin + doc.size();
    if (!in_doc) {
      if (token.size() > sizeof storage_) {  // too long for the storage: counted alone
        if (count_ > 0) return false;
        long_token_.assign(token);
        token = long_token_;
        holds_long_ = true;
      } else if (used_ + token.size() > sizeof storage_) {
        return false;
      } else {
        std::memcpy(storage_ + used_, token.data(), token.size());
        token = std::string_view(storage_ + used_, token.size());
        used_ += token.size();
      }
    }
    tokens_[count_++] = token;
    return true;
  }
  std::size_t size() const { return count_; }
  std::string_view operator[](std::size_t k) const { return tokens_[k]; }
  void clear() {
    count_ = 0;
    used_ = 0;
    holds_long_ = false;
  }

 private:
  std::string_view tokens_[kSize];
  char storage_[kSize * 32];
  std::string long_token_;
  std::size_t count_ = 0, used_ = 0;
  bool holds_long_ = false;
};

}  // namespace embkit
