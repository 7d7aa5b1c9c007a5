# ES|QL analyzer, planner and the columnar executor (src/esql analysis + src/exec).
file(GLOB TH_ENGINE_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/src/exec/*.cpp
  ${CMAKE_SOURCE_DIR}/src/exec/functions/*.cpp
  ${CMAKE_SOURCE_DIR}/src/exec/aggregates/*.cpp
  ${CMAKE_SOURCE_DIR}/src/exec/operators/*.cpp)
# column/string_values/schema/data_type belong to th_common.
list(FILTER TH_ENGINE_SOURCES EXCLUDE REGEX "src/exec/(column|string_values|schema|data_type)\\.cpp$")
add_library(th_engine STATIC
  ${TH_ENGINE_SOURCES}
  src/esql/analyzer.cpp
  src/esql/planner.cpp
  src/esql/prepared_query.cpp)
target_include_directories(th_engine PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(th_engine PUBLIC th_common fmt::fmt PkgConfig::RE2 simdjson::simdjson)

# Engine tests parse their queries with the real parser (th_parser).
if(TARGET th_parser)
  file(GLOB TH_ENGINE_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/engine_*_test.cpp)
  trailhound_test(engine_tests SOURCES ${TH_ENGINE_TESTS} LIBS th_engine th_parser)
endif()
