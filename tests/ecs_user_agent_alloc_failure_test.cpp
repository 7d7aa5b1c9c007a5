// UserAgentParser when memory runs out while it compiles a rule list: the
// SYNTHETIC rules below, and an allocation that fails on request (this test
// binary replaces the global operator new; its own executable, so that no
// other test runs with it).
//
// Why: a hunt's readers compile the lists they need together and wait for
// each other's shards. A reader that meets an allocation failure reports it
// and goes on with the next file; the shard it was compiling must still
// count as done, or every later user-agent parse waits forever — and the
// rules it leaves out must be named, since agents they would have named now
// get another answer.
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

// Rules Tool0 … Tool59, `(ToolN)/(\d+)`: two shards (48 rules compile together).
std::shared_ptr<const UserAgentParser> tools_parser() {
  std::string yaml = "user_agent_parsers:\n";
  for (int i = 0; i < 60; ++i) yaml += "  - regex: '(Tool" + std::to_string(i) + ")/(\\d+)'\n";
  yaml += "os_parsers: []\ndevice_parsers: []\n";
  auto loaded = UserAgentParser::load_yaml(yaml, "synthetic", UserAgentParser::Options{});
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  return loaded.ok() ? loaded.value() : nullptr;
}

bool failed(const UserAgentParser& p, std::string_view range) {
  for (const std::string& f : p.compile_failures())
    if (f.find(range) != std::string::npos) return true;
  return false;
}

// Another thread's parse of `agent`, or nullopt when it has not answered in 30 s
// (left waiting, detached: the test then fails instead of hanging).
std::optional<std::string> name_from_another_thread(const std::shared_ptr<const UserAgentParser>& parser,
                                                    std::string agent) {
  auto answered = std::make_shared<std::promise<std::string>>();
  std::future<std::string> name = answered->get_future();
  std::thread t([parser, answered, agent] {
    answered->set_value(parser->parse(agent, UserAgentParser::kName).name);
  });
  if (name.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
    t.detach();
    return std::nullopt;
  }
  t.join();
  return name.get();
}

TEST(UserAgentParserAllocationFailure, AFailedShardIsReportedAndNoParseWaitsForIt) {
  const auto parser = tools_parser();
  ASSERT_NE(parser, nullptr);
  // The first allocation of the compilation (this thread compiles the list:
  // nothing else has asked for it) fails: the first shard is left out.
  g_allocations_before_failure = 0;
  UserAgentInfo first;
  EXPECT_NO_THROW(first = parser->parse("Tool5/1", UserAgentParser::kName));
  g_allocations_before_failure = -1;
  EXPECT_EQ(first.name, "Other");
  EXPECT_TRUE(failed(*parser, "user_agent_parsers rules 1-48 not compiled"));
  EXPECT_FALSE(failed(*parser, "rules 49-60"));

  const std::optional<std::string> other_shard = name_from_another_thread(parser, "Tool55/1");
  ASSERT_TRUE(other_shard.has_value()) << "a parse waited for a failed shard";
  EXPECT_EQ(*other_shard, "Tool55");  // the other shard, and its atoms, still work
  EXPECT_EQ(parser->parse("Tool5/1", UserAgentParser::kName).name, "Other");
}

TEST(UserAgentParserAllocationFailure, EveryAllocationOfTheCompilationMayFail) {
  // The n-th allocation after the first parse begins fails — in the YAML
  // translation, inside RE2's compilation of a rule or of the shard's atoms,
  // or in the list's atom set — until n is past the compilation and the parse.
  int runs = 0;
  for (long n = 0;; n += n < 200 ? 1 : 61) {
    const auto parser = tools_parser();
    ASSERT_NE(parser, nullptr);
    g_allocations_before_failure = n;
    std::string tool5, tool55;
    bool threw = false;
    try {
      tool5 = parser->parse("Tool5/1", UserAgentParser::kName).name;
      tool55 = parser->parse("Tool55/1", UserAgentParser::kName).name;
    } catch (const std::bad_alloc&) {
      threw = true;  // outside the compilation (the answer's own strings): the caller's to handle
    }
    const bool injected = g_allocations_before_failure < 0;
    g_allocations_before_failure = -1;
    ++runs;
    if (!injected) break;  // n is past every allocation of both parses

    const bool first_failed = failed(*parser, "rules 1-48"), second_failed = failed(*parser, "rules 49-60");
    EXPECT_FALSE(first_failed && second_failed) << "one failing allocation, two shards left out (n=" << n << ")";
    if (!threw) {
      EXPECT_EQ(tool5, first_failed ? "Other" : "Tool5") << "n=" << n;
      EXPECT_EQ(tool55, second_failed ? "Other" : "Tool55") << "n=" << n;
    }
    const std::optional<std::string> again = name_from_another_thread(parser, "Tool55/2");
    ASSERT_TRUE(again.has_value()) << "a parse waited for a failed shard (n=" << n << ")";
    EXPECT_EQ(*again, second_failed ? "Other" : "Tool55") << "n=" << n;
  }
  EXPECT_GT(runs, 100);  // the compilation allocates; failures were injected all along it
}

}  // namespace
}  // namespace trailhound::ecs
