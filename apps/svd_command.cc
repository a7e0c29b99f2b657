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
  SvdOptions& svd = o.svd;
  std::string solver = svd_solver_name(svd.solver);
  po::options_description desc("Options");
  desc.add_options()
      ("input,i", po::value(&o.input)->required(), "matrix to factor: Matrix Market .mtx or scipy.sparse .npz (CSR, save_npz(..., compressed=False))")
      ("dim,d", bound(svd.rank), "singular triplets kept (k)")
      ("output,o", bound(o.output),
       "left singular vectors U (rows × k), .npy float32 (optional with --output-v, --output-s or --json)")
      ("output-v", bound(o.output_v), "right singular vectors V (cols × k), .npy")
      ("output-s", bound(o.output_s), "singular values, one per line, descending")
      ("power-iters", bound(svd.power_iters), "power iterations")
      ("oversample", bound(svd.oversample), "extra random directions")
      ("exact", po::bool_switch(&svd.exact), "exact SVD (dense BDCSVD; small inputs only)")
      ("json", po::bool_switch(&o.json), "print a JSON summary (singular_values, seconds) on stdout");
  add_svd_solver_option(desc, solver);
  add_threads_option(desc, svd.threads);
  add_seed_option(desc, svd.seed);
  add_quiet_option(desc, o.quiet);
  po::variables_map vm;
  if (!parse_args("svd", "--input X.npz|X.mtx --dim K --output U.npy [options]", desc, args, vm)) return {};
  if (o.output.empty() && o.output_v.empty() && o.output_s.empty() && !o.json)
    throw UsageError("nothing to do: give --output, --output-v, --output-s or --json");
  svd.solver = parse_svd_solver(solver);
  svd.validate();
  return o;
}

int run(const Options& o) {
  // The SVD's workspace follows from the size line alone: refuse before reading.
  const SparseMatrix A = read_sparse(o.input, [&](std::int64_t rows, std::int64_t cols, std::int64_t) {
    if (rows > 0 && cols > 0)
      require_memory(svd_workspace_bytes(rows, cols, o.svd),
                     "randomized SVD of a " + std::to_string(rows) + " × " + std::to_string(cols) + " matrix");
  });
  if (A.rows() == 0 || A.cols() == 0)
    throw InputError(located(o.input, 0, "matrix is empty (" + std::to_string(A.rows()) + " × " +
                                             std::to_string(A.cols()) + ")"));
  const SvdResult r = randomized_svd(A, o.svd);
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

// Under mpirun the randomized SVD splits the matrix's long side across the
// ranks (factorization/randomized_svd.h).
EMBKIT_REGISTER_DISTRIBUTED_COMMAND("svd", "Truncated SVD of a Matrix Market matrix (randomized, Halko et al. 2011)",
                                    [](const Args& a) {
                                      Options o = parse(a);
                                      return o.input.empty() ? 0 : run(o);
                                    },
                                    (FlagNames{{"rank", "dim"}}));

}  // namespace embkit::cli::svd
