# Input layer: file/dir/stdin expansion, gzip, record splitting, parallel
# reading, generic document indices and Elasticsearch mappings.
find_path(ISAL_INCLUDE_DIR isa-l/igzip_lib.h REQUIRED)
find_library(ISAL_LIBRARY isal REQUIRED)

add_library(th_ingest STATIC
  src/ingest/error_reporter.cpp
  src/ingest/file_reader.cpp
  src/ingest/gzip_inflater.cpp
  src/ingest/input_expander.cpp
  src/ingest/container_scan.cpp
  src/ingest/container_scan_avx2.cpp
  src/ingest/record_splitter.cpp
  src/ingest/record_reader.cpp
  src/ingest/json_flatten.cpp
  src/ingest/document_index.cpp
  src/ingest/es_mapping.cpp
  src/ingest/stored_precision.cpp)
# The one file built for AVX2 + CLMUL; container_scan.cpp calls it only on CPUs that have them.
set_source_files_properties(src/ingest/container_scan_avx2.cpp PROPERTIES COMPILE_OPTIONS "-mavx2;-mpclmul")
target_include_directories(th_ingest PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_include_directories(th_ingest PRIVATE ${ISAL_INCLUDE_DIR})
target_link_libraries(th_ingest
  PUBLIC th_common simdjson::simdjson
  PRIVATE ${ISAL_LIBRARY} Threads::Threads)

trailhound_test(ingest_test
  SOURCES
    tests/ingest_splitter_test.cpp
    tests/ingest_container_scan_test.cpp
    tests/ingest_gzip_test.cpp
    tests/ingest_reader_test.cpp
    tests/ingest_range_steal_test.cpp
    tests/ingest_real_data_test.cpp
    tests/ingest_document_index_test.cpp
  LIBS th_ingest PkgConfig::ZLIB)
