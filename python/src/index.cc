// embkit.Index: any k-NN index (eval/knn_factory.h) over a KeyedVectors or an array.
#include "binding.h"
#include "core/error.h"
#include "eval/knn_factory.h"

namespace embkit::python {

namespace {

// The index and the rows it may borrow (exact, lsh): a KeyedVectors' matrix,
// kept alive through `owner`, or a copy of the array it was given.
class PyIndex {
 public:
  PyIndex(const py::object& vectors, const IndexConfig& config) {
    if (py::isinstance<Embeddings>(vectors)) {
      owner_ = vectors;
      rows_ = &vectors.cast<const Embeddings&>().vectors;
    } else {
      copy_ = to_matrix(vectors, "vectors");
      rows_ = &copy_;
    }
    index_ = call({}, py::none(), [&] { return make_index(*rows_, config); });
  }

  std::pair<py::array_t<std::int64_t>, py::array_t<float>> search(const py::array& queries, std::int64_t k) const {
    const auto q = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(queries);
    if (!q || (q.ndim() != 1 && q.ndim() != 2))
      throw_value_error("queries must be a 1-D or 2-D array of numbers");
    const std::int64_t n = q.ndim() == 1 ? 1 : q.shape(0);
    const std::int64_t dim = q.ndim() == 1 ? q.shape(0) : q.shape(1);
    if (dim != index_->dim())
      throw_value_error("queries have " + std::to_string(dim) + " dimensions, the index " +
                        std::to_string(index_->dim()));
    require_at_least("k", k, 1);
    py::array_t<std::int64_t> ids({n, k});
    py::array_t<float> scores({n, k});
    const float* in = q.data();
    std::int64_t* id_out = ids.mutable_data();
    float* score_out = scores.mutable_data();
    call([&] { index_->search(in, n, k, id_out, score_out); });
    return {ids, scores};
  }

  const Index& index() const { return *index_; }

 private:
  py::object owner_;
  Matrix copy_;
  const Matrix* rows_ = nullptr;
  std::unique_ptr<Index> index_;
};

}  // namespace

void bind_index(py::module_& m) {
  const IndexConfig d;
  py::class_<PyIndex>(m, "Index", R"doc(
A k-nearest-neighbour index over the rows of a KeyedVectors or a 2-D array:
kind "exact", "hnsw", "ivf", "lsh" or "kdtree"; metric "cosine", "dot" or "l2".
The parameters are `embkit knn`'s options (M, ef_construction, ef_search,
nlist, nprobe, lsh_tables, lsh_bits, lsh_probes, leaf_size, threads, seed).
An index over a KeyedVectors reads its matrix: do not change it afterwards.)doc")
      .def(py::init([](const py::object& vectors, const std::string& kind, const std::string& metric, int M,
                       int ef_construction, int ef_search, int nlist, int nprobe, int lsh_tables, int lsh_bits,
                       int lsh_probes, int leaf_size, int threads, std::uint64_t seed) {
             IndexConfig config;
             config.type = kind;
             config.hnsw.M = M;
             config.hnsw.ef_construction = ef_construction;
             config.hnsw.ef_search = ef_search;
             config.ivf.nlist = nlist;
             config.ivf.nprobe = nprobe;
             config.lsh.tables = lsh_tables;
             config.lsh.bits = lsh_bits;
             config.lsh.probes = lsh_probes;
             config.kdtree.leaf_size = leaf_size;
             config.threads = threads;
             config.seed = seed;
             // `embkit knn`'s range checks (apps/index_options.cc).
             require_at_least("M", M, 2);
             require_at_least("ef_construction", ef_construction, 1);
             require_at_least("ef_search", ef_search, 1);
             require_at_least("nlist", nlist, 0);
             require_at_least("nprobe", nprobe, 1);
             require_at_least("lsh_tables", lsh_tables, 1);
             require_at_least("lsh_bits", lsh_bits, 1);
             if (lsh_bits > 64) throw_value_error(param("lsh_bits") + " must be at most 64, got " + std::to_string(lsh_bits));
             require_at_least("lsh_probes", lsh_probes, 0);
             if (lsh_probes > lsh_bits)
               throw_value_error(param("lsh_probes") + " must be at most " + param("lsh_bits") + " (" +
                                 std::to_string(lsh_bits) + "), got " + std::to_string(lsh_probes));
             require_at_least("leaf_size", leaf_size, 1);
             require_at_least("threads", threads, 0);
             call([&] {
               require_index_name(kind);
               config.metric = parse_metric(metric);
             });
             return std::make_unique<PyIndex>(vectors, config);
           }),
           py::arg("vectors"), py::arg("kind") = d.type, py::arg("metric") = metric_name(d.metric), py::kw_only(),
           py::arg("M") = d.hnsw.M, py::arg("ef_construction") = d.hnsw.ef_construction,
           py::arg("ef_search") = d.hnsw.ef_search, py::arg("nlist") = d.ivf.nlist, py::arg("nprobe") = d.ivf.nprobe,
           py::arg("lsh_tables") = d.lsh.tables, py::arg("lsh_bits") = d.lsh.bits,
           py::arg("lsh_probes") = d.lsh.probes, py::arg("leaf_size") = d.kdtree.leaf_size,
           py::arg("threads") = d.threads, py::arg("seed") = d.seed)
      .def("search", &PyIndex::search, py::arg("queries"), py::arg("k") = 10, R"doc(
The k nearest rows of each query (n x dim, or one vector): (ids, scores), both
n x k, best first; ids int64 rows, scores float32 (cosine/dot similarity, or
L2 distance). Missing results are id -1. Runs without the GIL, on `threads`.)doc")
      .def_property_readonly("kind", [](const PyIndex& i) { return i.index().name(); })
      .def_property_readonly("metric", [](const PyIndex& i) { return std::string(metric_name(i.index().metric())); })
      .def_property_readonly("dim", [](const PyIndex& i) { return i.index().dim(); })
      .def("__len__", [](const PyIndex& i) { return i.index().size(); })
      .def("__repr__", [](const PyIndex& i) {
        return "<Index " + i.index().name() + " " + metric_name(i.index().metric()) + ", " +
               std::to_string(i.index().size()) + " rows x " + std::to_string(i.index().dim()) + " dims>";
      });
}

}  // namespace embkit::python
