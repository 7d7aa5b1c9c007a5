// Explicit error returns, in the style of LevelDB's Status.
//
// Contract: a Status is either ok() or carries a code and a human message
// that already names the location (file:line, query line:column...). Result<T>
// holds a value or a non-ok Status. Nothing in the engine throws across a
// module boundary; exceptions from libraries are caught and turned into Status.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace trailhound {

class Status {
 public:
  enum class Code { Ok, InvalidInput, ParseError, AnalysisError, Unsupported, IoError, Internal };

  Status() = default;
  static Status ok_status() { return Status(); }
  static Status invalid_input(std::string m) { return Status(Code::InvalidInput, std::move(m)); }
  static Status parse_error(std::string m) { return Status(Code::ParseError, std::move(m)); }
  static Status analysis_error(std::string m) { return Status(Code::AnalysisError, std::move(m)); }
  static Status unsupported(std::string m) { return Status(Code::Unsupported, std::move(m)); }
  static Status io_error(std::string m) { return Status(Code::IoError, std::move(m)); }
  static Status internal(std::string m) { return Status(Code::Internal, std::move(m)); }

  bool ok() const { return code_ == Code::Ok; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::Ok;
  std::string message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: must be non-ok
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T* operator->() { return &value(); }
  T& operator*() { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace trailhound
