// mf: biased MF by SGD (explicit ratings) or implicit ALS, as `embkit mf`.
#include <cmath>

#include "binding.h"
#include "core/error.h"
#include "eval/rec_metrics.h"
#include "factorization/als.h"
#include "factorization/mf_sgd.h"
#include "factorization/ratings.h"

namespace embkit::python {

namespace {

// `embkit mf`'s own settings (apps/mf_command.h), not in a library struct.
constexpr double kPositiveThreshold = 4.0;
constexpr int kRankingCutoff = 10;

void put_metrics(py::dict& d, const RankingMetrics& m) {
  const std::string at = "@" + std::to_string(m.k);
  d[py::str("precision" + at)] = m.precision;
  d[py::str("recall" + at)] = m.recall;
  d[py::str("ndcg" + at)] = m.ndcg;
  d[py::str("map" + at)] = m.map;
  d["users"] = m.users;
}

}  // namespace

void bind_mf(py::module_& m) {
  const MfSgdOptions s;
  const AlsOptions a;
  m.def("mf",
        [](const py::object& train, const py::object& test, const std::string& algo, const py::object& dim,
           const py::object& epochs, const py::object& reg, double lr, double lr_decay, double reg_bias, double confidence,
           const std::string& als_solver, int cg_steps, double positive_threshold, int k, int threads, std::uint64_t seed,
           bool quiet, const py::object& progress) {
          if (algo != "sgd" && algo != "als") throw_value_error(param("algo") + " must be sgd or als, got '" + algo + "'");
          if (als_solver != "exact" && als_solver != "cg")
            throw_value_error(param("als_solver") + " must be exact or cg, got '" + als_solver + "'");
          MfSgdOptions sgd;
          AlsOptions als;
          // dim, epochs and reg: None = the algorithm's own default.
          if (!dim.is_none()) sgd.dim = als.dim = dim.cast<int>();
          if (!epochs.is_none()) sgd.epochs = als.iterations = epochs.cast<int>();
          if (!reg.is_none()) sgd.reg = als.reg = reg.cast<double>();
          const bool is_sgd = algo == "sgd";
          require_at_least("dim", is_sgd ? sgd.dim : als.dim, 1);
          require_at_least("epochs", is_sgd ? sgd.epochs : als.iterations, 1);
          require_at_least("k", k, 1);
          require_at_least("cg_steps", cg_steps, 1);
          require_range("lr", lr, 1e-12, 10);
          require_range("lr_decay", lr_decay, 1e-6, 1);
          require_range("reg", is_sgd ? sgd.reg : als.reg, 0, 1e6);
          require_range("reg_bias", reg_bias, 0, 1e6);
          require_range("confidence", confidence, 0, 1e9);
          sgd.learning_rate = lr;
          sgd.lr_decay = lr_decay;
          sgd.reg_bias = reg_bias;
          als.alpha = confidence;
          als.conjugate_gradient = als_solver == "cg";
          als.cg_steps = cg_steps;
          sgd.threads = als.threads = threads;
          sgd.seed = als.seed = seed;
          sgd.quiet = als.quiet = quiet;
          const std::string train_path = path_of(train);
          const std::string test_path = test.is_none() ? std::string() : path_of(test);
          const ParameterNames names = {{"learning_rate", "lr"}, {"iterations", "epochs"}, {"alpha", "confidence"}};

          RatingsData data;
          RatingList train_set, test_set;
          py::dict out;
          call(names, progress, [&] {
            train_set = data.read(train_path);
            if (!test_path.empty()) test_set = data.read(test_path);
          });
          const std::int32_t users = data.users.size(), items = data.items.size();
          if (is_sgd) {
            const BiasedMF model = call(names, progress, [&] {
              return train_biased_mf(train_set, users, items, sgd, test_set.empty() ? nullptr : &test_set);
            });
            out["user_factors"] = to_numpy(model.user_factors);
            out["item_factors"] = to_numpy(model.item_factors);
            out["user_bias"] = to_numpy(model.user_bias);
            out["item_bias"] = to_numpy(model.item_bias);
            out["global_mean"] = model.global_mean;
            out["train_rmse"] = rmse(model, train_set);
            out["test_rmse"] = test_set.empty() ? NAN : rmse(model, test_set);
            out["test_mae"] = test_set.empty() ? NAN : mae(model, test_set);
          } else {
            const RatingList positives = implicit_positives(train_set, positive_threshold);
            if (positives.empty())
              throw_value_error(train_path + ": no training rating is >= " + param("positive_threshold") + " " +
                                std::to_string(positive_threshold));
            double loss = 0;
            const ImplicitMF model = call(names, progress, [&] {
              return train_implicit_als(positives, users, items, als,
                                        [&](const AlsIterationReport& r) { loss = r.loss; });
            });
            out["user_factors"] = to_numpy(model.user_factors);
            out["item_factors"] = to_numpy(model.item_factors);
            out["loss"] = loss;
            if (!test_set.empty()) {
              // As `embkit mf --algo als`: every training item is left out of a
              // user's candidates; relevant = test ratings >= positive_threshold.
              RankingMetrics ranking, popularity;
              call([&] {
                const ItemLists seen = items_by_user(train_set, users);
                const ItemLists relevant = items_by_user(test_set, users, static_cast<float>(positive_threshold));
                ranking = evaluate_ranking(dot_product_scorer(model.user_factors, model.item_factors), items, seen,
                                           relevant, k, threads);
                popularity = evaluate_ranking(
                    global_scorer(popularity_scores(items_by_user(positives, users), items)), items, seen, relevant,
                    k, threads);
              });
              put_metrics(out, ranking);
              py::dict baseline;
              baseline["name"] = "popularity";
              put_metrics(baseline, popularity);
              out["baseline"] = baseline;
            }
          }
          out["user_ids"] = data.users.names();
          out["item_ids"] = data.items.names();
          return out;
        },
        py::arg("train"), py::arg("test") = py::none(), py::kw_only(), py::arg("algo") = "sgd",
        py::arg("dim") = py::none(), py::arg("epochs") = py::none(), py::arg("reg") = py::none(),
        py::arg("lr") = s.learning_rate, py::arg("lr_decay") = s.lr_decay, py::arg("reg_bias") = s.reg_bias,
        py::arg("confidence") = a.alpha, py::arg("als_solver") = a.conjugate_gradient ? "cg" : "exact",
        py::arg("cg_steps") = a.cg_steps, py::arg("positive_threshold") = kPositiveThreshold,
        py::arg("k") = kRankingCutoff, py::arg("threads") = s.threads, py::arg("seed") = s.seed,
        py::arg("quiet") = s.quiet, py::arg("progress") = py::none(), R"doc(
User-item matrix factorization of a ratings file ('user item rating [timestamp]'
lines), as `embkit mf`: algo "sgd" (biased MF, Koren et al. 2009) or "als"
(implicit feedback, Hu et al. 2008). dim, epochs and reg default to the
algorithm's own. Returns a dict: user_ids, item_ids (in row order),
user_factors, item_factors; sgd adds global_mean, user_bias, item_bias,
train_rmse, test_rmse, test_mae; als adds loss and, with a test file,
precision@k, recall@k, ndcg@k, map@k, users and the popularity baseline.)doc");
}

}  // namespace embkit::python
