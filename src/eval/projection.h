// 2-D projection of embeddings for plots: principal component analysis.
//
// PCA (Pearson 1901; Hotelling 1933): centre the rows, X̃ = X − mean, then
// project onto the two leading eigenvectors of the covariance C = X̃ᵀX̃ / (n−1)
// (equivalently the top right-singular vectors of X̃). Coordinates are
// X̃ · [v1 v2]. Signs are fixed so that each component's largest-magnitude
// coordinate is positive, making pictures reproducible across runs.
#pragma once

#include "core/embeddings.h"

namespace embkit {

struct Projection2D {
  MatrixD points;                 // rows × 2
  double explained[2] = {0, 0};   // fraction of total variance on each axis
};

// Rows need not be normalised (the caller decides). Needs ≥ 2 rows.
Projection2D pca_2d(const Matrix& rows);

}  // namespace embkit
