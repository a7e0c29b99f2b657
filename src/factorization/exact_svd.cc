#include <Eigen/SVD>

#include "factorization/randomized_svd.h"

namespace embkit {

SvdResult exact_svd(const MatrixD& A, Eigen::Index k) {
  // Column-major copy: BDCSVD works on columns, MatrixD is row-major.
  Eigen::BDCSVD<Eigen::MatrixXd> svd(Eigen::MatrixXd(A), Eigen::ComputeThinU | Eigen::ComputeThinV);
  SvdResult r;
  r.S = svd.singularValues().head(k);
  r.U = svd.matrixU().leftCols(k);
  r.V = svd.matrixV().leftCols(k);
  return r;
}

}  // namespace embkit
