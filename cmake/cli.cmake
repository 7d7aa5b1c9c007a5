# Wiring: data sources, the one-pass scan, alerts, output formats, the command.
add_library(th_pipeline STATIC
  src/pipeline/recorded_document.cpp
  src/pipeline/data_sources.cpp
  src/pipeline/scan.cpp
  src/pipeline/nested_json_sink.cpp
  src/pipeline/alert_writer.cpp
  src/cli/result_writer.cpp
  src/cli/commands.cpp)
target_link_libraries(th_pipeline PUBLIC th_engine th_parser th_ecs th_ingest th_rules)

add_executable(trailhound src/cli/main.cpp)
target_link_libraries(trailhound PRIVATE th_pipeline)
