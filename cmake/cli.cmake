# Wiring: data sources, the one-pass scan, alerts, output formats, the command.
add_library(th_pipeline STATIC
  src/pipeline/recorded_document.cpp
  src/pipeline/data_sources.cpp
  src/pipeline/scan.cpp
  src/pipeline/record_prefilter.cpp
  src/pipeline/deferred_user_agent.cpp
  src/pipeline/cloudtrail_field_facts.cpp
  src/pipeline/nested_json_sink.cpp
  src/pipeline/alert_writer.cpp
  src/cli/result_writer.cpp
  src/cli/commands.cpp)
target_link_libraries(th_pipeline PUBLIC th_engine th_parser th_ecs th_ingest th_rules)

add_executable(trailhound src/cli/main.cpp)
# mimalloc replaces malloc for the whole process (linked shared, it is found
# before libc): keyword values are many small strings made and freed per batch,
# and glibc's allocator cost 6-10 % of a hunt (bench/README.md).
find_library(MIMALLOC_LIBRARY NAMES mimalloc REQUIRED)
target_link_libraries(trailhound PRIVATE ${MIMALLOC_LIBRARY} th_pipeline)

if(TRAILHOUND_BUILD_TESTS)
  add_library(th_test_support STATIC
    tests/support/synthetic_cloudtrail.cpp
    tests/support/hunt_harness.cpp)
  target_include_directories(th_test_support PUBLIC ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(th_test_support PUBLIC th_pipeline PkgConfig::ZLIB GTest::gtest)
  target_compile_definitions(th_test_support PRIVATE TRAILHOUND_SHARED_DIR="${TRAILHOUND_SHARED_DIR}")
endif()
trailhound_test(founding_rule_test SOURCES tests/founding_rule_test.cpp LIBS th_test_support)
trailhound_test(real_datasets_test SOURCES tests/real_datasets_test.cpp LIBS th_test_support)
trailhound_test(cli_test SOURCES tests/cli_test.cpp LIBS th_test_support)
trailhound_test(pipeline_record_prefilter_test SOURCES tests/pipeline_record_prefilter_test.cpp LIBS th_pipeline)
trailhound_test(pipeline_deferred_user_agent_test SOURCES tests/pipeline_deferred_user_agent_test.cpp LIBS th_test_support)
