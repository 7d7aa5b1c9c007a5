# Fuzz targets. The entry points (fuzz/fuzz_targets.*) are always built and
# replayed by tests/fuzz_smoke_test.cpp; the libFuzzer drivers need clang:
#   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DTRAILHOUND_BUILD_FUZZ=ON
option(TRAILHOUND_BUILD_FUZZ "Build libFuzzer drivers (clang only)" OFF)

add_library(th_fuzz_targets STATIC fuzz/fuzz_targets.cpp)
target_include_directories(th_fuzz_targets PUBLIC ${CMAKE_SOURCE_DIR})
target_link_libraries(th_fuzz_targets PUBLIC th_pipeline)

trailhound_test(fuzz_smoke_test SOURCES tests/fuzz_smoke_test.cpp LIBS th_fuzz_targets th_test_support)

if(TRAILHOUND_BUILD_FUZZ)
  foreach(target esql_query cloudtrail_file)
    add_executable(${target}_fuzzer fuzz/${target}_fuzzer.cpp)
    target_compile_options(${target}_fuzzer PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${target}_fuzzer PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(${target}_fuzzer PRIVATE th_fuzz_targets)
  endforeach()
endif()
