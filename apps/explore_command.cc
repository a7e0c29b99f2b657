#include "explore_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "core/error.h"
#include "core/text.h"
#include "core/vectors_io.h"
#include "eval/explorer_page.h"
#include "factorization/pca.h"
#include "word_groups.h"

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
      ("half", po::bool_switch(&o.half), "store the vectors as float16 (half the page size)")
      ("view", bound(o.view), "the map the page opens with: 2d | 3d (PCA to 3 axes, rotated by dragging); "
                              "a button in the page switches");
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
  require_one_of("view", o.view, {"2d", "3d"});
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

// One file's part of the page: its unit rows for the page's words (zero where
// a word is missing), the 3-D PCA map of the rows it has (the 2-D view shows
// its first two axes) and, unless `groups` colours the page, its spherical
// k-means clusters.
ExplorerMethod make_method(const Embeddings& emb, const std::string& name, const std::vector<std::string>& words,
                           const Options& o, const WordGroups* groups) {
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
  pca_options.components = static_cast<int>(std::min<Eigen::Index>({3, emb.dim(), count}));
  pca_options.svd.seed = o.kmeans.seed;
  pca_options.svd.threads = o.kmeans.threads;
  const PcaResult fitted = embkit::pca(rows.cast<double>(), pca_options);
  const MatrixD origin = pca_transform(fitted, MatrixD::Zero(1, emb.dim()));
  for (Eigen::Index axis = 0; axis < 3; ++axis)
    m.explained[axis] = axis < fitted.explained_variance_ratio.size() ? fitted.explained_variance_ratio(axis) : 0.0;
  const auto coordinate = [](const MatrixD& p, Eigen::Index r, Eigen::Index axis) {
    return axis < p.cols() ? static_cast<float>(p(r, axis)) : 0.0f;
  };
  std::vector<float>* const axes[3] = {&m.x, &m.y, &m.z};
  for (Eigen::Index axis = 0; axis < 3; ++axis) {
    std::vector<float>& values = *axes[axis];
    values.assign(static_cast<std::size_t>(n), coordinate(origin, 0, axis));
    for (Eigen::Index r = 0; r < count; ++r)
      values[static_cast<std::size_t>(present[static_cast<std::size_t>(r)])] = coordinate(fitted.projection, r, axis);
  }
  if (groups) {
    m.colour = groups->colour;
    m.legend = groups->legend;
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
  page.view_3d = o.view == "3d";
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
  WordGroups groups;
  if (!o.groups.empty()) groups = read_word_groups(o.groups, page.words);
  for (std::size_t f = 0; f < files.size(); ++f)
    page.methods.push_back(make_method(files[f], names[f], page.words, o, o.groups.empty() ? nullptr : &groups));
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
            .key("explained_variance_ratio").begin_array().value(m.explained[0]).value(m.explained[1])
            .value(m.explained[2]).end_array()
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
