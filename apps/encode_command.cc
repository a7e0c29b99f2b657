#include "encode_command.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "core/documents.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/text.h"
#include "encoding/bag_of_words.h"
#include "encoding/categorical_encoder.h"
#include "encoding/csv_reader.h"
#include "encoding/encoded_output.h"

namespace embkit::cli::encode {

namespace {

// The values (or documents) of one input, with the line each came from.
struct Column {
  std::string name = "value";
  std::vector<std::string> values;
  std::vector<std::uint64_t> lines;
};

bool is_csv(const Options& o, const std::string& path) {
  if (o.format == "auto") return ends_with(path, ".csv");
  return o.format == "csv";
}

Column read_csv_column(const std::string& path, const std::string& column) {
  CsvReader reader(path);
  std::vector<std::string> fields;
  if (!reader.next(fields)) throw_input_error(path, 0, "empty file (expected a header line)");
  std::size_t index = fields.size();
  for (std::size_t j = 0; j < fields.size() && index == fields.size(); ++j)
    if (fields[j] == column) index = j;
  if (index == fields.size()) {
    std::string all;
    for (const auto& f : fields) all += (all.empty() ? "" : ", ") + quote_input(f);
    if (column.empty()) {
      if (fields.size() != 1)
        throw_input_error(path, 1, "the file has " + std::to_string(fields.size()) +
                                       " columns; choose one with --column (columns: " + all + ")");
      index = 0;
    } else if (column.find_first_not_of("0123456789") == std::string::npos) {
      // from_chars, not stoull: twenty digits must be "out of range", not
      // std::out_of_range's "stoull".
      const auto [end, ec] = std::from_chars(column.data(), column.data() + column.size(), index);
      if (ec != std::errc() || end != column.data() + column.size()) index = fields.size();
      if (index >= fields.size())
        throw_input_error(path, 1, "--column " + column + " is out of range: the file has " +
                                       std::to_string(fields.size()) + " columns (0-based)");
    } else {
      throw_input_error(path, 1, "no column named '" + column + "' (columns: " + all + ")");
    }
  }
  Column out;
  out.name = fields[index];
  while (reader.next(fields)) {
    out.values.push_back(std::move(fields[index]));
    out.lines.push_back(reader.line());
  }
  if (out.values.empty()) throw_input_error(path, 0, "no rows after the header line");
  return out;
}

Column read_lines(const std::string& path) {
  LineReader reader(path);
  Column out;
  std::string line;
  while (reader.next(line)) {
    out.values.push_back(line);
    out.lines.push_back(reader.line_number());
  }
  if (out.values.empty()) throw_input_error(path, 0, "empty file (expected one value per line)");
  return out;
}

Column read_articles(const std::string& path) {
  Column out;
  out.values = read_documents(path, DocumentFormat::Wikidoc).texts;
  if (out.values.empty()) throw_input_error(path, 0, "no <doc> articles");
  return out;  // no line per row: errors name the article's number
}

Column read_column(const Options& o, const std::string& path) {
  require_readable_file(path);
  if (o.format == "wikidoc") return read_articles(path);
  if (is_csv(o, path)) return read_csv_column(path, o.column);
  if (!o.column.empty()) throw UsageError("--column needs a CSV input (--format csv or a .csv file)");
  return read_lines(path);
}

}  // namespace

Options parse(const Args& args) {
  Options o;
  CountVectorizerOptions& bow = o.bow;
  std::string tokens = token_pattern_name(bow.tokens);
  bool keep_case = !bow.lowercase;
  po::options_description desc("Options");
  desc.add_options()
      ("method,m", po::value(&o.method)->required(), "ordinal | onehot | dummy | bow")
      ("input,i", po::value(&o.input)->required(), "CSV file (.csv) or text file with one value/document per line; - for stdin")
      ("fit-input", po::value(&o.fit_input), "learn the categories or vocabulary from this file instead of --input")
      ("format", bound(o.format), "auto (.csv → csv, else lines) | csv | lines | wikidoc (one row per <doc> article)")
      ("column,c", po::value(&o.column), "CSV column: header name or 0-based index (needed when there are several)")
      ("output,o", po::value(&o.output), "OUT.csv (dense, header row) | OUT.npy | OUT.mtx | OUT.npz (scipy.sparse.load_npz; names in OUT.features.txt); default: CSV on stdout")
      ("unknown", bound(o.unknown), "values or terms not seen when fitting: error | ignore")
      ("binary", po::bool_switch(&bow.binary), "bow: 1 for present terms instead of counts")
      ("tokens", bound(tokens), "bow tokenization: sklearn | unicode | whitespace")
      ("keep-case", po::bool_switch(&keep_case), "bow: do not lowercase")
      ("min-df", bound(bow.min_df), "bow: drop terms in fewer documents (count ≥ 1, or proportion < 1)")
      ("max-df", bound(bow.max_df), "bow: drop terms in more documents (proportion ≤ 1, or count > 1)")
      ("max-features", bound(bow.max_features), "bow: keep the N most frequent terms (0 = all)");
  add_threads_option(desc, bow.threads);
  add_quiet_option(desc, o.quiet);
  add_json_option(desc, o.json);
  po::variables_map vm;
  if (!parse_args("encode", "--method ordinal|onehot|dummy|bow --input FILE [--column NAME] [--output OUT] [options]",
                  desc, args, vm))
    return {};
  require_one_of("method", o.method, {"ordinal", "onehot", "dummy", "bow"});
  require_one_of("format", o.format, {"auto", "csv", "lines", "wikidoc"});
  parse_unknown_policy(o.unknown);
  bow.tokens = parse_token_pattern(tokens);
  bow.lowercase = !keep_case;
  if (!o.output.empty()) encoded_format_for(o.output);
  if (o.json && o.output.empty()) throw UsageError("--json needs --output (without it the encoding is the CSV on stdout)");
  require_at_least("threads", bow.threads, 0);
  if (o.method != "bow") {
    for (const char* option : {"binary", "keep-case"})
      if (vm[option].as<bool>()) throw UsageError(std::string("--") + option + " applies only to --method bow");
    for (const char* option : {"min-df", "max-df", "max-features", "tokens"})
      if (!vm[option].defaulted()) throw UsageError(std::string("--") + option + " applies only to --method bow");
  }
  validate(bow);
  return o;
}

namespace {

// The encoded matrix, its column names, and for bow the timing breakdown.
struct Encoded {
  SparseMatrix matrix;
  std::vector<std::string> names;
  std::string breakdown;
};

Encoded encode_bow(const Options& o, const Column& fit_on, const Column* transform, UnknownPolicy unknown) {
  BagOfWordsEncoder encoder(o.bow, unknown);
  Encoded e;
  // swap, not operator=: Eigen 3.4's SparseMatrix has no move assignment.
  SparseMatrix fitted = encoder.fit_transform(fit_on.values);
  e.matrix.swap(fitted);
  if (transform) {
    SparseMatrix transformed = encoder.transform(transform->values, o.input, transform->lines);
    e.matrix.swap(transformed);
  }
  e.names = encoder.feature_names();
  const CountVectorizerTimings& t = encoder.vectorizer().timings();
  char text[160];
  std::snprintf(text, sizeof text, " (tokenize+count %.2f s, merge %.2f s, select %.2f s, CSR %.2f s)", t.count,
                t.merge, t.select, t.csr);
  e.breakdown = text;
  return e;
}

Encoded encode_categories(const Options& o, const Column& fit_on, const Column& data, UnknownPolicy unknown) {
  CategoricalEncoder encoder(parse_categorical_method(o.method), unknown);
  encoder.fit(fit_on.values);
  Encoded e;
  SparseMatrix transformed = encoder.transform_sparse(data.values, o.input, data.lines);
  e.matrix.swap(transformed);
  e.names = encoder.feature_names(data.name);
  return e;
}

}  // namespace

int run(const Options& o) {
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  const auto start = Clock::now();
  const Column data = read_column(o, o.input);
  const bool separate_fit = !o.fit_input.empty();
  const Column fit_data = separate_fit ? read_column(o, o.fit_input) : Column{};
  const Column& fit_on = separate_fit ? fit_data : data;
  const UnknownPolicy unknown = parse_unknown_policy(o.unknown);

  const double read_seconds = seconds_since(start);
  const auto encode_start = Clock::now();
  const Encoded e = o.method == "bow" ? encode_bow(o, fit_on, separate_fit ? &data : nullptr, unknown)
                                      : encode_categories(o, fit_on, data, unknown);
  const double encode_seconds = seconds_since(encode_start);
  const auto write_start = Clock::now();
  if (o.output.empty())
    write_encoded_csv(e.matrix, e.names, std::cout);
  else
    write_encoded(e.matrix, e.names, o.output);
  if (!o.quiet) {
    std::cerr << "encode: " << e.matrix.rows() << " rows × " << e.matrix.cols() << " features (" << o.method << ", "
              << e.matrix.nonZeros() << " non-zeros)" << (o.output.empty() ? "" : " written to " + o.output) << "\n";
    char text[160];
    std::snprintf(text, sizeof text, "encode: read %.2f s, encode %.2f s", read_seconds, encode_seconds);
    std::cerr << text << e.breakdown;
    std::snprintf(text, sizeof text, ", write %.2f s\n", seconds_since(write_start));
    std::cerr << text;
  }
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("method").value(o.method).key("rows").value(static_cast<std::int64_t>(e.matrix.rows()));
      j.key("features").value(static_cast<std::int64_t>(e.matrix.cols()));
      j.key("nonzeros").value(static_cast<std::int64_t>(e.matrix.nonZeros())).key("output").value(o.output);
    });
  return 0;
}

EMBKIT_REGISTER_COMMAND("encode", "Ordinal, one-hot, dummy or bag-of-words encoding of a CSV column or text lines",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.input.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::encode
