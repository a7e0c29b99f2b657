// Principal component analysis through the SVD of the centered data.
//
// With X (n samples × d features) and column means μ, the centered matrix
// Xc = X − 1μᵀ = U Σ Vᵀ gives (Jolliffe 2002, ch. 1; as sklearn.decomposition.PCA):
//   components          rows of Vᵀ (k × d), unit length, by decreasing variance
//   explained variance  σ_i² / (n − 1)
//   explained ratio     σ_i² / ‖Xc‖_F²  (share of the total variance)
//   projection          Xc V = U Σ  (n × k)
// Signs follow randomized_svd's rule (largest |entry| of each U column positive),
// which is sklearn's svd_flip(u_based_decision=True).
#pragma once

#include <Eigen/Core>

#include "core/embeddings.h"
#include "factorization/randomized_svd.h"

namespace embkit {

struct PcaOptions {
  int components = 2;
  SvdOptions svd;  // rank is set from `components`; exact when the data is small
};

struct PcaResult {
  Eigen::RowVectorXd mean;                  // d
  MatrixD components;                       // k × d
  Eigen::VectorXd singular_values;          // k
  Eigen::VectorXd explained_variance;       // k
  Eigen::VectorXd explained_variance_ratio; // k
  double total_variance = 0;                // Σ over features of the sample variance
  MatrixD projection;                       // n × k (the fitted data, transformed)
  double seconds = 0;
};

// Needs at least 2 samples (variance divides by n − 1); throws InputError otherwise.
PcaResult pca(const MatrixD& X, const PcaOptions& options);
// (X − mean) · componentsᵀ: new samples in the fitted component space.
MatrixD pca_transform(const PcaResult& fitted, const MatrixD& X);

}  // namespace embkit
