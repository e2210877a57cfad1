// Fuzz target: raw bytes through the whole per-message pipeline as the daemon
// runs it: split into headers and body under the collection limits, parse,
// features, the default rules, score, action, verdict headers and the JSON
// log record. The pipeline is built once, on the embedded defaults (its
// prefilter from the unit tests' cache when they filled it), before the
// first input.
// Then the same bytes once more the way the daemon collects them past a small
// scan limit: the body in chunks through AppendBody (the cut at a line end,
// the MIME structure kept past it), which must give the same collected body
// whatever the chunking, and that message through the pipeline too.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../pipeline/prefilter_cache_support.h"
#include "fuzz_input.h"
#include "log/verdict_json.h"
#include "pipeline/pipeline.h"

namespace {

const ohm::Pipeline& DefaultPipeline() {
  static std::shared_ptr<const ohm::Pipeline> pipeline = [] {
    ohm::Config config;
    config.rules.prefilter_cache = ohm::TestPrefilterCacheDir();
    std::vector<std::string> errors;
    auto p = ohm::Pipeline::Build(config, &errors);
    if (!p) __builtin_trap();
    return p;
  }();
  return *pipeline;
}

}  // namespace

// Builds the pipeline before the first input: its rules' prefilter takes
// longer to compile under the sanitizers (20 s and more) than libFuzzer
// gives one input (-timeout).
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  DefaultPipeline();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ohm::Pipeline& pipeline = DefaultPipeline();
  ohm::Envelope envelope;
  envelope.client_addr = "127.0.0.1";
  envelope.mail_from = "sender@example.com";
  envelope.rcpt_to = {"rcpt@example.net"};
  envelope.queue_id = "FUZZ";
  ohm::RawMessage raw = ohm::SplitMessage(ohm::AsText(data, size), pipeline.collect_limits());
  ohm::Verdict verdict = pipeline.Evaluate(envelope, raw);
  pipeline.VerdictHeadersFor(envelope, verdict);
  ohm::MessageFacts facts;
  facts.message_id = ohm::MessageIdOf(raw);
  facts.size = raw.WireSize();
  // dump() throws on invalid UTF-8 unless told otherwise; the log must never throw.
  ohm::LogRecord(envelope, facts, verdict).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  ohm::VerdictToJson(verdict).dump();

  std::string_view text = ohm::AsText(data, size);
  ohm::CollectLimits small = pipeline.collect_limits();
  small.max_body_bytes = 1024 + (size > 0 ? data[0] : 0) * 4;
  small.max_structure_bytes = 64 + (size > 1 ? data[1] : 0) * 8;
  ohm::RawMessage whole = ohm::SplitMessage(text, small);
  ohm::RawMessage chunked;
  chunked.headers = whole.headers;
  std::string_view body = text.substr(text.size() - whole.body_bytes_seen);
  size_t step = 1 + (size > 2 ? data[2] % 97 : 0);
  for (size_t pos = 0; pos < body.size(); pos += step) ohm::AppendBody(&chunked, body.substr(pos, step), small);
  if (chunked.body != whole.body || chunked.body_prefix_bytes != whole.body_prefix_bytes) __builtin_trap();
  pipeline.Evaluate(envelope, chunked);
  return 0;
}
