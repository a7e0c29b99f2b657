#include "svd_command.h"

#include <cstdio>
#include <iostream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json.h"
#include "core/memory.h"
#include "core/npy.h"
#include "core/parallel.h"
#include "core/sparse.h"
#include "factorization/randomized_svd.h"

namespace embkit::cli::svd {

Options parse(const Args& args) {
  Options o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "matrix to factor (Matrix Market .mtx)")
      ("dim,d", po::value(&o.dim)->default_value(o.dim), "singular triplets kept (k)")
      ("output,o", po::value(&o.output)->default_value(o.output),
       "left singular vectors U (rows × k), .npy float32 (optional with --output-v, --output-s or --json)")
      ("output-v", po::value(&o.output_v)->default_value(o.output_v), "right singular vectors V (cols × k), .npy")
      ("output-s", po::value(&o.output_s)->default_value(o.output_s), "singular values, one per line, descending")
      ("power-iters", po::value(&o.power_iters)->default_value(o.power_iters), "power iterations")
      ("oversample", po::value(&o.oversample)->default_value(o.oversample), "extra random directions")
      ("exact", po::bool_switch(&o.exact), "exact SVD (dense BDCSVD; small inputs only)")
      ("json", po::bool_switch(&o.json), "print a JSON summary (singular_values, seconds) on stdout");
  add_svd_solver_option(desc, o.solver);
  add_common_options(desc, common);
  po::variables_map vm;
  if (!parse_args("svd", "--input X.mtx --dim K --output U.npy [options]", desc, args, vm)) return {};
  o.threads = common.threads;
  o.seed = common.seed;
  o.quiet = common.quiet;
  if (o.output.empty() && o.output_v.empty() && o.output_s.empty() && !o.json)
    throw UsageError("nothing to do: give --output, --output-v, --output-s or --json");
  require_positive("dim", o.dim);
  require_at_least("power-iters", o.power_iters, 0);
  parse_svd_solver(o.solver);
  require_at_least("oversample", o.oversample, 0);
  resolve_threads(o.threads);
  return o;
}

int run(const Options& o) {
  const SparseMatrix A = read_matrix_market(o.input);
  if (A.rows() == 0 || A.cols() == 0)
    throw InputError(located(o.input, 0, "matrix is empty (" + std::to_string(A.rows()) + " × " +
                                             std::to_string(A.cols()) + ")"));
  SvdOptions options;
  options.rank = o.dim;
  options.power_iters = o.power_iters;
  options.solver = parse_svd_solver(o.solver);
  options.oversample = o.oversample;
  options.exact = o.exact;
  options.seed = o.seed;
  options.threads = o.threads;
  const SvdResult r = randomized_svd(A, options);
  if (!o.output.empty()) write_npy(r.U.cast<float>(), o.output);
  if (!o.output_v.empty()) write_npy(r.V.cast<float>(), o.output_v);
  if (!o.output_s.empty()) {
    AtomicFile f(o.output_s, false);
    for (Eigen::Index i = 0; i < r.S.size(); ++i) f.stream() << format_double(r.S(i)) << '\n';
    f.commit();
  }
  if (o.json) {
    JsonWriter j(std::cout);
    j.begin_object();
    j.key("rows").value(static_cast<std::int64_t>(A.rows()));
    j.key("cols").value(static_cast<std::int64_t>(A.cols()));
    j.key("nonzeros").value(static_cast<std::int64_t>(A.nonZeros()));
    j.key("dim").value(static_cast<std::int64_t>(r.S.size()));
    j.key("singular_values").begin_array();
    for (Eigen::Index i = 0; i < r.S.size(); ++i) j.value(r.S(i));
    j.end_array();
    j.key("svd_seconds").value(r.seconds);
    j.key("peak_rss_bytes").value(static_cast<std::uint64_t>(peak_rss_bytes()));
    j.end_object();
    std::cout << "\n";
  }
  if (!o.quiet)
    std::cerr << "svd: " << A.rows() << " × " << A.cols() << " (" << A.nonZeros() << " non-zeros) → k = "
              << r.S.size() << " in " << r.seconds << " s\n";
  return 0;
}

EMBKIT_REGISTER_COMMAND("svd", "Truncated SVD of a Matrix Market matrix (randomized, Halko et al. 2011)",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.input.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::svd
