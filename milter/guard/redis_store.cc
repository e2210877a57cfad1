#include "guard/redis_store.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <map>

#include "guard/sqlite_store.h"  // CounterKeyWindow

namespace ohm {

namespace {

// ARGV: now, sender, bad_window, server_window, message_id, score, bad, high,
// prefix, n, then per counter: key, granularity, window, add, limit, blocks.
// Counters are hashes bucket -> count (stale buckets deleted as met, the key
// expiring with its newest bucket); bad decisions a sorted set per sender;
// high-score senders one sorted set; breakers hashes (see kPutScript).
constexpr const char* kProcessScript = R"lua(
local now = tonumber(ARGV[1]); local sender = ARGV[2]
local bad_window = tonumber(ARGV[3]); local server_window = tonumber(ARGV[4])
local msgid = ARGV[5]; local bad = ARGV[7] == '1'; local high = ARGV[8] == '1'
local p = ARGV[9]; local n = tonumber(ARGV[10])
local counts, over, keys, admitted = {}, {}, {}, 1
for i = 0, n - 1 do
  local a = 11 + i * 6
  local key = p .. 'c:' .. ARGV[a]; local g = tonumber(ARGV[a + 1]); local w = tonumber(ARGV[a + 2])
  local add = tonumber(ARGV[a + 3]); local limit = tonumber(ARGV[a + 4])
  local first = math.floor((now - w) / g)
  local flat = redis.call('HGETALL', key)
  local sum, stale = 0, {}
  for j = 1, #flat, 2 do
    if tonumber(flat[j]) >= first then sum = sum + tonumber(flat[j + 1]) else stale[#stale + 1] = flat[j] end
  end
  if #stale > 0 then redis.call('HDEL', key, unpack(stale)) end
  counts[i + 1] = sum
  over[i + 1] = 0
  if limit > 0 and sum + add > limit then
    over[i + 1] = 1
    if ARGV[a + 5] == '1' then admitted = 0 end
  end
  keys[i + 1] = {key, g, w, add}
end
local bad_count, bad_ids, high_senders, high_ids = 0, {}, 0, {}
local function strip(list)
  local out = {}
  for i, m in ipairs(list) do out[i] = string.sub(m, string.find(m, ':', 1, true) + 1) end
  return out
end
if admitted == 1 then
  for i, k in ipairs(keys) do
    if k[4] > 0 then
      local bucket = math.floor(now / k[2])
      redis.call('HINCRBY', k[1], bucket, k[4])
      redis.call('EXPIREAT', k[1], (bucket + 1) * k[2] + k[3])
      counts[i] = counts[i] + k[4]
    end
  end
  if bad then
    local z = p .. 'bad:' .. sender
    redis.call('ZADD', z, now, now .. ':' .. msgid)
    redis.call('ZREMRANGEBYSCORE', z, '-inf', now - bad_window)
    redis.call('EXPIRE', z, bad_window + 60)
    bad_count = redis.call('ZCOUNT', z, '(' .. (now - bad_window), '+inf')
    bad_ids = strip(redis.call('ZREVRANGEBYSCORE', z, '+inf', '(' .. (now - bad_window), 'LIMIT', 0, 10))
  end
  if high then
    local s, m = p .. 'high', p .. 'highids'
    redis.call('ZADD', s, now, sender)
    redis.call('ZADD', m, now, now .. ':' .. msgid)
    for _, z in ipairs({s, m}) do
      redis.call('ZREMRANGEBYSCORE', z, '-inf', now - server_window)
      redis.call('EXPIRE', z, server_window + 60)
    end
    high_senders = redis.call('ZCOUNT', s, '(' .. (now - server_window), '+inf')
    high_ids = strip(redis.call('ZREVRANGEBYSCORE', m, '+inf', '(' .. (now - server_window), 'LIMIT', 0, 10))
  end
end
return {admitted, counts, over, bad_count, bad_ids, high_senders, high_ids,
        redis.call('HGETALL', p .. 'b:' .. sender), redis.call('HGETALL', p .. 'b:*')}
)lua";

// ARGV: prefix, sender, tripped, since, until, reason, ids, only_if_clear. A
// breaker is a hash expiring at `until` (kept while 0), listed in the sorted
// set 'breakers' for status; a release forgets the sender's bad decisions.
// With only_if_clear = 1 a breaker tripped and in force is left alone (returns 0).
constexpr const char* kPutScript = R"lua(
local p, s = ARGV[1], ARGV[2]
local b = p .. 'b:' .. s
if ARGV[8] == '1' and redis.call('HGET', b, 'tripped') == '1' then
  local u = tonumber(redis.call('HGET', b, 'until') or '0')
  if u == 0 or u > tonumber(ARGV[4]) then return 0 end
end
redis.call('DEL', b)
redis.call('HSET', b, 'tripped', ARGV[3], 'since', ARGV[4], 'until', ARGV[5], 'reason', ARGV[6], 'ids', ARGV[7])
if tonumber(ARGV[5]) > 0 then redis.call('EXPIREAT', b, tonumber(ARGV[5])) end
redis.call('ZADD', p .. 'breakers', tonumber(ARGV[4]), s)
if ARGV[3] == '0' then redis.call('DEL', p .. 'bad:' .. s) end
return 1
)lua";

constexpr auto kRetryDelay = std::chrono::seconds(1);

timeval Millis(int ms) { return timeval{ms / 1000, (ms % 1000) * 1000}; }

// Owns one reply.
struct Reply {
  redisReply* r = nullptr;
  explicit Reply(void* p) : r(static_cast<redisReply*>(p)) {}
  ~Reply() { if (r) freeReplyObject(r); }
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;
};

std::string Text(const redisReply* r) {
  return r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS || r->type == REDIS_REPLY_ERROR)
             ? std::string(r->str, r->len)
             : "";
}

int64_t Int(const redisReply* r) {
  if (!r) return 0;
  if (r->type == REDIS_REPLY_INTEGER) return r->integer;
  if (r->type == REDIS_REPLY_STRING) return std::strtoll(std::string(r->str, r->len).c_str(), nullptr, 10);
  return 0;
}

std::vector<std::string> Strings(const redisReply* r) {
  std::vector<std::string> out;
  if (r && r->type == REDIS_REPLY_ARRAY)
    for (size_t i = 0; i < r->elements; ++i) out.push_back(Text(r->element[i]));
  return out;
}

// A breaker from HGETALL's flat field/value list; nullopt when empty.
std::optional<BreakerState> BreakerFromHash(const std::string& sender, const std::vector<std::string>& flat) {
  if (flat.empty()) return std::nullopt;
  BreakerState b;
  b.sender = sender;
  for (size_t i = 0; i + 1 < flat.size(); i += 2) {
    const std::string& f = flat[i];
    const std::string& v = flat[i + 1];
    if (f == "tripped") b.tripped = v == "1";
    else if (f == "since") b.since = std::strtoll(v.c_str(), nullptr, 10);
    else if (f == "until") b.until = std::strtoll(v.c_str(), nullptr, 10);
    else if (f == "reason") b.reason = v;
    else if (f == "ids") b.message_ids = SplitMessageIds(v);
  }
  return b;
}

}  // namespace

RedisGuardStore::RedisGuardStore(RedisSettings settings) : settings_(std::move(settings)) {}

RedisGuardStore::~RedisGuardStore() {
  if (ctx_) redisFree(ctx_);
}

void RedisGuardStore::Disconnect() {
  if (ctx_) redisFree(ctx_);
  ctx_ = nullptr;
  retry_at_ = std::chrono::steady_clock::now() + kRetryDelay;
}

bool RedisGuardStore::EnsureConnected(std::string* error) {
  if (ctx_) return true;
  if (std::chrono::steady_clock::now() < retry_at_) {
    *error = "redis unavailable (last attempt failed less than a second ago)";
    return false;
  }
  std::string errors;
  for (const std::string& ep : settings_.endpoints) {
    redisContext* c = nullptr;
    if (ep.rfind("unix:", 0) == 0) {
      c = redisConnectUnixWithTimeout(ep.substr(5).c_str(), Millis(settings_.connect_timeout_ms));
    } else {
      size_t colon = ep.rfind(':');
      std::string host = ep.substr(0, colon);
      if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
      int port = std::atoi(ep.substr(colon + 1).c_str());
      c = redisConnectWithTimeout(host.c_str(), port, Millis(settings_.connect_timeout_ms));
    }
    std::string why;
    if (!c || c->err) {
      why = c ? c->errstr : "out of memory";
    } else if (redisSetTimeout(c, Millis(settings_.command_timeout_ms)) != REDIS_OK) {
      why = "cannot set the command timeout";
    } else {
      if (!settings_.password.empty()) {
        Reply auth(redisCommand(c, "AUTH %s", settings_.password.c_str()));
        if (!auth.r || auth.r->type == REDIS_REPLY_ERROR) why = "AUTH failed: " + (auth.r ? Text(auth.r) : c->errstr);
      }
      if (why.empty()) {
        Reply load(redisCommand(c, "SCRIPT LOAD %s", kProcessScript));
        if (!load.r || load.r->type != REDIS_REPLY_STRING) why = "SCRIPT LOAD failed: " + (load.r ? Text(load.r) : c->errstr);
        else process_sha_ = Text(load.r);
      }
      // A replica answers reads but refuses writes: not the endpoint to use.
      if (why.empty()) {
        Reply role(redisCommand(c, "ROLE"));
        if (role.r && role.r->type == REDIS_REPLY_ARRAY && role.r->elements > 0 && Text(role.r->element[0]) != "master")
          why = "a replica, not a primary";
      }
    }
    if (why.empty()) {
      ctx_ = c;
      endpoint_ = ep;
      return true;
    }
    if (c) redisFree(c);
    errors += (errors.empty() ? "" : "; ") + ep + ": " + why;
  }
  retry_at_ = std::chrono::steady_clock::now() + kRetryDelay;
  *error = "redis unavailable: " + errors;
  return false;
}

bool RedisGuardStore::Process(const GuardRequest& req, GuardReply* reply, std::string* error) {
  std::lock_guard<std::mutex> lock(mu_);
  *reply = GuardReply{};
  if (!EnsureConnected(error)) return false;
  std::vector<std::string> args = {"EVALSHA", process_sha_, "0",
                                   std::to_string(req.now), req.sender, std::to_string(req.bad_window),
                                   std::to_string(req.server_window), req.event.message_id,
                                   std::to_string(req.event.score), req.event.bad ? "1" : "0",
                                   req.event.high_score ? "1" : "0", settings_.prefix,
                                   std::to_string(req.counters.size())};
  for (const CounterUpdate& c : req.counters) {
    args.insert(args.end(), {c.key, std::to_string(c.window.granularity), std::to_string(c.window.seconds),
                             std::to_string(c.add), std::to_string(c.limit), c.blocks ? "1" : "0"});
  }
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  Reply r(redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
  if (!r.r) {
    *error = "redis " + endpoint_ + ": " + ctx_->errstr;
    Disconnect();
    return false;
  }
  if (r.r->type == REDIS_REPLY_ERROR) {
    *error = "redis " + endpoint_ + ": " + Text(r.r);
    // NOSCRIPT (a restarted or failed-over Redis) or READONLY (a demoted primary): reconnect and reload.
    Disconnect();
    retry_at_ = {};
    return false;
  }
  if (r.r->type != REDIS_REPLY_ARRAY || r.r->elements != 9) {
    *error = "redis " + endpoint_ + ": unexpected reply to the guard script";
    return false;
  }
  redisReply** e = r.r->element;
  reply->admitted = Int(e[0]) == 1;
  for (size_t i = 0; i < e[1]->elements; ++i) reply->counts.push_back(Int(e[1]->element[i]));
  for (size_t i = 0; i < e[2]->elements; ++i) reply->over.push_back(Int(e[2]->element[i]) == 1);
  if (reply->counts.size() != req.counters.size() || reply->over.size() != req.counters.size()) {
    *error = "redis " + endpoint_ + ": counter count mismatch in the guard script's reply";
    return false;
  }
  reply->bad_count = Int(e[3]);
  reply->bad_ids = Strings(e[4]);
  reply->high_score_senders = Int(e[5]);
  reply->high_score_ids = Strings(e[6]);
  auto sender = BreakerFromHash(req.sender, Strings(e[7]));
  if (sender && sender->InForce(req.now)) reply->sender_breaker = sender;
  auto server = BreakerFromHash(kServerBreaker, Strings(e[8]));
  if (server && server->InForce(req.now)) reply->server_breaker = server;
  return true;
}

bool RedisGuardStore::Put(const BreakerState& b, std::string* error) {
  std::lock_guard<std::mutex> lock(mu_);
  bool written = false;
  return RunPut(b, false, &written, error);
}

bool RedisGuardStore::TripOnce(const BreakerState& b, bool* written, std::string* error) {
  std::lock_guard<std::mutex> lock(mu_);
  return RunPut(b, true, written, error);
}

bool RedisGuardStore::RunPut(const BreakerState& b, bool only_if_clear, bool* written, std::string* error) {
  *written = false;
  if (!EnsureConnected(error)) return false;
  std::vector<std::string> args = {"EVAL", kPutScript, "0", settings_.prefix, b.sender, b.tripped ? "1" : "0",
                                   std::to_string(b.since), std::to_string(b.until), b.reason, JoinMessageIds(b.message_ids),
                                   only_if_clear ? "1" : "0"};
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  Reply r(redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
  if (!r.r || r.r->type == REDIS_REPLY_ERROR) {
    *error = "redis " + endpoint_ + ": " + (r.r ? Text(r.r) : ctx_->errstr);
    Disconnect();
    return false;
  }
  *written = Int(r.r) == 1;
  return true;
}

bool RedisGuardStore::Status(int64_t now, size_t top, StoreStatus* status, std::string* error) {
  std::lock_guard<std::mutex> lock(mu_);
  *status = StoreStatus{};
  if (!EnsureConnected(error)) return false;
  auto fail = [&](redisReply* r) {
    *error = "redis " + endpoint_ + ": " + (r ? Text(r) : ctx_->errstr);
    Disconnect();
    return false;
  };
  // Counters: SCAN is for admins (CLI), never on the message path.
  std::string cursor = "0", pattern = settings_.prefix + "c:*";
  size_t scanned = 0;
  do {
    Reply r(redisCommand(ctx_, "SCAN %s MATCH %s COUNT 1000", cursor.c_str(), pattern.c_str()));
    if (!r.r || r.r->type != REDIS_REPLY_ARRAY || r.r->elements != 2) return fail(r.r);
    cursor = Text(r.r->element[0]);
    for (const std::string& full : Strings(r.r->element[1])) {
      if (++scanned > 100000) break;  // a bounded look, whatever the key count
      std::string key = full.substr(pattern.size() - 1);
      int64_t w = CounterKeyWindow(key);
      if (w == 0) continue;
      Reply h(redisCommand(ctx_, "HGETALL %b", full.data(), full.size()));
      if (!h.r) return fail(nullptr);
      std::vector<std::string> flat = Strings(h.r);
      int64_t sum = 0;
      Window window = Window::Of(w);
      for (size_t i = 0; i + 1 < flat.size(); i += 2)
        if (window.Counts(std::strtoll(flat[i].c_str(), nullptr, 10), now)) sum += std::strtoll(flat[i + 1].c_str(), nullptr, 10);
      if (sum == 0) continue;
      if (key.rfind("volume|3600|", 0) == 0) status->top_volume.push_back({key.substr(12), sum});
      else if (key.rfind("score|3600|", 0) == 0) status->top_score.push_back({key.substr(11), sum});
      else if (key.rfind("rate:", 0) == 0) status->counters.push_back({key, sum});
    }
  } while (cursor != "0" && scanned <= 100000);
  for (auto* list : {&status->counters, &status->top_volume, &status->top_score}) {
    std::stable_sort(list->begin(), list->end(), [](const CounterTotal& a, const CounterTotal& b) { return a.count > b.count; });
    if (list->size() > top) list->resize(top);
  }
  std::string index = settings_.prefix + "breakers";
  Reply list(redisCommand(ctx_, "ZREVRANGE %b 0 999", index.data(), index.size()));
  if (!list.r || list.r->type != REDIS_REPLY_ARRAY) return fail(list.r);
  for (const std::string& sender : Strings(list.r)) {
    std::string key = settings_.prefix + "b:" + sender;
    Reply h(redisCommand(ctx_, "HGETALL %b", key.data(), key.size()));
    auto b = BreakerFromHash(sender, Strings(h.r));
    if (b && b->InForce(now)) {
      status->breakers.push_back(*b);
    } else {
      Reply gone(redisCommand(ctx_, "ZREM %b %b", index.data(), index.size(), sender.data(), sender.size()));
    }
  }
  return true;
}

}  // namespace ohm
