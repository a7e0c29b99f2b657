#include "mf_command.h"

#include <cmath>
#include <iostream>

#include "core/atomic_file.h"
#include "core/distributed.h"
#include "core/error.h"
#include "core/json.h"
#include "core/progress.h"
#include "core/vectors_io.h"
#include "eval/rec_metrics.h"
#include "factorization/als.h"
#include "factorization/mf_sgd.h"
#include "factorization/ratings.h"

namespace embkit::cli::mf {

namespace {

// "100 (sgd), 64 (als)": a shared flag's default for each algorithm.
std::string both_defaults(const std::string& sgd, const std::string& als) {
  return sgd + " (sgd), " + als + " (als)";
}

}  // namespace

Options parse(const Args& args) {
  Options o;
  MfSgdOptions& sgd = o.sgd;
  AlsOptions& als = o.als;
  // Set on the command line, they replace the running algorithm's default.
  int dim = 0, epochs = 0;
  double reg = 0;
  std::string solver = als.conjugate_gradient ? "cg" : "exact";
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.train)->required(), "training ratings: 'user item rating [timestamp]' lines (tab, comma or space)")
      ("test", po::value(&o.test), "test ratings (same format); otherwise see --split")
      ("split", bound(o.split), "without --test: none | random | last (leave the last N per user by timestamp)")
      ("test-fraction", bound(o.test_fraction), "--split random: share of ratings held out")
      ("leave-last", bound(o.leave_last), "--split last: ratings held out per user")
      ("algo", bound(o.algo), "sgd (explicit ratings, biased MF) | als (implicit feedback, weighted ALS)")
      ("dim", po::value(&dim)->default_value(0, both_defaults(std::to_string(sgd.dim), std::to_string(als.dim))),
       "latent dimensions")
      ("epochs", po::value(&epochs)->default_value(0, both_defaults(std::to_string(sgd.epochs), std::to_string(als.iterations))),
       "SGD epochs / ALS iterations")
      ("lr", bound(sgd.learning_rate), "sgd: initial learning rate")
      ("lr-decay", bound(sgd.lr_decay), "sgd: learning rate multiplier per epoch")
      ("reg", po::value(&reg)->default_value(0, both_defaults(default_text(sgd.reg), default_text(als.reg))),
       "L2 regularization λ of the factors")
      ("reg-bias", bound(sgd.reg_bias), "sgd: L2 regularization of the biases")
      ("confidence", bound(als.alpha), "als: confidence scale alpha in c = 1 + alpha * r")
      ("als-solver", bound(solver), "als: exact (Cholesky/LDLT per row) | cg (conjugate gradient)")
      ("cg-steps", bound(als.cg_steps), "--als-solver cg: CG steps per row and sweep")
      ("positive-threshold", bound(o.positive_threshold), "als: ratings >= this are positives (train) and relevant (test)")
      ("k,k", bound(o.k), "als: cutoff of the ranking metrics")
      ("output-users", po::value(&o.output_users), "write user vectors (labels = user ids); format from extension")
      ("output-items", po::value(&o.output_items), "write item vectors (labels = item ids); format from extension")
      ("output-biases", po::value(&o.output_biases),
       "sgd: write the global mean, clip range and user/item biases (TSV; see docs/factorization.md)")
      ("json", po::bool_switch(&o.json), "print the final metrics as one JSON object on stdout");
  add_common_options(desc, sgd, als);
  po::variables_map vm;
  if (!parse_args("mf", "--input FILE [--test FILE] --algo sgd|als [options]", desc, args, vm)) return {};
  require_one_of("algo", o.algo, {"sgd", "als"});
  require_one_of("split", o.split, {"none", "random", "last"});
  require_one_of("als-solver", solver, {"exact", "cg"});
  als.conjugate_gradient = solver == "cg";
  if (!vm["dim"].defaulted()) sgd.dim = als.dim = dim;
  if (!vm["epochs"].defaulted()) sgd.epochs = als.iterations = epochs;
  if (!vm["reg"].defaulted()) sgd.reg = als.reg = reg;
  const bool is_sgd = o.algo == "sgd";
  require_positive("dim", is_sgd ? sgd.dim : als.dim);
  require_positive("epochs", is_sgd ? sgd.epochs : als.iterations);
  require_positive("k", o.k);
  require_positive("cg-steps", als.cg_steps);
  require_positive("leave-last", o.leave_last);
  require_range("test-fraction", o.test_fraction, 1e-9, 1 - 1e-9);
  require_range("lr", sgd.learning_rate, 1e-12, 10);
  require_range("lr-decay", sgd.lr_decay, 1e-6, 1);
  require_range("reg", is_sgd ? sgd.reg : als.reg, 0, 1e6);
  require_range("reg-bias", sgd.reg_bias, 0, 1e6);
  require_range("confidence", als.alpha, 0, 1e9);
  // NaN compares false with every rating: no positives, no relevant items.
  if (!std::isfinite(o.positive_threshold))
    throw UsageError("--positive-threshold must be a finite number, got " + format_double(o.positive_threshold));
  if (!o.test.empty() && !vm["split"].defaulted())
    throw UsageError("--split and --test are mutually exclusive: the test file is the split");
  if (!is_sgd && !o.output_biases.empty())
    throw UsageError("--output-biases applies to --algo sgd (implicit ALS has no biases)");
  if (!is_sgd && !als.conjugate_gradient && !vm["cg-steps"].defaulted())
    throw UsageError("--cg-steps applies only to --als-solver cg");
  if (is_sgd && distributed::size() > 1)
    throw UsageError("--algo sgd runs on one process only, not on " + std::to_string(distributed::size()) +
                     " MPI ranks: use --algo als under mpirun, or run without it");
  return o;
}

namespace {

// The ratings of one run: the training set, the test set (--test or the
// --split), and the id maps they share.
struct Experiment {
  RatingsData data;
  RatingList train, test;
  std::int32_t users() const { return data.users.size(); }
  std::int32_t items() const { return data.items.size(); }
};

Experiment read_experiment(const Options& o) {
  Experiment e;
  e.train = e.data.read(o.train);
  if (!o.test.empty()) {
    e.test = e.data.read(o.test);
  } else if (o.split != "none") {
    // Without timestamps every rating reads as time 0 and "last" would
    // silently mean "last in the file".
    if (o.split == "last" && e.data.first_untimed_line > 0)
      throw InputError(located(o.train, e.data.first_untimed_line,
                               "--split last holds out each user's most recent ratings, but this rating has no "
                               "timestamp (4th field); use --split random or give --test"));
    RatingSplit s = o.split == "random" ? split_random(e.train, o.test_fraction, o.sgd.seed)
                                        : split_leave_last(e.train, e.data.users.size(), o.leave_last);
    e.train = std::move(s.train);
    e.test = std::move(s.test);
  }
  if (e.train.empty()) throw InputError(located(o.train, 0, "no training ratings left after the split"));
  if (!o.sgd.quiet)
    std::cerr << "mf: " << e.train.size() << " training and " << e.test.size() << " test ratings, " << e.users()
              << " users, " << e.items() << " items\n";
  return e;
}

// Only rows that appear in training are written: a user or item seen only in
// the test file has no learned vector.
void write_rows(const Matrix& factors, const IdMap& ids, const std::vector<char>& trained, const std::string& path) {
  Embeddings emb;
  std::vector<std::int64_t> rows;
  for (std::int32_t r = 0; r < ids.size(); ++r)
    if (trained[static_cast<std::size_t>(r)]) rows.push_back(r);
  emb.vectors.resize(static_cast<Eigen::Index>(rows.size()), factors.cols());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    emb.labels.push_back(ids.name(static_cast<std::int32_t>(rows[k])));
    emb.vectors.row(static_cast<Eigen::Index>(k)) = factors.row(rows[k]);
  }
  write_vectors(emb, path);
}

void write_factors(const Options& o, const Experiment& e, const Matrix& users, const Matrix& items,
                   const RatedRows& trained) {
  if (!o.output_users.empty()) write_rows(users, e.data.users, trained.users, o.output_users);
  if (!o.output_items.empty()) write_rows(items, e.data.items, trained.items, o.output_items);
}

// The rest of the SGD model: r̂_ui = clip(μ + b_u + b_i + p_u·q_i, min, max).
// Lines "global_mean μ", "min_rating m", "max_rating M", then "user ID b_u" and
// "item ID b_i" for the users and items with vectors, tab-separated.
void write_biases(const BiasedMF& model, const Experiment& e, const RatedRows& trained, const std::string& path) {
  AtomicFile out(path);
  std::ostream& s = out.stream();
  s << "global_mean\t" << format_double(model.global_mean) << "\nmin_rating\t" << format_float(model.min_rating)
    << "\nmax_rating\t" << format_float(model.max_rating) << "\n";
  for (std::int32_t u = 0; u < e.users(); ++u)
    if (trained.users[static_cast<std::size_t>(u)])
      s << "user\t" << e.data.users.name(u) << '\t' << format_float(model.user_bias[u]) << '\n';
  for (std::int32_t i = 0; i < e.items(); ++i)
    if (trained.items[static_cast<std::size_t>(i)])
      s << "item\t" << e.data.items.name(i) << '\t' << format_float(model.item_bias[i]) << '\n';
  out.commit();
}

void json_metrics(JsonWriter& j, const RankingMetrics& m) {
  const std::string at = "@" + std::to_string(m.k);
  j.key("precision" + at).value(m.precision);
  j.key("recall" + at).value(m.recall);
  j.key("ndcg" + at).value(m.ndcg);
  j.key("map" + at).value(m.map);
  j.key("users").value(m.users);
}

std::string describe(const RankingMetrics& m) {
  const std::string at = "@" + std::to_string(m.k);
  return "precision" + at + " " + format_fixed(m.precision, 4) + "  recall" + at + " " + format_fixed(m.recall, 4) +
         "  ndcg" + at + " " + format_fixed(m.ndcg, 4) + "  map" + at + " " + format_fixed(m.map, 4);
}

int run_sgd(const Options& o, const Experiment& e) {
  const RatedRows trained = rated_rows(e.train, e.users(), e.items());
  const std::int64_t cold = count_cold_start(e.test, trained);
  if (cold > 0 && !o.sgd.quiet)
    std::cerr << "mf: note: " << cold << " of " << e.test.size()
              << " test ratings have a user or item absent from training (cold start); they are predicted "
                 "from the mean and biases only\n";
  double seconds = 0;
  const BiasedMF model = train_biased_mf(e.train, e.users(), e.items(), o.sgd, e.test.empty() ? nullptr : &e.test,
                                         [&](const EpochReport& r) { seconds += r.seconds; });
  const double train_rmse = rmse(model, e.train);
  const double test_rmse = e.test.empty() ? NAN : rmse(model, e.test);
  const double test_mae = e.test.empty() ? NAN : mae(model, e.test);
  const int epochs = o.sgd.epochs;
  // The final metrics are the command's result: stdout (as a table line, or JSON below).
  if (!o.json) {
    std::cout << "mf sgd: train_rmse " << format_fixed(train_rmse, 4);
    if (!e.test.empty())
      std::cout << "  test_rmse " << format_fixed(test_rmse, 4) << "  test_mae " << format_fixed(test_mae, 4);
    std::cout << "\n";
  }
  if (!o.sgd.quiet) std::cerr << "mf sgd: " << format_fixed(seconds / epochs, 3) << " s/epoch\n";
  if (o.json) {
    JsonWriter j(std::cout);
    j.begin_object();
    j.key("algo").value("sgd");
    j.key("train_rmse").value(train_rmse);
    j.key("test_rmse").value(test_rmse);
    j.key("test_mae").value(test_mae);
    j.key("epochs").value(epochs);
    j.key("seconds_per_epoch").value(seconds / epochs);
    j.end_object();
    std::cout << "\n";
  }
  write_factors(o, e, model.user_factors, model.item_factors, trained);
  if (!o.output_biases.empty()) write_biases(model, e, trained, o.output_biases);
  return 0;
}

struct AlsEvaluation {
  RankingMetrics als, popularity;
};

// Ranking of the test users' relevant items, against the most-popular baseline.
AlsEvaluation evaluate_als(const Options& o, const Experiment& e, const ImplicitMF& model,
                           const RatingList& positives) {
  // Every training item is excluded from a user's candidates, whatever its rating.
  const ItemLists seen = items_by_user(e.train, e.users());
  const ItemLists relevant = items_by_user(e.test, e.users(), static_cast<float>(o.positive_threshold));
  const ItemLists train_positive = items_by_user(positives, e.users());
  AlsEvaluation r;
  r.als = evaluate_ranking(dot_product_scorer(model.user_factors, model.item_factors), e.items(), seen, relevant,
                           o.k, o.als.threads);
  r.popularity = evaluate_ranking(global_scorer(popularity_scores(train_positive, e.items())), e.items(), seen,
                                  relevant, o.k, o.als.threads);
  return r;
}

int run_als(const Options& o, const Experiment& e) {
  const RatingList positives = implicit_positives(e.train, o.positive_threshold);
  if (positives.empty())
    throw InputError(located(o.train, 0, "no training rating is >= --positive-threshold " +
                                             format_double(o.positive_threshold)));
  double seconds = 0, loss = 0;
  const ImplicitMF model = train_implicit_als(positives, e.users(), e.items(), o.als, [&](const AlsIterationReport& r) {
    seconds += r.seconds;
    loss = r.loss;
  });
  const int iterations = o.als.iterations;
  if (!o.als.quiet) std::cerr << "mf als: " << format_fixed(seconds / iterations, 3) << " s/iteration\n";
  AlsEvaluation metrics;
  if (!e.test.empty()) {
    metrics = evaluate_als(o, e, model, positives);
    if (!o.json) {
      std::cout << "mf als:        " << describe(metrics.als) << "  (" << metrics.als.users << " users)\n";
      std::cout << "mf popularity: " << describe(metrics.popularity) << "\n";
    }
  }
  if (o.json) {
    JsonWriter j(std::cout);
    j.begin_object();
    j.key("algo").value("als");
    j.key("loss").value(loss);
    j.key("iterations").value(iterations);
    j.key("seconds_per_iteration").value(seconds / iterations);
    if (!e.test.empty()) {
      json_metrics(j, metrics.als);
      j.key("baseline").begin_object();
      j.key("name").value("popularity");
      json_metrics(j, metrics.popularity);
      j.end_object();
    }
    j.end_object();
    std::cout << "\n";
  }
  write_factors(o, e, model.user_factors, model.item_factors, rated_rows(positives, e.users(), e.items()));
  return 0;
}

}  // namespace

int run(const Options& o) {
  const Experiment e = read_experiment(o);
  return o.algo == "sgd" ? run_sgd(o, e) : run_als(o, e);
}

// Under mpirun --algo als splits users and items across the ranks
// (factorization/als.h); --algo sgd refuses.
EMBKIT_REGISTER_DISTRIBUTED_COMMAND("mf", "Factorize user-item ratings: biased MF by SGD or implicit ALS, with metrics",
                                    [](const Args& a) {
                                      Options o = parse(a);
                                      return o.train.empty() ? 0 : run(o);
                                    },
                                    (FlagNames{{"learning_rate", "lr"}, {"iterations", "epochs"},
                                               {"alpha", "confidence"}}));

}  // namespace embkit::cli::mf
