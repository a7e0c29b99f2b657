// What every binding in the Python module shares: how a library call runs
// (GIL released, Ctrl-C, the progress callback, errors as Python exceptions)
// and the conversions between numpy/scipy arrays and Eigen matrices.
//
// Each Python function is one library call wrapped in call(): the arguments
// are converted while the GIL is held, the call runs without it, and the
// result is converted back with it.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "core/embeddings.h"
#include "core/progress.h"
#include "core/sparse.h"

namespace embkit::python {

namespace py = pybind11;

// A library parameter (a field of an options struct) → the keyword argument
// that sets it, where the two differ (word2vec: alpha → lr). Library messages
// name parameters with param() (core/error.h); call() renders them so.
using ParameterNames = std::map<std::string, std::string>;

// For the duration of one library call (constructed and destroyed with the
// GIL held):
//  * SIGINT sets embkit's interruption flag (core/signals.h), which the long
//    loops poll; Python's own handler could not run while the GIL is released.
//    The previous handlers come back afterwards. Only on the main thread,
//    where Python delivers signals.
//  * `progress`, when not None, is called as progress(label, fraction, fields)
//    from the library's Progress reports (with the GIL); returning False or
//    raising stops the call as Ctrl-C does. With calls on several Python
//    threads at once, the reports go to the latest call's callback.
// The handlers are installed by the first of concurrent calls and restored by
// the last.
class CallScope {
 public:
  explicit CallScope(py::object progress);
  ~CallScope();
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

  // Turns the exception being handled into a Python exception and throws it:
  // UsageError (ParameterError) → ValueError; InputError → FileNotFoundError
  // when a file is missing, ValueError otherwise; Interrupted → the
  // callback's exception, or KeyboardInterrupt; bad_alloc → MemoryError.
  [[noreturn]] void rethrow_as_python(const ParameterNames& names);
  // KeyboardInterrupt if a signal arrived during a call that finished anyway.
  void raise_if_interrupted();

 private:
  void report(const std::string& label, double fraction, const ProgressFields& fields);

  py::object progress_;
  std::unique_ptr<py::error_already_set> callback_error_;
};

template <class F>
auto call(const ParameterNames& names, py::object progress, F&& body) {
  using Result = decltype(body());
  CallScope scope(std::move(progress));
  try {
    if constexpr (std::is_void_v<Result>) {
      {
        py::gil_scoped_release release;
        body();
      }
      scope.raise_if_interrupted();
    } else {
      Result result = [&] {
        py::gil_scoped_release release;
        return body();
      }();
      scope.raise_if_interrupted();
      return result;
    }
  } catch (py::error_already_set&) {
    throw;
  } catch (...) {
    scope.rethrow_as_python(names);
  }
}

template <class F>
auto call(F&& body) {
  return call({}, py::none(), std::forward<F>(body));
}

// Raise ValueError with `message` rendered as call() renders library errors.
[[noreturn]] void throw_value_error(const std::string& message, const ParameterNames& names = {});

// ValueError "NAME must be at least MINIMUM, got VALUE" (the CLI's range
// check, for the settings the library leaves to its front ends).
void require_at_least(const char* name, std::int64_t value, std::int64_t minimum, const ParameterNames& names = {});

// ValueError "NAME must be between LO and HI, got VALUE" (the CLI's require_range).
void require_range(const char* name, double value, double lo, double hi, const ParameterNames& names = {});

// A dense float32 array (any layout, any float type) as a row-major Matrix (a copy).
Matrix to_matrix(const py::array& array, const char* what);
// A dense array as a double row-major matrix (a copy).
MatrixD to_matrix_d(const py::array& array, const char* what);
// numpy array of an Eigen matrix (a copy; the matrix may be freed afterwards).
py::array_t<double> to_numpy(const MatrixD& m);
py::array_t<double> to_numpy(const Eigen::VectorXd& v);
py::array_t<float> to_numpy(const Matrix& m);
py::array_t<float> to_numpy(const Eigen::VectorXf& v);
// A scipy.sparse matrix (any format) or a dense array as CSR (a copy).
SparseMatrix to_sparse(const py::object& matrix);
// scipy.sparse.csr_matrix of `m` (the arrays are copied once).
py::object to_scipy(const SparseMatrix& m);

// `object` as T, or TypeError "NAME must be EXPECTED" (pybind11's own cast
// error is a RuntimeError without the argument's name).
template <class T>
T cast_argument(const py::handle& object, const char* name, const char* expected) {
  try {
    return object.cast<T>();
  } catch (const py::cast_error&) {
    throw py::type_error(std::string(name) + " must be " + expected + ", got " +
                         py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>());
  }
}

// A path argument: str or os.PathLike.
bool is_path(const py::handle& object);
std::string path_of(const py::handle& object);

// The module's parts, defined in their own files.
void bind_vectors(py::module_& m);
void bind_index(py::module_& m);
void bind_trainers(py::module_& m);
void bind_factorization(py::module_& m);
void bind_evaluation(py::module_& m);
void bind_mf(py::module_& m);
void bind_encoding(py::module_& m);

}  // namespace embkit::python
