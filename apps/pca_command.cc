#include "pca_command.h"

#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <iostream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/json.h"
#include "core/npy.h"
#include "core/parallel.h"
#include "core/text.h"
#include "factorization/pca.h"

namespace embkit::cli::pca {

NumericTable read_numeric_csv(const std::string& path, char delimiter) {
  NumericTable table;
  std::vector<double> values;
  std::size_t width = 0;
  std::int64_t rows = 0;
  LineReader reader(path);
  std::string text;
  std::vector<std::string_view> fields;
  bool first = true;
  while (reader.next(text)) {
    std::string_view line = text;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    split_char(line, delimiter, fields);
    if (first) {
      first = false;
      bool numeric = true;
      for (std::string_view f : fields) {
        std::string_view t = trim(f);
        char* end = nullptr;
        const std::string s(t);
        std::strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size()) numeric = false;
      }
      width = fields.size();
      if (!numeric) {
        for (std::string_view f : fields) table.header.emplace_back(trim(f));
        continue;
      }
    }
    if (fields.size() != width)
      throw_input_error(path, reader.line_number(),
                        "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size()));
    for (std::string_view f : fields) values.push_back(parse_double(trim(f), path, reader.line_number()));
    ++rows;
  }
  if (rows == 0) throw InputError(located(path, 0, "no numeric rows"));
  table.values = Eigen::Map<MatrixD>(values.data(), rows, static_cast<Eigen::Index>(width));
  return table;
}

Options parse(const Args& args) {
  Options o;
  SvdOptions& svd = o.pca.svd;
  std::string delimiter(1, o.delimiter);
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "numeric CSV, one sample per line (a text header line is skipped)")
      ("dim,d", bound(o.pca.components), "principal components kept (output dimensions)")
      ("output,o", bound(o.output), "projection of the samples (samples × k): .npy, otherwise CSV")
      ("delimiter", bound(delimiter), "field separator (one character; \\t for TAB)")
      ("exact", po::bool_switch(&svd.exact), "always use the exact SVD (default: exact when small)")
      ("power-iters", bound(svd.power_iters), "randomized SVD power iterations")
      ("json", po::bool_switch(&o.json), "print the results as one JSON object");
  add_threads_option(desc, svd.threads);
  add_seed_option(desc, svd.seed);
  add_quiet_option(desc, o.quiet);
  po::variables_map vm;
  if (!parse_args("pca", "--input DATA.csv --dim K [--output P.csv] [options]", desc, args, vm)) return {};
  if (delimiter == "\\t") delimiter = "\t";
  if (delimiter.size() != 1) throw UsageError("--delimiter must be one character, got '" + delimiter + "'");
  o.delimiter = delimiter[0];
  require_positive("dim", o.pca.components);
  require_at_least("power-iters", svd.power_iters, 0);
  resolve_threads(svd.threads);
  return o;
}

namespace {

void write_projection(const PcaResult& r, const std::string& path) {
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".npy") == 0) {
    write_npy(r.projection.cast<float>(), path);
    return;
  }
  AtomicFile f(path, false);
  for (Eigen::Index i = 0; i < r.projection.rows(); ++i) {
    for (Eigen::Index j = 0; j < r.projection.cols(); ++j) f.stream() << (j ? "," : "") << format_double(r.projection(i, j));
    f.stream() << '\n';
  }
  f.commit();
}

void print_json(const PcaResult& r, const NumericTable& table) {
  JsonWriter j(std::cout);
  j.begin_object();
  j.key("samples").value(static_cast<std::int64_t>(table.values.rows()));
  j.key("features").value(static_cast<std::int64_t>(table.values.cols()));
  auto vec = [&](const char* name, const Eigen::VectorXd& v) {
    j.key(name).begin_array();
    for (Eigen::Index i = 0; i < v.size(); ++i) j.value(v(i));
    j.end_array();
  };
  vec("mean", r.mean.transpose());
  vec("singular_values", r.singular_values);
  vec("explained_variance", r.explained_variance);
  vec("explained_variance_ratio", r.explained_variance_ratio);
  j.key("components").begin_array();
  for (Eigen::Index c = 0; c < r.components.rows(); ++c) {
    j.begin_array();
    for (Eigen::Index f = 0; f < r.components.cols(); ++f) j.value(r.components(c, f));
    j.end_array();
  }
  j.end_array();
  j.end_object();
  std::cout << "\n";
}

void print_table(const PcaResult& r) {
  std::cout << "component\texplained_variance\texplained_variance_ratio\tsingular_value\tloadings\n";
  for (Eigen::Index c = 0; c < r.components.rows(); ++c) {
    std::cout << "PC" << c + 1 << '\t' << format_double(r.explained_variance(c)) << '\t'
              << format_double(r.explained_variance_ratio(c)) << '\t' << format_double(r.singular_values(c))
              << '\t';
    for (Eigen::Index f = 0; f < r.components.cols(); ++f)
      std::cout << (f ? " " : "") << format_double(r.components(c, f));
    std::cout << '\n';
  }
}

}  // namespace

int run(const Options& o) {
  const NumericTable table = read_numeric_csv(o.input, o.delimiter);
  const PcaResult r = embkit::pca(table.values, o.pca);
  if (!o.output.empty()) write_projection(r, o.output);
  if (o.json) print_json(r, table);
  else print_table(r);
  if (!o.quiet)
    std::cerr << "pca: " << table.values.rows() << " samples × " << table.values.cols() << " features → "
              << r.singular_values.size() << " components explaining " << r.explained_variance_ratio.sum() * 100
              << " % of the variance\n";
  return 0;
}

EMBKIT_REGISTER_COMMAND("pca", "Principal component analysis of a numeric CSV table", [](const Args& a) {
  Options o = parse(a);
  return o.input.empty() ? 0 : run(o);
}, {{"components", "dim"}});

}  // namespace embkit::cli::pca
