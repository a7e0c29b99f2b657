#include "vectors_command.h"

#include <iostream>
#include <optional>

#include "core/input_file.h"
#include "core/json.h"
#include "core/text.h"
#include "word2vec/subwords.h"

namespace embkit::cli::vectors {

Options parse(const Args& args) {
  Options o;
  po::options_description desc("Options");
  desc.add_options()
      ("load-model", po::value(&o.load_model)->required(), "a subword model (written by word2vec --subwords --save-model)")
      ("words", po::value(&o.words)->required(),
       "the words, whitespace-separated (any number per line); - for stdin")
      ("json", po::bool_switch(&o.json), "print one JSON object instead of 'word v1 ... vd' lines");
  po::variables_map vm;
  if (!parse_args("vectors", "--load-model MODEL --words FILE|-", desc, args, vm)) return {};
  return o;
}

int run(const Options& o) {
  const SubwordModel model = SubwordModel::load(o.load_model);
  LineReader reader(o.words);
  std::string line;
  std::vector<std::string_view> words;
  // One line per word, "word v1 ... vd" (the .vec body, as fastText prints it).
  std::string out;
  std::optional<JsonWriter> json;
  if (o.json) {
    json.emplace(std::cout);
    json->begin_object().key("model").value(o.load_model).key("dim").value(model.dim());
    json->key("vectors").begin_array();
  }
  while (reader.next(line)) {
    words.clear();
    split_whitespace(line, words);
    for (const std::string_view word : words) {
      const Vector v = model.word_vector(word);
      if (json) {
        json->begin_object().key("word").value(word).key("in_vocabulary").value(model.vocabulary().find(word) >= 0);
        json->key("vector").begin_array();
        for (Eigen::Index d = 0; d < v.size(); ++d) json->value(v[d]);
        json->end_array().end_object();
        continue;
      }
      out.assign(word);
      for (Eigen::Index d = 0; d < v.size(); ++d) {
        out += ' ';
        out += format_float(v[d]);
      }
      out += '\n';
      std::cout << out;
    }
  }
  if (json) json->end_array().end_object();  // JsonWriter ends the document with a newline
  return 0;
}

EMBKIT_REGISTER_COMMAND("vectors", "Vectors for any words, seen or unseen, from a subword model (fastText's print-word-vectors)",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.load_model.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::vectors
