#include "plot_command.h"

#include <algorithm>
#include <iostream>

#include "core/error.h"
#include "core/text.h"
#include "core/vectors_io.h"
#include "eval/eval_svg.h"
#include "eval/label_lookup.h"
#include "factorization/pca.h"
#include "word_groups.h"

namespace embkit::cli::plot {

Options parse(const Args& args) {
  Options o;
  po::options_description desc("Options");
  add_vectors_option(desc, o.vectors);
  desc.add_options()
      ("words", po::value(&o.words), "comma-separated words; ';' starts a new colour group")
      ("top", bound(o.top), "plot the N most frequent (first) rows instead")
      ("output,o", po::value(&o.output)->required(), "SVG file to write")
      ("title", po::value(&o.title)->default_value(""), "chart title (default: PCA of VECTORS)")
      ("groups", po::value(&o.groups),
       "colour by group, with a legend: word<TAB>group per line (instead of ';' groups in --words)")
      ("raw", po::bool_switch(&o.raw), "project raw vectors (default: unit-normalised rows, cosine geometry)");
  add_quiet_option(desc, o.quiet);
  add_json_option(desc, o.json);
  po::variables_map vm;
  if (!parse_args("plot", "--vectors V (--words w1,w2,... | --top N) [--groups FILE] --output FILE.svg", desc, args, vm))
    return {};
  const bool top_given = !vm["top"].defaulted();
  if (o.words.empty() == !top_given) throw UsageError("give exactly one of --words and --top");
  // A 2-D projection of fewer than two points has no axes to fit.
  if (top_given) require_at_least("top", o.top, 2);
  if (!o.groups.empty() && o.words.find(';') != std::string::npos)
    throw UsageError("give either --groups or ';' groups in --words, not both");
  if (!ends_with(o.output, ".svg"))
    throw UsageError("--output must end in .svg (plot writes SVG), got '" + o.output + "'");
  return o;
}

int run(const Options& o) {
  ReadVectorsOptions read;
  read.limit = o.top;
  const Embeddings embeddings = read_vectors(o.vectors, read);
  std::vector<std::int64_t> rows;
  std::vector<int> groups;
  if (o.top > 0) {
    for (std::int64_t i = 0; i < embeddings.rows() && i < o.top; ++i) rows.push_back(i), groups.push_back(0);
  } else {
    const LabelLookup lookup(embeddings, 0, true);
    std::vector<std::string> missing;
    int group = 0;
    for (const std::string& part : split_list(o.words, ';')) {
      for (const std::string& word : split_list(part, ',')) {
        std::int64_t row = embeddings.find(word);
        if (row < 0) row = lookup.find(word);  // fall back to any case variant
        if (row < 0) {
          missing.push_back(word);
          continue;
        }
        rows.push_back(row);
        groups.push_back(group);
      }
      ++group;
    }
    if (!missing.empty() && !o.quiet) {
      std::cerr << "plot: not in " << o.vectors << ":";
      for (const auto& w : missing) std::cerr << " " << w;
      std::cerr << "\n";
    }
  }
  if (rows.size() < 2)
    throw InputError(located(o.vectors, 0, "fewer than 2 of the requested words have vectors; nothing to plot"));
  // The legend: --groups' names, in the file's order, of the groups among the
  // plotted words; or one entry per ';' group of --words, named by its words;
  // none when all points are one group.
  std::vector<std::string> legend;
  if (!o.groups.empty()) {
    std::vector<std::string> plotted;
    for (std::int64_t row : rows) plotted.push_back(embeddings.labels[static_cast<std::size_t>(row)]);
    const WordGroups file_groups = read_word_groups(o.groups, plotted);
    std::vector<int> shown(file_groups.legend.size(), -1);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      int& colour = shown[static_cast<std::size_t>(file_groups.colour[i])];
      if (colour < 0) colour = 0;  // marked; numbered below, in the file's order
    }
    for (std::size_t g = 0; g < shown.size(); ++g)
      if (shown[g] == 0) shown[g] = static_cast<int>(legend.size()), legend.push_back(file_groups.legend[g]);
    for (std::size_t i = 0; i < rows.size(); ++i) groups[i] = shown[static_cast<std::size_t>(file_groups.colour[i])];
  } else if (std::any_of(groups.begin(), groups.end(), [&](int g) { return g != groups[0]; })) {
    for (const std::string& part : split_list(o.words, ';')) {
      const std::vector<std::string> members = split_list(part, ',');
      std::string name;
      for (std::size_t w = 0; w < members.size() && w < 3; ++w) name += (w ? ", " : "") + members[w];
      legend.push_back(members.size() > 3 ? name + ", …" : name);
    }
  }
  Matrix selected(static_cast<Eigen::Index>(rows.size()), embeddings.dim());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    selected.row(static_cast<Eigen::Index>(i)) = embeddings.vectors.row(rows[i]);
    const float norm = selected.row(static_cast<Eigen::Index>(i)).norm();
    if (!o.raw && norm > 0) selected.row(static_cast<Eigen::Index>(i)) /= norm;
  }
  // The first two principal components (for 1-d vectors one, and a flat second
  // axis), from the exact SVD: a plot's labelled points are few enough for it,
  // and unlike the randomized SVD it depends on no seed.
  PcaOptions pca_options;
  pca_options.components = static_cast<int>(std::min<Eigen::Index>(2, selected.cols()));
  pca_options.svd.exact = true;
  const PcaResult fitted = embkit::pca(selected.cast<double>(), pca_options);
  const auto explained_ratio = [&](Eigen::Index axis) {
    return axis < fitted.explained_variance_ratio.size() ? fitted.explained_variance_ratio(axis) : 0.0;
  };
  LabelledScatter scatter;
  char explained[96];
  std::snprintf(explained, sizeof explained, " (PC1 %.0f%%, PC2 %.0f%% of variance)",
                100 * explained_ratio(0), 100 * explained_ratio(1));
  scatter.title = (o.title.empty() ? "PCA of " + o.vectors : o.title) + explained;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Eigen::Index row = static_cast<Eigen::Index>(i);
    scatter.x.push_back(fitted.projection(row, 0));
    scatter.y.push_back(fitted.projection.cols() > 1 ? fitted.projection(row, 1) : 0.0);
    scatter.labels.push_back(embeddings.labels[static_cast<std::size_t>(rows[i])]);
  }
  scatter.groups = groups;
  scatter.legend = legend;
  scatter.x_label = "PC1";
  scatter.y_label = "PC2";
  write_svg_text(render_scatter_svg(scatter), o.output);
  if (!o.quiet) std::cerr << "plot: " << rows.size() << " points written to " << o.output << "\n";
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("points").begin_array();
      for (std::size_t i = 0; i < rows.size(); ++i)
        j.begin_object().key("label").value(scatter.labels[i]).key("group").value(groups[i])
            .key("x").value(scatter.x[i]).key("y").value(scatter.y[i]).end_object();
      j.end_array();
      if (!o.groups.empty()) {  // the names of the points' "group" numbers
        j.key("legend").begin_array();
        for (const std::string& name : legend) j.value(name);
        j.end_array();
      }
      j.key("explained_variance_ratio").begin_array().value(explained_ratio(0)).value(explained_ratio(1)).end_array();
      j.key("output").value(o.output);
    });
  return 0;
}

EMBKIT_REGISTER_COMMAND("plot", "2-D PCA projection of word vectors as a labelled SVG scatter",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.vectors.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::plot
