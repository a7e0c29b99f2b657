#include "binding.h"

#include <pythread.h>
#include <signal.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <sstream>

#include "core/error.h"
#include "core/progress.h"
#include "core/signals.h"

namespace embkit::python {

namespace {

// The thread that imported the module: Python's main thread, the one its
// signal handlers run on.
const unsigned long g_main_thread = PyThread_get_thread_ident();

std::string rendered(const Error& e, const ParameterNames& names) {
  return e.render([&names](const std::string& parameter) {
    const auto it = names.find(parameter);
    return it == names.end() ? parameter : it->second;
  });
}

// "path: cannot open: No such file or directory" (core/input_file.cc) is the
// one InputError Python spells FileNotFoundError.
bool is_missing_file(const std::string& message) {
  const std::string suffix = std::string("cannot open: ") + std::strerror(ENOENT);
  return message.size() >= suffix.size() &&
         message.compare(message.size() - suffix.size(), suffix.size(), suffix) == 0;
}

[[noreturn]] void raise(PyObject* type, const std::string& message) {
  PyErr_SetString(type, message.c_str());
  throw py::error_already_set();
}

}  // namespace

namespace {

struct SavedHandlers {
  struct sigaction interrupt, terminate;
};

// Calls in progress, on any Python thread (counted with the GIL held): the
// first installs the handlers and clears the flag, the last restores them.
int g_active_calls = 0;
SavedHandlers g_saved_handlers;
bool g_handlers_installed = false;
// The call whose progress callback the library's reports go to (the latest).
CallScope* g_reporting = nullptr;

}  // namespace

CallScope::CallScope(py::object progress) : progress_(std::move(progress)) {
  if (g_active_calls++ == 0) {
    set_interrupted(false);
    if (PyThread_get_thread_ident() == g_main_thread) {
      sigaction(SIGINT, nullptr, &g_saved_handlers.interrupt);
      sigaction(SIGTERM, nullptr, &g_saved_handlers.terminate);
      install_interrupt_handlers(/*watchdog=*/false);
      // A signal the process ignores (a background job's SIGINT) stays ignored.
      if (g_saved_handlers.interrupt.sa_handler == SIG_IGN) sigaction(SIGINT, &g_saved_handlers.interrupt, nullptr);
      if (g_saved_handlers.terminate.sa_handler == SIG_IGN) sigaction(SIGTERM, &g_saved_handlers.terminate, nullptr);
      g_handlers_installed = true;
    }
  }
  if (!progress_.is_none()) {
    g_reporting = this;
    set_progress_observer([](const std::string& label, double fraction, const ProgressFields& fields) {
      py::gil_scoped_acquire gil;
      if (g_reporting) g_reporting->report(label, fraction, fields);
    });
  }
}

void CallScope::report(const std::string& label, double fraction, const ProgressFields& fields) {
  if (callback_error_) return;
  try {
    py::dict named;
    for (const auto& [name, value] : fields) named[py::str(name)] = value;
    const py::object answer = progress_(label, fraction, named);
    if (!answer.is_none() && !answer.cast<bool>()) set_interrupted(true);
  } catch (py::error_already_set& e) {
    callback_error_ = std::make_unique<py::error_already_set>(std::move(e));
    set_interrupted(true);
  }
}

CallScope::~CallScope() {
  if (g_reporting == this) {
    g_reporting = nullptr;
    set_progress_observer({});
  }
  if (--g_active_calls == 0) {
    if (g_handlers_installed) {
      sigaction(SIGINT, &g_saved_handlers.interrupt, nullptr);
      sigaction(SIGTERM, &g_saved_handlers.terminate, nullptr);
      g_handlers_installed = false;
    }
    set_interrupted(false);
  }
}

void CallScope::raise_if_interrupted() {
  if (callback_error_) throw py::error_already_set(std::move(*callback_error_));
  if (interrupted()) raise(PyExc_KeyboardInterrupt, "interrupted by signal");
}

void CallScope::rethrow_as_python(const ParameterNames& names) {
  try {
    throw;
  } catch (const UsageError& e) {
    raise(PyExc_ValueError, rendered(e, names));
  } catch (const InputError& e) {
    const std::string message = rendered(e, names);
    raise(is_missing_file(message) ? PyExc_FileNotFoundError : PyExc_ValueError, message);
  } catch (const Interrupted& e) {
    if (callback_error_) throw py::error_already_set(std::move(*callback_error_));
    raise(PyExc_KeyboardInterrupt, e.what());
  } catch (const std::bad_alloc&) {
    raise(PyExc_MemoryError, "out of memory");
  } catch (const std::exception& e) {
    raise(PyExc_RuntimeError, e.what());
  }
}

void throw_value_error(const std::string& message, const ParameterNames& names) {
  raise(PyExc_ValueError, rendered(UsageError(message), names));
}

void require_at_least(const char* name, std::int64_t value, std::int64_t minimum, const ParameterNames& names) {
  if (value < minimum)
    throw_value_error(param(name) + " must be at least " + std::to_string(minimum) + ", got " + std::to_string(value),
                      names);
}

void require_range(const char* name, double value, double lo, double hi, const ParameterNames& names) {
  if (!(value >= lo && value <= hi)) {
    std::ostringstream message;
    message << param(name) << " must be between " << lo << " and " << hi << ", got " << value;
    throw_value_error(message.str(), names);
  }
}

namespace {

// A row-major copy of a 2-D array, converted to Scalar.
template <class Scalar>
Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> dense_copy(const py::array& array,
                                                                                   const char* what) {
  const auto a = py::array_t<Scalar, py::array::c_style | py::array::forcecast>::ensure(array);
  if (!a || a.ndim() != 2)
    throw_value_error(std::string(what) + " must be a 2-D array of numbers, got " + std::to_string(array.ndim()) +
                      " dimension(s)");
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m(a.shape(0), a.shape(1));
  if (m.size() > 0) std::memcpy(m.data(), a.data(), static_cast<std::size_t>(m.size()) * sizeof(Scalar));
  return m;
}

}  // namespace

Matrix to_matrix(const py::array& array, const char* what) { return dense_copy<float>(array, what); }

MatrixD to_matrix_d(const py::array& array, const char* what) { return dense_copy<double>(array, what); }

namespace {

// A numpy copy of a row-major matrix (2-D) or a vector (1-D).
template <class Scalar, class Dense>
py::array_t<Scalar> numpy_copy(const Dense& dense, std::vector<py::ssize_t> shape) {
  py::array_t<Scalar> out(std::move(shape));
  if (dense.size() > 0)
    std::memcpy(out.mutable_data(), dense.data(), static_cast<std::size_t>(dense.size()) * sizeof(Scalar));
  return out;
}

}  // namespace

py::array_t<double> to_numpy(const MatrixD& m) { return numpy_copy<double>(m, {m.rows(), m.cols()}); }
py::array_t<double> to_numpy(const Eigen::VectorXd& v) { return numpy_copy<double>(v, {v.size()}); }
py::array_t<float> to_numpy(const Matrix& m) { return numpy_copy<float>(m, {m.rows(), m.cols()}); }
py::array_t<float> to_numpy(const Eigen::VectorXf& v) { return numpy_copy<float>(v, {v.size()}); }

SparseMatrix to_sparse(const py::object& matrix) {
  const py::module_ sparse = py::module_::import("scipy.sparse");
  if (!sparse.attr("issparse")(matrix).cast<bool>()) {
    const MatrixD dense = to_matrix_d(matrix, "the matrix");
    return dense.sparseView();
  }
  const py::object csr = sparse.attr("csr_matrix")(matrix);
  csr.attr("sum_duplicates")();
  const auto shape = csr.attr("shape").cast<std::pair<std::int64_t, std::int64_t>>();
  const auto indptr = py::array_t<std::int64_t, py::array::forcecast>::ensure(csr.attr("indptr"));
  const auto indices = py::array_t<std::int64_t, py::array::forcecast>::ensure(csr.attr("indices"));
  const auto data = py::array_t<double, py::array::forcecast>::ensure(csr.attr("data"));
  std::vector<Triplet> triplets;
  triplets.reserve(static_cast<std::size_t>(data.size()));
  const std::int64_t* p = indptr.data();
  for (std::int64_t r = 0; r < shape.first; ++r)
    for (std::int64_t i = p[r]; i < p[r + 1]; ++i)
      triplets.emplace_back(static_cast<int>(r), static_cast<int>(indices.data()[i]), data.data()[i]);
  SparseMatrix m(shape.first, shape.second);
  m.setFromTriplets(triplets.begin(), triplets.end());
  return m;
}

py::object to_scipy(const SparseMatrix& m) {
  SparseMatrix compressed;
  if (!m.isCompressed()) {
    compressed = m;
    compressed.makeCompressed();
  }
  const SparseMatrix& c = m.isCompressed() ? m : compressed;
  const std::int64_t nnz = c.nonZeros();
  py::array_t<double> data(nnz);
  py::array_t<std::int32_t> indices(nnz);
  py::array_t<std::int32_t> indptr(c.rows() + 1);
  std::memcpy(data.mutable_data(), c.valuePtr(), static_cast<std::size_t>(nnz) * sizeof(double));
  std::memcpy(indices.mutable_data(), c.innerIndexPtr(), static_cast<std::size_t>(nnz) * sizeof(int));
  std::memcpy(indptr.mutable_data(), c.outerIndexPtr(), static_cast<std::size_t>(c.rows() + 1) * sizeof(int));
  const py::module_ sparse = py::module_::import("scipy.sparse");
  return sparse.attr("csr_matrix")(py::make_tuple(data, indices, indptr),
                                   py::arg("shape") = py::make_tuple(c.rows(), c.cols()));
}

bool is_path(const py::handle& object) {
  return py::isinstance<py::str>(object) || py::hasattr(object, "__fspath__");
}

std::string path_of(const py::handle& object) {
  return py::module_::import("os").attr("fsdecode")(object).cast<std::string>();
}

}  // namespace embkit::python

PYBIND11_MODULE(_embkit, m) {
  m.doc() = "embkit's library: trainers, vector files and the k-NN evaluator (see the embkit package)";
  embkit::python::bind_vectors(m);
  embkit::python::bind_index(m);
  embkit::python::bind_trainers(m);
  embkit::python::bind_factorization(m);
  embkit::python::bind_evaluation(m);
  embkit::python::bind_mf(m);
  embkit::python::bind_encoding(m);
}
