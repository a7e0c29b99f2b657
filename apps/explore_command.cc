#include "explore_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "core/error.h"
#include "core/input_file.h"
#include "core/text.h"
#include "core/vectors_io.h"
#include "eval/explorer_page.h"
#include "factorization/pca.h"

namespace embkit::cli::explore {

Options parse(const Args& args) {
  Options o;
  po::options_description desc("Options");
  desc.add_options()
      ("vectors,v", po::value(&o.vectors)->required()->composing(),
       "vector file (.vec, .bin, .npy, GloVe text); repeat it to compare files side by side "
       "(the first one's most frequent words are shown)")
      ("output,o", po::value(&o.output)->required(), "HTML file to write (one self-contained page)")
      ("top", bound(o.top), "show the N most frequent (first) words of the first file")
      ("groups", po::value(&o.groups), "colour by group instead of k-means: word<TAB>group per line")
      ("clusters", bound(o.kmeans.clusters), "k-means clusters colouring the map (spherical k-means)")
      ("k,k", bound(o.k), "neighbours listed per query, and the k of overlap@k")
      ("half", po::bool_switch(&o.half), "store the vectors as float16 (half the page size)");
  add_threads_option(desc, o.kmeans.threads);
  add_seed_option(desc, o.kmeans.seed);
  add_quiet_option(desc, o.quiet);
  add_json_option(desc, o.json);
  po::variables_map vm;
  if (!parse_args("explore", "--vectors V [--vectors V2 ...] --output PAGE.html [options]", desc, args, vm))
    return {};
  // A 2-D map of fewer than two points has no axes to fit.
  require_at_least("top", o.top, 2);
  require_positive("clusters", o.kmeans.clusters);
  require_positive("k", o.k);
  if (!ends_with(o.output, ".html"))
    throw UsageError("--output must end in .html (explore writes one HTML page), got '" + o.output + "'");
  return o;
}

namespace {

// The name shown above each file's lists: its file name, or the whole path when
// two files share a name.
std::vector<std::string> display_names(const std::vector<std::string>& paths) {
  std::vector<std::string> names;
  for (const std::string& p : paths) names.push_back(std::filesystem::path(p).filename().string());
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return paths;
  return names;
}

// word<TAB>group lines → each page word's group (the last entry, "(no group)",
// for words the file does not list), and the group names in order of appearance.
std::vector<std::int32_t> read_groups(const std::string& path, const std::vector<std::string>& words,
                                      std::vector<std::string>& legend) {
  std::map<std::string, std::int32_t> group_of_name;
  std::map<std::string, std::int32_t> group_of_word;
  LineReader reader(path);
  std::string line;
  std::vector<std::string_view> fields;
  while (reader.next(line)) {
    if (trim(line).empty()) continue;
    split_char(line, '\t', fields);
    if (fields.size() != 2 || fields[0].empty() || trim(fields[1]).empty())
      throw_input_error(path, reader.line_number(), "expected word<TAB>group");
    const std::string name(trim(fields[1]));
    const auto [it, added] = group_of_name.emplace(name, static_cast<std::int32_t>(legend.size()));
    if (added) legend.push_back(name);
    group_of_word[std::string(fields[0])] = it->second;
  }
  if (legend.empty()) throw InputError(located(path, 0, "no word<TAB>group lines found"));
  const auto none = static_cast<std::int32_t>(legend.size());
  legend.push_back("(no group)");
  std::vector<std::int32_t> colour(words.size(), none);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto it = group_of_word.find(words[i]);
    if (it != group_of_word.end()) colour[i] = it->second;
  }
  return colour;
}

// One file's part of the page: its unit rows for the page's words (zero where
// a word is missing), the PCA map of the rows it has and, unless `groups`
// colours the page, its spherical k-means clusters.
ExplorerMethod make_method(const Embeddings& emb, const std::string& name, const std::vector<std::string>& words,
                           const Options& o, const std::vector<std::int32_t>* groups,
                           const std::vector<std::string>& group_legend) {
  ExplorerMethod m;
  m.name = name;
  const auto n = static_cast<Eigen::Index>(words.size());
  m.vectors = Matrix::Zero(n, emb.dim());
  std::vector<Eigen::Index> present;
  for (Eigen::Index i = 0; i < n; ++i) {
    const std::int64_t row = emb.find(words[static_cast<std::size_t>(i)]);
    if (row < 0) continue;
    m.vectors.row(i) = emb.vectors.row(row);
    const float norm = m.vectors.row(i).norm();
    if (norm > 0) {  // an all-zero vector has no direction: shown as missing
      m.vectors.row(i) /= norm;
      present.push_back(i);
    }
  }
  if (present.size() < 2)
    throw InputError(located(name, 0, "has non-zero vectors for " + std::to_string(present.size()) + " of the " +
                                          std::to_string(n) + " words on the page; a map needs at least 2"));
  const auto count = static_cast<Eigen::Index>(present.size());
  Matrix rows(count, emb.dim());
  for (Eigen::Index r = 0; r < count; ++r) rows.row(r) = m.vectors.row(present[static_cast<std::size_t>(r)]);
  // PCA of the unit rows (cosine geometry, as `embkit plot`); a word missing
  // from this file sits where the zero vector projects.
  PcaOptions pca_options;
  pca_options.components = static_cast<int>(std::min<Eigen::Index>({2, emb.dim(), count}));
  pca_options.svd.seed = o.kmeans.seed;
  pca_options.svd.threads = o.kmeans.threads;
  const PcaResult fitted = embkit::pca(rows.cast<double>(), pca_options);
  const MatrixD origin = pca_transform(fitted, MatrixD::Zero(1, emb.dim()));
  for (Eigen::Index axis = 0; axis < 2; ++axis)
    m.explained[axis] = axis < fitted.explained_variance_ratio.size() ? fitted.explained_variance_ratio(axis) : 0.0;
  const auto coordinate = [](const MatrixD& p, Eigen::Index r, Eigen::Index axis) {
    return axis < p.cols() ? static_cast<float>(p(r, axis)) : 0.0f;
  };
  m.x.assign(static_cast<std::size_t>(n), coordinate(origin, 0, 0));
  m.y.assign(static_cast<std::size_t>(n), coordinate(origin, 0, 1));
  for (Eigen::Index r = 0; r < count; ++r) {
    const auto i = static_cast<std::size_t>(present[static_cast<std::size_t>(r)]);
    m.x[i] = coordinate(fitted.projection, r, 0);
    m.y[i] = coordinate(fitted.projection, r, 1);
  }
  if (groups) {
    m.colour = *groups;
    m.legend = group_legend;
    return m;
  }
  KMeansParams params = o.kmeans;
  params.clusters = static_cast<int>(std::min<Eigen::Index>(params.clusters, count));
  const KMeansResult clusters = kmeans(rows, params);
  for (int c = 0; c < params.clusters; ++c) m.legend.push_back("cluster " + std::to_string(c + 1));
  m.legend.push_back("not in this file");
  m.colour.assign(static_cast<std::size_t>(n), params.clusters);
  for (std::size_t r = 0; r < present.size(); ++r)
    m.colour[static_cast<std::size_t>(present[r])] = clusters.assignment[r];
  return m;
}

}  // namespace

int run(const Options& o) {
  ExplorerPage page;
  page.k = o.k;
  page.half = o.half;
  const std::vector<std::string> names = o.names.empty() ? display_names(o.vectors) : o.names;
  // Every input is read and checked before the work (and any progress line) starts.
  std::vector<Embeddings> files;
  for (std::size_t f = 0; f < o.vectors.size(); ++f) {
    ReadVectorsOptions read;
    if (f == 0) read.limit = o.top;  // the other files are searched for the first one's words
    files.push_back(read_vectors(o.vectors[f], read));
  }
  if (files[0].rows() < 2)
    throw InputError(located(o.vectors[0], 0, "holds " + std::to_string(files[0].rows()) +
                                                  " vector(s); a map needs at least 2"));
  page.words = files[0].labels;
  std::vector<std::int32_t> groups;
  std::vector<std::string> group_legend;
  if (!o.groups.empty()) groups = read_groups(o.groups, page.words, group_legend);
  for (std::size_t f = 0; f < files.size(); ++f)
    page.methods.push_back(make_method(files[f], names[f], page.words, o, o.groups.empty() ? nullptr : &groups,
                                       group_legend));
  page.title = "embkit explore: ";
  for (std::size_t f = 0; f < names.size(); ++f) page.title += (f ? ", " : "") + names[f];
  const std::uint64_t bytes = write_explorer_html(page, o.output);
  if (!o.quiet) {
    for (std::size_t f = 0; f < files.size(); ++f)
      std::cerr << "explore: " << o.vectors[f] << ": " << files[f].rows() << " × " << files[f].dim() << "\n";
    std::cerr << "explore: " << page.words.size() << " words written to " << o.output << " (" << bytes
              << " bytes)\n";
  }
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("words").value(static_cast<std::uint64_t>(page.words.size()));
      j.key("files").begin_array();
      for (const ExplorerMethod& m : page.methods)
        j.begin_object().key("name").value(m.name).key("dim").value(static_cast<std::int64_t>(m.vectors.cols()))
            .key("explained_variance_ratio").begin_array().value(m.explained[0]).value(m.explained[1]).end_array()
            .end_object();
      j.end_array();
      j.key("output").value(o.output).key("bytes").value(bytes);
    });
  return 0;
}

EMBKIT_REGISTER_COMMAND("explore",
                        "one self-contained HTML page to explore word vectors: PCA map, neighbours, analogies",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.vectors.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::explore
