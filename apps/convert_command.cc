#include "convert_command.h"

#include <iostream>

#include "core/error.h"
#include "core/vectors_io.h"

namespace embkit::cli::convert {

Options parse(const Args& args) {
  Options o;
  std::string input_format = vector_format_name(o.read.format), output_format = vector_format_name(o.output_format);
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "vector file (.vec/.txt, .bin, .npy, GloVe text; detected)")
      ("output,o", po::value(&o.output)->required(), "output vector file; format from the extension")
      ("input-format", bound(input_format), "auto | text | bin | npy | glove | tsv")
      ("output-format", bound(output_format), "auto (from extension) | text | bin | npy | glove | tsv (TensorFlow Projector)")
      ("normalize", po::bool_switch(&o.normalize), "scale every vector to unit length")
      ("limit", bound(o.read.limit), "convert only the first N vectors (0 = all)");
  add_quiet_option(desc, o.quiet);
  add_json_option(desc, o.json);
  po::variables_map vm;
  if (!parse_args("convert", "--input A --output B [options]", desc, args, vm)) return {};
  o.read.format = parse_vector_format(input_format);
  o.output_format = parse_vector_format(output_format);
  require_at_least("limit", o.read.limit, 0);
  return o;
}

int run(const Options& o) {
  Embeddings emb = read_vectors(o.input, o.read);
  if (o.normalize) emb.normalize_rows();
  write_vectors(emb, o.output, o.output_format);
  if (!o.quiet)
    std::cerr << "convert: " << emb.rows() << " × " << emb.dim() << " vectors written to " << o.output << "\n";
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("rows").value(emb.rows()).key("dim").value(emb.dim()).key("output").value(o.output);
    });
  return 0;
}

EMBKIT_REGISTER_COMMAND("convert", "Convert vector files between .vec, .bin, .npy and GloVe text",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.input.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::convert
