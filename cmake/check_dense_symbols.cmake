# Fails the build when an AVX copy of the dense kernels (src/core/dense.h)
# defines a global symbol that another object file could also define: the
# linker keeps one copy of a duplicated inline function or template instance,
# and an AVX copy kept in place of a baseline one would crash a CPU without
# AVX. Allowed: names that mention the renamed Eigen (EigenAvx2, EigenAvx512)
# or the copy's own namespace (embkit::dense_avx2, embkit::dense_avx512), and
# the exception personality reference every C++ object carries.
#   cmake -DNM=nm -DOBJECT=dense_avx2.cc.o -DISA=avx2 -P check_dense_symbols.cmake
execute_process(COMMAND "${NM}" --defined-only "${OBJECT}" OUTPUT_VARIABLE symbols RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "check_dense_symbols: ${NM} could not read ${OBJECT}")
endif()
string(REPLACE "\n" ";" lines "${symbols}")
set(shared "")
foreach(line IN LISTS lines)
  # Mangled names (no brackets or semicolons); upper-case types are global.
  if(line MATCHES "^[0-9a-fA-F]* [A-Zu] (.+)$")
    set(name "${CMAKE_MATCH_1}")
    if(NOT name MATCHES "EigenAvx|dense_${ISA}|^DW\\.ref\\.__gxx_personality_v0$")
      string(APPEND shared "\n  ${name}")
    endif()
  endif()
endforeach()
if(shared)
  message(FATAL_ERROR "${OBJECT} defines symbols a baseline object may define too (include only Eigen and "
                      "core/dense.h in core/dense_impl.h):${shared}")
endif()
