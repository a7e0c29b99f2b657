#include "mf_command.h"

#include <cmath>
#include <iostream>

#include "core/error.h"
#include "core/json.h"
#include "core/vectors_io.h"
#include "eval/rec_metrics.h"
#include "factorization/als.h"
#include "factorization/mf_sgd.h"
#include "factorization/ratings.h"

namespace embkit::cli::mf {

Options parse(const Args& args) {
  Options o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("train", po::value(&o.train)->required(), "training ratings: 'user item rating [timestamp]' lines (tab, comma or space)")
      ("test", po::value(&o.test), "test ratings (same format); otherwise see --split")
      ("split", po::value(&o.split)->default_value(o.split), "without --test: none | random | last (leave the last N per user by timestamp)")
      ("test-fraction", po::value(&o.test_fraction)->default_value(o.test_fraction, "0.2"), "--split random: share of ratings held out")
      ("leave-last", po::value(&o.leave_last)->default_value(o.leave_last), "--split last: ratings held out per user")
      ("algo", po::value(&o.algo)->default_value(o.algo), "sgd (explicit ratings, biased MF) | als (implicit feedback, weighted ALS)")
      ("dim", po::value(&o.dim)->default_value(-1, "100 (sgd), 64 (als)"), "latent dimensions")
      ("epochs", po::value(&o.epochs)->default_value(-1, "60 (sgd), 15 (als)"), "SGD epochs / ALS iterations")
      ("lr", po::value(&o.lr)->default_value(o.lr), "sgd: initial learning rate")
      ("lr-decay", po::value(&o.lr_decay)->default_value(o.lr_decay), "sgd: learning rate multiplier per epoch")
      ("reg", po::value(&o.reg)->default_value(-1, "0.1 (sgd), 30 (als)"), "L2 regularization λ of the factors")
      ("reg-bias", po::value(&o.reg_bias)->default_value(o.reg_bias), "sgd: L2 regularization of the biases")
      ("alpha", po::value(&o.alpha)->default_value(o.alpha), "als: confidence c = 1 + alpha * r")
      ("solver", po::value(&o.solver)->default_value(o.solver), "als: exact (Cholesky/LDLT per row) | cg (conjugate gradient)")
      ("cg-steps", po::value(&o.cg_steps)->default_value(o.cg_steps), "als --solver cg: CG steps per row and sweep")
      ("positive-threshold", po::value(&o.positive_threshold)->default_value(o.positive_threshold), "als: ratings >= this are positives (train) and relevant (test)")
      ("k", po::value(&o.k)->default_value(o.k), "als: cutoff of the ranking metrics")
      ("output-users", po::value(&o.output_users), "write user vectors (labels = user ids); format from extension")
      ("output-items", po::value(&o.output_items), "write item vectors (labels = item ids); format from extension")
      ("json", po::bool_switch(&o.json), "print the final metrics as one JSON object on stdout");
  add_common_options(desc, common);
  po::variables_map vm;
  if (!parse_args("mf", "--train FILE [--test FILE] --algo sgd|als [options]", desc, args, vm)) return {};
  o.threads = common.threads;
  o.seed = common.seed;
  o.quiet = common.quiet;
  require_one_of("algo", o.algo, {"sgd", "als"});
  require_one_of("split", o.split, {"none", "random", "last"});
  require_one_of("solver", o.solver, {"exact", "cg"});
  const bool sgd = o.algo == "sgd";
  if (vm["dim"].defaulted()) o.dim = sgd ? 100 : 64;
  if (vm["epochs"].defaulted()) o.epochs = sgd ? 60 : 15;
  if (vm["reg"].defaulted()) o.reg = sgd ? 0.1 : 30.0;
  require_positive("dim", o.dim);
  require_positive("epochs", o.epochs);
  require_positive("k", o.k);
  require_positive("cg-steps", o.cg_steps);
  require_positive("leave-last", o.leave_last);
  require_range("test-fraction", o.test_fraction, 1e-9, 1 - 1e-9);
  require_range("lr", o.lr, 1e-12, 10);
  require_range("lr-decay", o.lr_decay, 1e-6, 1);
  require_range("reg", o.reg, 0, 1e6);
  require_range("reg-bias", o.reg_bias, 0, 1e6);
  require_range("alpha", o.alpha, 0, 1e9);
  if (!o.test.empty() && !vm["split"].defaulted())
    throw UsageError("--split and --test are mutually exclusive: the test file is the split");
  if (o.algo == "als" && o.solver == "exact" && !vm["cg-steps"].defaulted())
    throw UsageError("--cg-steps applies only to --solver cg");
  return o;
}

namespace {

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
  return "precision" + at + " " + format_double(m.precision) + "  recall" + at + " " + format_double(m.recall) +
         "  ndcg" + at + " " + format_double(m.ndcg) + "  map" + at + " " + format_double(m.map);
}

}  // namespace

int run(const Options& o) {
  RatingsData data;
  RatingList train = data.read(o.train);
  RatingList test;
  if (!o.test.empty()) {
    test = data.read(o.test);
  } else if (o.split == "random") {
    RatingSplit s = split_random(train, o.test_fraction, o.seed);
    train = std::move(s.train);
    test = std::move(s.test);
  } else if (o.split == "last") {
    RatingSplit s = split_leave_last(train, data.users.size(), o.leave_last);
    train = std::move(s.train);
    test = std::move(s.test);
  }
  if (train.empty()) throw InputError(located(o.train, 0, "no training ratings left after the split"));
  const std::int32_t users = data.users.size(), items = data.items.size();
  if (!o.quiet)
    std::cerr << "mf: " << train.size() << " training and " << test.size() << " test ratings, " << users
              << " users, " << items << " items\n";

  std::vector<char> user_trained(static_cast<std::size_t>(users), 0), item_trained(static_cast<std::size_t>(items), 0);
  JsonWriter j(std::cout);
  if (o.algo == "sgd") {
    for (const Rating& r : train) user_trained[static_cast<std::size_t>(r.user)] = item_trained[static_cast<std::size_t>(r.item)] = 1;
    // A test rating whose user or item never appears in training can only be
    // predicted from the global mean and the other side's bias: say how many.
    std::int64_t cold = 0;
    for (const Rating& r : test)
      cold += !user_trained[static_cast<std::size_t>(r.user)] || !item_trained[static_cast<std::size_t>(r.item)];
    if (cold > 0 && !o.quiet)
      std::cerr << "mf: note: " << cold << " of " << test.size()
                << " test ratings have a user or item absent from training (cold start); they are predicted "
                   "from the mean and biases only\n";
    MfSgdOptions so;
    so.dim = o.dim;
    so.epochs = o.epochs;
    so.learning_rate = o.lr;
    so.lr_decay = o.lr_decay;
    so.reg = o.reg;
    so.reg_bias = o.reg_bias;
    so.seed = o.seed;
    so.threads = o.threads;
    so.quiet = o.quiet;
    double seconds = 0;
    BiasedMF model = train_biased_mf(train, users, items, so, test.empty() ? nullptr : &test,
                                     [&](const EpochReport& r) { seconds += r.seconds; });
    const double train_rmse = rmse(model, train);
    const double test_rmse = test.empty() ? NAN : rmse(model, test), test_mae = test.empty() ? NAN : mae(model, test);
    // The final metrics are the command's result: stdout (as a table line, or JSON below).
    if (!o.json) {
      std::cout << "mf sgd: train_rmse " << format_double(train_rmse);
      if (!test.empty()) std::cout << "  test_rmse " << format_double(test_rmse) << "  test_mae " << format_double(test_mae);
      std::cout << "\n";
    }
    if (!o.quiet) std::cerr << "mf sgd: " << format_double(seconds / o.epochs) << " s/epoch\n";
    if (o.json) {
      j.begin_object();
      j.key("algo").value("sgd");
      j.key("train_rmse").value(train_rmse);
      j.key("test_rmse").value(test_rmse);
      j.key("test_mae").value(test_mae);
      j.key("epochs").value(o.epochs);
      j.key("seconds_per_epoch").value(seconds / o.epochs);
      j.end_object();
      std::cout << "\n";
    }
    if (!o.output_users.empty()) write_rows(model.user_factors, data.users, user_trained, o.output_users);
    if (!o.output_items.empty()) write_rows(model.item_factors, data.items, item_trained, o.output_items);
    return 0;
  }

  // Implicit: positives are ratings >= threshold, each with r = 1.
  RatingList positives;
  for (const Rating& r : train)
    if (r.value >= o.positive_threshold) {
      positives.push_back({r.user, r.item, 1.0f, r.timestamp});
      user_trained[static_cast<std::size_t>(r.user)] = item_trained[static_cast<std::size_t>(r.item)] = 1;
    }
  if (positives.empty())
    throw InputError(located(o.train, 0, "no training rating is >= --positive-threshold " +
                                             format_double(o.positive_threshold)));
  AlsOptions ao;
  ao.dim = o.dim;
  ao.iterations = o.epochs;
  ao.alpha = o.alpha;
  ao.reg = o.reg;
  ao.conjugate_gradient = o.solver == "cg";
  ao.cg_steps = o.cg_steps;
  ao.seed = o.seed;
  ao.threads = o.threads;
  ao.quiet = o.quiet;
  double seconds = 0, loss = 0;
  ImplicitMF model = train_implicit_als(positives, users, items, ao, [&](const AlsIterationReport& r) {
    seconds += r.seconds;
    loss = r.loss;
  });
  if (!o.quiet) std::cerr << "mf als: " << format_double(seconds / o.epochs) << " s/iteration\n";
  bool evaluated = false;
  RankingMetrics als_metrics, baseline;
  if (!test.empty()) {
    // Every training item is excluded from a user's candidates, whatever its rating.
    const ItemLists seen = items_by_user(train, users);
    const ItemLists relevant = items_by_user(test, users, static_cast<float>(o.positive_threshold));
    const ItemLists train_positive = items_by_user(positives, users);
    als_metrics = evaluate_ranking(dot_product_scorer(model.user_factors, model.item_factors), items, seen,
                                   relevant, o.k, o.threads);
    baseline = evaluate_ranking(global_scorer(popularity_scores(train_positive, items)), items, seen, relevant,
                                o.k, o.threads);
    evaluated = true;
    if (!o.json) {
      std::cout << "mf als:        " << describe(als_metrics) << "  (" << als_metrics.users << " users)\n";
      std::cout << "mf popularity: " << describe(baseline) << "\n";
    }
  }
  if (o.json) {
    j.begin_object();
    j.key("algo").value("als");
    j.key("loss").value(loss);
    j.key("iterations").value(o.epochs);
    j.key("seconds_per_iteration").value(seconds / o.epochs);
    if (evaluated) {
      json_metrics(j, als_metrics);
      j.key("baseline").begin_object();
      j.key("name").value("popularity");
      json_metrics(j, baseline);
      j.end_object();
    }
    j.end_object();
    std::cout << "\n";
  }
  if (!o.output_users.empty()) write_rows(model.user_factors, data.users, user_trained, o.output_users);
  if (!o.output_items.empty()) write_rows(model.item_factors, data.items, item_trained, o.output_items);
  return 0;
}

EMBKIT_REGISTER_COMMAND("mf", "Factorize user-item ratings: biased MF by SGD or implicit ALS, with metrics",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.train.empty() ? 0 : run(o);
                        },
                        {{"learning_rate", "lr"}});

}  // namespace embkit::cli::mf
