#include "support/synthetic_cloudtrail.h"

#include <fmt/format.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <stdexcept>

namespace trailhound::testing {

Event iam_user_call(std::string time, std::string source, std::string action, std::string user) {
  Event e;
  e.time = std::move(time);
  e.source = std::move(source);
  e.action = std::move(action);
  e.arn = fmt::format("arn:aws:iam::{}:user/{}", kAccount, user);
  e.user_name = std::move(user);
  return e;
}

static std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string record_json(const Event& e, int id) {
  std::string identity = fmt::format("{{\"type\":{}", quote(e.identity_type));
  if (e.identity_type == "AWSService") {
    identity += fmt::format(",\"invokedBy\":{}", quote(e.source_ip));
  } else {
    identity += fmt::format(",\"principalId\":\"AIDAEXAMPLE{:06d}\"", id);
    if (!e.arn.empty()) identity += fmt::format(",\"arn\":{}", quote(e.arn));
    identity += fmt::format(",\"accountId\":\"{}\"", kAccount);
    if (!e.access_key.empty()) identity += fmt::format(",\"accessKeyId\":{}", quote(e.access_key));
    if (!e.user_name.empty()) identity += fmt::format(",\"userName\":{}", quote(e.user_name));
    if (!e.session_issuer_user.empty() || e.credential_from_console) {
      identity += ",\"sessionContext\":{";
      if (!e.session_issuer_user.empty())
        identity += fmt::format(
            "\"sessionIssuer\":{{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":\"arn:aws:iam::{}:role/{}\",\"accountId\":\"{}\",\"userName\":{}}},",
            kAccount, e.session_issuer_user, kAccount, quote(e.session_issuer_user));
      identity += "\"attributes\":{\"creationDate\":\"2024-03-10T11:00:00Z\",\"mfaAuthenticated\":\"false\"}}";
    }
  }
  identity += "}";
  std::string rec = fmt::format(
      "{{\"eventVersion\":\"1.09\",\"userIdentity\":{},\"eventTime\":{},\"eventSource\":{},"
      "\"eventName\":{},\"awsRegion\":{},\"sourceIPAddress\":{},\"userAgent\":{},",
      identity, quote(e.time), quote(e.source), quote(e.action), quote(e.region), quote(e.source_ip),
      quote(e.user_agent));
  if (!e.error_code.empty())
    rec += fmt::format("\"errorCode\":{},\"errorMessage\":\"synthetic failure\",", quote(e.error_code));
  rec += fmt::format(
      "\"requestParameters\":null,\"responseElements\":null,\"requestID\":\"req-{:06d}\","
      "\"eventID\":\"00000000-0000-4000-8000-{:012d}\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
      "\"managementEvent\":true,\"recipientAccountId\":\"{}\",\"eventCategory\":\"Management\"",
      id, id, kAccount);
  if (e.credential_from_console) rec += ",\"sessionCredentialFromConsole\":\"true\"";
  rec += "}";
  return rec;
}

std::string records_document(const std::vector<Event>& events, int first_id) {
  std::string out = "{\"Records\":[";
  for (size_t i = 0; i < events.size(); ++i) {
    if (i) out += ",";
    out += record_json(events[i], first_id + static_cast<int>(i));
  }
  return out + "]}";
}

std::string ndjson_document(const std::vector<Event>& events, int first_id) {
  std::string out;
  for (size_t i = 0; i < events.size(); ++i)
    out += record_json(events[i], first_id + static_cast<int>(i)) + "\n";
  return out;
}

std::string gzip(const std::string& text) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&zs, text.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string make_temp_dir(const std::string& name) {
  namespace fs = std::filesystem;
  fs::path p = fs::temp_directory_path() / fmt::format("trailhound-test-{}-{}", name, ::getpid());
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace trailhound::testing
