// KeyedVectors (embkit::Embeddings), read_vectors and write_vectors.
#include <cstring>

#include "binding.h"
#include "core/error.h"
#include "core/vectors_io.h"
#include "eval/exact_index.h"

namespace embkit::python {

namespace {

std::int64_t row_of(const Embeddings& kv, const std::string& word) {
  const std::int64_t row = kv.find(word);
  if (row < 0) throw py::key_error("'" + word + "' is not in the vocabulary");
  return row;
}

// `vectors` as numpy's view of the C++ matrix: no copy; `owner` (the Python
// KeyedVectors) stays alive as long as the view does.
py::array_t<float> matrix_view(const Embeddings& kv, const py::object& owner) {
  const auto dim = static_cast<py::ssize_t>(kv.dim());
  return py::array_t<float>({static_cast<py::ssize_t>(kv.rows()), dim},
                            {dim * static_cast<py::ssize_t>(sizeof(float)), static_cast<py::ssize_t>(sizeof(float))},
                            kv.vectors.data(), owner);
}

// The `topn` rows most cosine-similar to `query`, best first, without the
// rows in `exclude` (as `embkit knn` leaves out the query word).
py::list most_similar(const Embeddings& kv, const Matrix& query, std::int64_t topn,
                      std::vector<std::int64_t> exclude) {
  require_at_least("topn", topn, 1);
  Neighbors nn = call([&] {
    ExactIndex index(kv.vectors, Metric::Cosine);
    const Exclusions excluded{std::move(exclude)};
    return index.search(query, topn, &excluded);
  });
  py::list out;
  for (Eigen::Index r = 0; r < nn.ids.cols(); ++r) {
    const std::int64_t id = nn.ids(0, r);
    if (id < 0) break;
    out.append(py::make_tuple(kv.labels[static_cast<std::size_t>(id)], nn.scores(0, r)));
  }
  return out;
}

}  // namespace

void bind_vectors(py::module_& m) {
  py::class_<Embeddings>(m, "KeyedVectors", R"doc(
Labelled vectors: `words[i]` names row i of `vectors` (float32, rows x dim).

`vectors` is a numpy view of the C++ matrix (no copy): writing to it changes
the vectors. Trainers return rows in descending frequency.)doc")
      .def(py::init([](std::vector<std::string> words, const py::array& vectors) {
             Matrix rows = to_matrix(vectors, "vectors");
             return call([&] {
               Embeddings kv(std::move(words), std::move(rows));
               kv.validate("KeyedVectors");
               return kv;
             });
           }),
           py::arg("words"), py::arg("vectors"), "Copies `vectors` (rows x dim) and labels row i with words[i].")
      .def_property_readonly("words", [](const Embeddings& kv) { return kv.labels; }, "the labels, as a new list")
      .def_property_readonly("vectors", [](py::object self) { return matrix_view(self.cast<const Embeddings&>(), self); },
                             "float32 rows x dim, sharing the C++ memory")
      .def_property_readonly("dim", &Embeddings::dim)
      .def("__len__", &Embeddings::rows)
      .def("__contains__", [](const Embeddings& kv, const std::string& word) { return kv.find(word) >= 0; })
      .def("__getitem__",
           [](py::object self, const std::string& word) {
             const Embeddings& kv = self.cast<const Embeddings&>();
             const std::int64_t row = row_of(kv, word);
             return py::array_t<float>({static_cast<py::ssize_t>(kv.dim())}, {static_cast<py::ssize_t>(sizeof(float))},
                                       kv.vectors.data() + row * kv.dim(), self);
           },
           py::arg("word"), "The word's vector (a view of its row). KeyError if absent.")
      .def("index_of", &row_of, py::arg("word"), "The word's row. KeyError if absent.")
      .def("most_similar",
           [](const Embeddings& kv, const py::object& positive, const std::vector<std::string>& negative,
              std::int64_t topn) {
             if (!py::isinstance<py::str>(positive) && py::isinstance<py::array>(positive)) {
               if (!negative.empty()) throw_value_error(param("negative") + " needs words in " + param("positive"));
               const Matrix query = to_matrix(py::array(positive).reshape({1, -1}), "the query vector");
               if (query.cols() != kv.dim())
                 throw_value_error("the query vector has " + std::to_string(query.cols()) +
                                   " dimensions, the vectors " + std::to_string(kv.dim()));
               return most_similar(kv, query, topn, {});
             }
             const std::vector<std::string> words = py::isinstance<py::str>(positive)
                                                        ? std::vector<std::string>{positive.cast<std::string>()}
                                                        : positive.cast<std::vector<std::string>>();
             // 3CosAdd (Mikolov, Yih & Zweig 2013), as `embkit knn --positive
             // --negative`: the sum of the positive words' unit vectors minus
             // the negative ones', the words themselves left out.
             Matrix query = Matrix::Zero(1, kv.dim());
             std::vector<std::int64_t> rows;
             auto add = [&](const std::string& word, float sign) {
               const std::int64_t row = row_of(kv, word);
               Vector v = kv.vectors.row(row).transpose();
               if (v.norm() > 0) v /= v.norm();
               query.row(0) += sign * v.transpose();
               rows.push_back(row);
             };
             for (const std::string& word : words) add(word, 1.0f);
             for (const std::string& word : negative) add(word, -1.0f);
             return most_similar(kv, query, topn, std::move(rows));
           },
           py::arg("positive"), py::arg("negative") = std::vector<std::string>{}, py::arg("topn") = 10,
           R"doc([(word, cosine)] of the `topn` rows nearest to a word, to the sum of the unit vectors of
`positive` words minus those of `negative` words (3CosAdd; the words themselves
left out, as `embkit knn`), or to a vector; best first.)doc")
      .def("__repr__", [](const Embeddings& kv) {
        return "<KeyedVectors " + std::to_string(kv.rows()) + " words x " + std::to_string(kv.dim()) + " dims>";
      });

  const ReadVectorsOptions read_defaults;
  m.def("read_vectors",
        [](const py::object& path, const std::string& format, std::int64_t limit) {
          require_at_least("limit", limit, 0);
          ReadVectorsOptions options;
          options.limit = limit;
          const std::string file = path_of(path);
          return call([&] {
            options.format = parse_vector_format(format);
            return read_vectors(file, options);
          });
        },
        py::arg("path"), py::kw_only(), py::arg("format") = vector_format_name(read_defaults.format),
        py::arg("limit") = read_defaults.limit,
        "Reads .vec/.txt, .bin, .npy or GloVe text (detected from the content): a KeyedVectors.");
  m.def("write_vectors",
        [](const py::object& path, const Embeddings& kv, const std::string& format) {
          const std::string file = path_of(path);
          call([&] { write_vectors(kv, file, parse_vector_format(format)); });
        },
        py::arg("path"), py::arg("kv"), py::kw_only(), py::arg("format") = vector_format_name(VectorFormat::Auto),
        "Writes `kv` in the format of the extension (.vec/.txt text, .bin, .npy), or `format`.");
}

}  // namespace embkit::python
