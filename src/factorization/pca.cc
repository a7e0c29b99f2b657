#include "factorization/pca.h"

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/json.h"

namespace embkit {

PcaResult pca(const MatrixD& X, const PcaOptions& options) {
  const Eigen::Index n = X.rows(), d = X.cols();
  if (n < 2) throw InputError("PCA needs at least 2 samples, got " + std::to_string(n));
  if (d < 1) throw InputError("PCA needs at least 1 feature");
  if (options.components < 1)
    throw ParameterError("components", "must be at least 1, got " + std::to_string(options.components));
  if (options.components > std::min(n, d))
    throw ParameterError("components", std::to_string(options.components) +
                     " exceeds min(samples, features) = " + std::to_string(std::min(n, d)));
  PcaResult r;
  r.mean = X.colwise().mean();
  const MatrixD centered = X.rowwise() - r.mean;
  r.total_variance = centered.squaredNorm() / static_cast<double>(n - 1);
  // Values near the top of double's range (±1e308) overflow the mean or the
  // squared deviations: the variances would print as inf and their ratios as
  // NaN. Refuse rather than report them.
  if (!std::isfinite(r.total_variance))
    throw InputError("PCA: the squared deviations from the mean overflow double precision (largest |value| " +
                     format_double(X.cwiseAbs().maxCoeff()) + "); rescale the input");
  SvdOptions svd = options.svd;
  svd.rank = options.components;
  const SvdResult f = randomized_svd(centered, svd);
  r.singular_values = f.S;
  r.components = f.V.transpose();
  r.explained_variance = f.S.array().square() / static_cast<double>(n - 1);
  r.explained_variance_ratio = r.total_variance > 0
                                   ? Eigen::VectorXd(r.explained_variance / r.total_variance)
                                   : Eigen::VectorXd::Zero(f.S.size());
  r.projection = f.U * f.S.asDiagonal();
  r.seconds = f.seconds;
  return r;
}

MatrixD pca_transform(const PcaResult& fitted, const MatrixD& X) {
  if (X.cols() != fitted.mean.size())
    throw InputError("PCA transform: expected " + std::to_string(fitted.mean.size()) +
                     " features, got " + std::to_string(X.cols()));
  return (X.rowwise() - fitted.mean) * fitted.components.transpose();
}

}  // namespace embkit
