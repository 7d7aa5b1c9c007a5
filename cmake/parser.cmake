# ES|QL lexer + parser: query text -> AST (src/esql/ast.h).
add_library(th_parser STATIC
  src/esql/lexer.cpp
  src/esql/parser.cpp
  src/esql/row_requirements.cpp)
target_include_directories(th_parser PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(th_parser PUBLIC th_common)

trailhound_test(esql_parser_test SOURCES tests/esql_parser_test.cpp LIBS th_parser)
trailhound_test(rules_parse_test SOURCES tests/rules_parse_test.cpp LIBS th_parser tomlplusplus::tomlplusplus)
trailhound_test(esql_row_requirements_test SOURCES tests/esql_row_requirements_test.cpp LIBS th_parser)
