# csv-spec conformance suite: Elastic's ES|QL csv-spec tests run against the
# engine, with the data sets read in place from TRAILHOUND_SHARED_DIR.
trailhound_test(csv_spec_test
  SOURCES
    tests/csv_spec/spec_reader.cpp
    tests/csv_spec/typed_text.cpp
    tests/csv_spec/dataset_loader.cpp
    tests/csv_spec/spec_compare.cpp
    tests/csv_spec/csv_spec_runner_test.cpp
    tests/csv_spec/spec_reader_test.cpp
    tests/csv_spec/dataset_loader_test.cpp
  LIBS th_engine th_parser th_ingest)
if(TARGET csv_spec_test)
  target_include_directories(csv_spec_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
endif()
