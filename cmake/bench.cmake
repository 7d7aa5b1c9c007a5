# Benchmarks (only with -DTRAILHOUND_BUILD_BENCH=ON): the synthetic CloudTrail
# generator, the isa-l inflate and plain-read floors, and the Google Benchmark
# micro-benchmarks.
# bench/run_bench.sh drives them; see bench/README.md.
if(NOT TRAILHOUND_BUILD_BENCH)
  return()
endif()

add_executable(gen_cloudtrail bench/gen_cloudtrail.cpp)
target_link_libraries(gen_cloudtrail PRIVATE PkgConfig::ZLIB)

if(NOT ISAL_LIBRARY)
  find_path(ISAL_INCLUDE_DIR isa-l/igzip_lib.h REQUIRED)
  find_library(ISAL_LIBRARY isal REQUIRED)
endif()
add_executable(isal_inflate bench/isal_inflate.cpp)
target_include_directories(isal_inflate PRIVATE ${ISAL_INCLUDE_DIR})
target_link_libraries(isal_inflate PRIVATE ${ISAL_LIBRARY} Threads::Threads)

add_executable(read_floor bench/read_floor.cpp)
target_link_libraries(read_floor PRIVATE Threads::Threads)

find_package(benchmark REQUIRED)
add_executable(trailhound_micro bench/micro/micro_bench.cpp)
target_link_libraries(trailhound_micro PRIVATE th_ingest th_ecs benchmark::benchmark)
# Query micro-benchmarks need the engine (prepared ES|QL queries) and the parser.
if(TARGET th_engine AND TARGET th_parser AND EXISTS "${CMAKE_SOURCE_DIR}/src/esql/prepared_query.h")
  target_link_libraries(trailhound_micro PRIVATE th_engine th_parser th_pipeline)
  target_compile_definitions(trailhound_micro PRIVATE TRAILHOUND_MICRO_ENGINE=1)
endif()
