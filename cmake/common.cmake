# Shared foundation: status, data types, columns, schemas.
add_library(th_common STATIC
  src/common/json_string.cpp
  src/common/literal_matcher.cpp
  src/common/yaml_document.cpp
  src/exec/data_type.cpp
  src/exec/column.cpp
  src/exec/string_values.cpp
  src/exec/schema.cpp)
target_include_directories(th_common PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(th_common PUBLIC fmt::fmt Threads::Threads PRIVATE PkgConfig::HYPERSCAN PkgConfig::LIBYAML)

trailhound_test(common_yaml_document_test
  SOURCES tests/common_yaml_document_test.cpp
  LIBS th_common)

trailhound_test(common_parallel_for_test
  SOURCES tests/common_parallel_for_test.cpp
  LIBS th_common)

trailhound_test(common_literal_matcher_test
  SOURCES tests/common_literal_matcher_test.cpp
  LIBS th_common)
