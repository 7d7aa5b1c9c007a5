# CloudTrail -> ECS normalization: user-agent parsing, GeoIP/ASN, entity enrichment,
# the normalizer, the schema.
pkg_check_modules(MAXMINDDB REQUIRED IMPORTED_TARGET libmaxminddb)

add_library(th_ecs STATIC
  src/ecs/cleaned_json.cpp
  src/ecs/cloudtrail_normalizer.cpp
  src/ecs/cloudtrail_schema.cpp
  src/ecs/entity_enrichment.cpp
  src/ecs/event_categorization.cpp
  src/ecs/geoip_enricher.cpp
  src/ecs/ip_text.cpp
  src/ecs/iso_timestamp.cpp
  src/ecs/raw_text_fields.cpp
  src/ecs/user_agent_cache.cpp
  src/ecs/user_agent_parser.cpp)
target_include_directories(th_ecs PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(th_ecs PUBLIC th_common simdjson::simdjson PkgConfig::RE2
  PRIVATE PkgConfig::MAXMINDDB)

trailhound_test(ecs_user_agent_test
  SOURCES tests/ecs_user_agent_test.cpp
  LIBS th_ecs PkgConfig::YAMLCPP)

# Its own executable: it replaces the global operator new.
trailhound_test(ecs_user_agent_alloc_failure_test
  SOURCES tests/ecs_user_agent_alloc_failure_test.cpp
  LIBS th_ecs)

trailhound_test(ecs_normalizer_test
  SOURCES tests/ecs_normalizer_test.cpp
  LIBS th_ecs PkgConfig::YAMLCPP)

trailhound_test(ecs_raw_text_fields_test
  SOURCES tests/ecs_raw_text_fields_test.cpp
  LIBS th_ecs)
