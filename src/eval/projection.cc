#include "eval/projection.h"

#include <Eigen/Eigenvalues>

#include "core/error.h"

namespace embkit {

Projection2D pca_2d(const Matrix& rows) {
  if (rows.rows() < 2) throw InputError("a 2-D projection needs at least 2 vectors, got " +
                                        std::to_string(rows.rows()));
  MatrixD centred = rows.cast<double>();
  centred.rowwise() -= centred.colwise().mean();
  // The covariance is dim × dim, small for embeddings (≤ 1000), so a symmetric
  // eigen-decomposition is simpler and as exact as an SVD of the n × dim data.
  const Eigen::MatrixXd covariance =
      (centred.transpose() * centred) / static_cast<double>(rows.rows() - 1);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
  if (solver.info() != Eigen::Success) throw InputError("PCA: eigen-decomposition failed");
  const Eigen::Index d = covariance.rows();
  Projection2D result;
  result.points = MatrixD::Zero(rows.rows(), 2);
  const double total = solver.eigenvalues().sum();
  for (int axis = 0; axis < 2 && axis < d; ++axis) {
    // Eigen sorts eigenvalues ascending: the leading components are last.
    const Eigen::VectorXd v = solver.eigenvectors().col(d - 1 - axis);
    Eigen::VectorXd coords = centred * v;
    Eigen::Index largest;
    coords.cwiseAbs().maxCoeff(&largest);
    if (coords(largest) < 0) coords = -coords;
    result.points.col(axis) = coords;
    result.explained[axis] = total > 0 ? solver.eigenvalues()(d - 1 - axis) / total : 0.0;
  }
  return result;
}

}  // namespace embkit
