#include "word2vec/word2vec_args.h"

#include <cmath>

#include "core/error.h"
#include "core/json.h"

namespace embkit {

Word2VecModel parse_word2vec_model(const std::string& name) {
  if (name == "skipgram" || name == "sg" || name == "skip-gram") return Word2VecModel::SkipGram;
  if (name == "cbow") return Word2VecModel::Cbow;
  throw ParameterError("model", "must be skipgram or cbow, got '" + name + "'");
}

const char* word2vec_model_name(Word2VecModel model) {
  return model == Word2VecModel::SkipGram ? "skipgram" : "cbow";
}

SyncRows parse_sync_rows(const std::string& name) {
  if (name == "all") return SyncRows::All;
  if (name == "touched") return SyncRows::Touched;
  throw ParameterError("sync_rows", "must be all or touched, got '" + name + "'");
}

const char* sync_rows_name(SyncRows rows) { return rows == SyncRows::All ? "all" : "touched"; }

void parse_subwords(const std::string& text, int& minn, int& maxn) {
  minn = maxn = 0;
  if (text == "0") return;
  const std::size_t dash = text.find('-');
  auto number = [&](const std::string& part) {
    if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string::npos)
      throw ParameterError("subwords", "must be MINN-MAXN (e.g. 3-6) or 0, got '" + text + "'");
    return std::stoi(part);
  };
  if (dash == std::string::npos) number("");
  minn = number(text.substr(0, dash));
  maxn = number(text.substr(dash + 1));
  // "0-0" would read as off; ask for what was meant.
  if (maxn == 0) throw ParameterError("subwords", "must be MINN-MAXN with MAXN at least 1, got '" + text + "'");
}

double Word2VecArgs::resolved_alpha() const {
  if (alpha >= 0) return alpha;
  if (subwords()) return 0.05;  // fastText's default for skip-gram and CBOW alike
  return model == Word2VecModel::SkipGram ? 0.025 : 0.05;  // word2vec.c's defaults
}

namespace {
void require(bool ok, const std::string& parameter, const std::string& complaint) {
  if (!ok) throw ParameterError(parameter, complaint);
}
void require_at_least_1(const std::string& parameter, long long value) {
  require(value >= 1, parameter, "must be at least 1, got " + std::to_string(value));
}
std::string num(double v) { return format_double(v); }
}  // namespace

void Word2VecArgs::validate() const {
  require_at_least_1("dim", dim);
  require_at_least_1("window", window);
  // A window reaches no further than its sentence; bounding it also keeps the
  // per-thread context buffers (2·window entries) within int.
  require(static_cast<std::uint64_t>(window) <= max_sentence, "window",
          "must be at most " + param("max_sentence") + " (" + std::to_string(max_sentence) +
              "): a window cannot reach past its sentence, got " + std::to_string(window));
  require_at_least_1("negative", negative);
  require_at_least_1("epochs", epochs);
  require(min_count >= 1, "min_count", "must be at least 1, got " + std::to_string(min_count));
  require(max_sentence >= 1, "max_sentence", "must be at least 1, got " + std::to_string(max_sentence));
  require(sync_words >= 1, "sync_words", "must be at least 1, got " + std::to_string(sync_words));
  require(threads >= 0, "threads", "must be 0 (all cores) or positive, got " + std::to_string(threads));
  require(std::isfinite(ns_exponent), "ns_exponent", "must be a finite number");
  require(std::isfinite(sample) && sample >= 0, "sample", "must be 0 or more, got " + num(sample));
  require(std::isfinite(alpha), "alpha", "must be a finite number");
  // -1 is the documented "model default"; any other value ≤ 0 is a mistake,
  // not a request for the default.
  require(alpha > 0 || alpha == -1, "alpha", "must be positive (or -1 for the model's default), got " + num(alpha));
  require(std::isfinite(checkpoint_every) && checkpoint_every >= 0 && checkpoint_every <= 100,
          "checkpoint_every", "must be a percentage in [0, 100], got " + num(checkpoint_every));
  require(checkpoint_every == 0 || !checkpoint.empty(), "checkpoint_every",
          "needs " + param("checkpoint") + " FILE");
  require(resume_epochs == 0 || !resume.empty(), "resume_epochs", "applies only with " + param("resume"));
  require(!update_vocab || !init.empty(), "update_vocab", "needs " + param("init") + " VECTORS");
  if (subwords()) {
    require(minn >= 1 && minn <= maxn && maxn <= 100, "subwords",
            "must be MINN-MAXN with 1 <= MINN <= MAXN <= 100, got " + std::to_string(minn) + "-" +
                std::to_string(maxn));
    // Row ids are 32-bit: vocabulary + buckets must stay below 2^32.
    require(buckets >= 1 && buckets <= (std::uint64_t(1) << 31), "buckets",
            "must be in [1, 2147483648], got " + std::to_string(buckets));
    require(!cbow_sum, "cbow_sum", "does not apply with " + param("subwords") +
                                       " (the hidden vector is the mean of every context n-gram, as in fastText)");
    require(init.empty(), "init", "does not apply with " + param("subwords") + " (a vector file holds no n-grams)");
  }
  require(init.empty() || resume.empty(), "init",
          "and " + param("resume") + " are mutually exclusive (a checkpoint holds its own vectors)");
}

}  // namespace embkit
