# Detection-rule TOML loader (Elastic detection-rules format).
add_library(th_rules STATIC
  src/rules/rule_loader.cpp)
target_include_directories(th_rules PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(th_rules PUBLIC th_common th_parser PRIVATE tomlplusplus::tomlplusplus)

trailhound_test(rule_loader_test SOURCES tests/rule_loader_test.cpp LIBS th_rules)
