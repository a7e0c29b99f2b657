#include "convert_command.h"

#include <iostream>

#include "core/error.h"
#include "core/vectors_io.h"

namespace embkit::cli::convert {

Options parse(const Args& args) {
  Options o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "vector file (.vec/.txt, .bin, .npy, GloVe text; detected)")
      ("output,o", po::value(&o.output)->required(), "output vector file; format from the extension")
      ("input-format", po::value(&o.input_format)->default_value(o.input_format), "auto | text | bin | npy | glove")
      ("output-format", po::value(&o.output_format)->default_value(o.output_format), "auto (from extension) | text | bin | npy | glove")
      ("normalize", po::bool_switch(&o.normalize), "scale every vector to unit length")
      ("limit", po::value(&o.limit)->default_value(0), "convert only the first N vectors (0 = all)");
  add_quiet_option(desc, common);
  po::variables_map vm;
  if (!parse_args("convert", "--input A --output B [options]", desc, args, vm)) return {};
  o.quiet = common.quiet;
  parse_vector_format(o.input_format);
  parse_vector_format(o.output_format);
  require_at_least("limit", o.limit, 0);
  return o;
}

int run(const Options& o) {
  ReadVectorsOptions read_options;
  read_options.format = parse_vector_format(o.input_format);
  read_options.limit = o.limit;
  Embeddings emb = read_vectors(o.input, read_options);
  if (o.normalize) emb.normalize_rows();
  write_vectors(emb, o.output, parse_vector_format(o.output_format));
  if (!o.quiet)
    std::cerr << "convert: " << emb.rows() << " × " << emb.dim() << " vectors written to " << o.output << "\n";
  return 0;
}

EMBKIT_REGISTER_COMMAND("convert", "Convert vector files between .vec, .bin, .npy and GloVe text",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.input.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::convert
