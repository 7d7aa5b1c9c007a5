// UserAgentParser when memory runs out while it compiles a rule list: the
// SYNTHETIC rules below, and an allocation that fails on request (this test
// binary replaces the global operator new; its own executable, so that no
// other test runs with it).
//
// Why: a hunt's readers compile the lists they need together and wait for
// each other's shards. A reader that meets an allocation failure reports it
// and goes on with the next file; the shard it was compiling must still
// count as done, or every later user-agent parse waits forever.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <new>
#include <string>
#include <thread>

#include "ecs/user_agent_parser.h"

namespace {
// Allocations this thread may still make before one fails; negative: none fails.
thread_local long g_allocations_before_failure = -1;
}  // namespace

void* operator new(std::size_t size) {
  if (g_allocations_before_failure >= 0 && g_allocations_before_failure-- == 0) throw std::bad_alloc();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// (The pair is malloc/free underneath; GCC cannot see that through a replaced new.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace trailhound::ecs {
namespace {

TEST(UserAgentParserAllocationFailure, AFailedShardIsReportedAndNoParseWaitsForIt) {
  auto loaded = UserAgentParser::load_yaml(
      "user_agent_parsers:\n"
      "  - regex: '(aws-cli)/(\\d+)\\.(\\d+)\\.(\\d+)'\n"
      "  - regex: '(Boto3)/(\\d+)\\.(\\d+)\\.(\\d+)'\n"
      "os_parsers: []\ndevice_parsers: []\n",
      "synthetic", UserAgentParser::Options{});
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const std::shared_ptr<const UserAgentParser> parser = loaded.value();

  // The first allocation of the compilation (this thread compiles the list:
  // nothing else has asked for it) fails.
  g_allocations_before_failure = 0;
  UserAgentInfo first;
  EXPECT_NO_THROW(first = parser->parse("aws-cli/2.15.30 Python/3.11.8", UserAgentParser::kName));
  g_allocations_before_failure = -1;
  EXPECT_EQ(first.name, "Other");  // its shard was left out

  // Another thread asking for the list gets an answer instead of waiting for
  // the shard forever (detached: were it stranded, the test fails, not hangs).
  auto answered = std::make_shared<std::promise<std::string>>();
  std::future<std::string> name = answered->get_future();
  std::thread([parser, answered] {
    answered->set_value(parser->parse("Boto3/1.34.50 md/Botocore#1.34.50", UserAgentParser::kName).name);
  }).detach();
  ASSERT_EQ(name.wait_for(std::chrono::seconds(30)), std::future_status::ready) << "a parse waited for a failed shard";
  EXPECT_EQ(name.get(), "Other");

  bool reported = false;
  for (const std::string& s : parser->skipped_rules()) reported = reported || s.find("not compiled") != std::string::npos;
  EXPECT_TRUE(reported) << "the failed shard is not among the skipped rules";
}

}  // namespace
}  // namespace trailhound::ecs
