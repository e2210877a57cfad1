// DnsClient over ldns (Debian libldns-dev): a stub resolver asking one
// configured nameserver (or those of /etc/resolv.conf) with bounded timeouts.
// The C++ headers come first: once a C header has used the name __is_signed,
// clang reads it as its type-trait keyword and libstdc++'s headers no longer parse.
#include <algorithm>
#include <cstdlib>
#include <utility>

#include <arpa/inet.h>
#include <ldns/ldns.h>

#include "core/nameserver_address.h"
#include "doctor/dns_client.h"

namespace ohm::doctor {

namespace {

ldns_rr_type LdnsType(DnsType type) {
  switch (type) {
    case DnsType::kA: return LDNS_RR_TYPE_A;
    case DnsType::kAaaa: return LDNS_RR_TYPE_AAAA;
    case DnsType::kTxt: return LDNS_RR_TYPE_TXT;
    case DnsType::kMx: return LDNS_RR_TYPE_MX;
    case DnsType::kPtr: return LDNS_RR_TYPE_PTR;
  }
  return LDNS_RR_TYPE_A;
}

std::string DnameText(const ldns_rdf* rdf) {
  char* s = ldns_rdf2str(rdf);
  std::string out = s ? s : "";
  std::free(s);
  if (out.size() > 1 && out.back() == '.') out.pop_back();
  return out;
}

// One answer record's data as DnsAnswer documents it, or "" when malformed.
std::string RecordText(const ldns_rr* rr, DnsType type) {
  switch (type) {
    case DnsType::kA:
    case DnsType::kAaaa: {
      const ldns_rdf* rdf = ldns_rr_rdf(rr, 0);
      char buf[INET6_ADDRSTRLEN] = {};
      size_t want = type == DnsType::kA ? 4 : 16;
      if (!rdf || ldns_rdf_size(rdf) != want) return "";
      inet_ntop(type == DnsType::kA ? AF_INET : AF_INET6, ldns_rdf_data(rdf), buf, sizeof buf);
      return buf;
    }
    case DnsType::kTxt: {
      // A TXT record is one or more <character-string>s; receivers (RFC 7208
      // section 3.3) concatenate them with no separator.
      std::string joined;
      for (size_t i = 0; i < ldns_rr_rd_count(rr); ++i) {
        const ldns_rdf* rdf = ldns_rr_rdf(rr, i);
        const uint8_t* data = ldns_rdf_data(rdf);
        size_t size = ldns_rdf_size(rdf);
        if (size == 0 || data[0] + 1u > size) continue;
        joined.append(reinterpret_cast<const char*>(data + 1), data[0]);
      }
      return joined;
    }
    case DnsType::kMx: return ldns_rr_rd_count(rr) >= 2 ? DnameText(ldns_rr_rdf(rr, 1)) : "";
    case DnsType::kPtr: return ldns_rr_rd_count(rr) >= 1 ? DnameText(ldns_rr_rdf(rr, 0)) : "";
  }
  return "";
}

class LdnsDnsClient : public DnsClient {
 public:
  LdnsDnsClient(ldns_resolver* resolver, const DnsClientOptions& options)
      : resolver_(resolver),
        budget_("within " + std::to_string(options.timeout_ms) + " ms x " + std::to_string(options.retries + 1) +
                " attempts") {}
  ~LdnsDnsClient() override { ldns_resolver_deep_free(resolver_); }
  LdnsDnsClient(const LdnsDnsClient&) = delete;
  LdnsDnsClient& operator=(const LdnsDnsClient&) = delete;

  DnsAnswer Query(const std::string& name, DnsType type) override {
    DnsAnswer answer;
    std::string absolute = name.empty() || name.back() != '.' ? name + "." : name;
    ldns_rdf* qname = ldns_dname_new_frm_str(absolute.c_str());
    if (!qname) {
      answer.error = "not a valid domain name: " + name;
      return answer;
    }
    // ldns marks a nameserver that timed out as unreachable and skips it from
    // then on; every check deserves its own attempt (and its own timeout).
    for (size_t i = 0; i < ldns_resolver_nameserver_count(resolver_); ++i)
      ldns_resolver_set_nameserver_rtt(resolver_, i, LDNS_RESOLV_RTT_MIN);
    ldns_pkt* pkt = nullptr;
    ldns_status status = ldns_resolver_query_status(&pkt, resolver_, qname, LdnsType(type),
                                                    LDNS_RR_CLASS_IN, LDNS_RD);
    ldns_rdf_deep_free(qname);
    if (status != LDNS_STATUS_OK || !pkt) {
      answer.status = DnsStatus::kTimeout;
      answer.error = std::string("timeout: no answer for ") + DnsTypeName(type) + " " + name + " " + budget_ +
                     " (" + ldns_get_errorstr_by_id(status) + ")";
      if (pkt) ldns_pkt_free(pkt);
      return answer;
    }
    ldns_pkt_rcode rcode = ldns_pkt_get_rcode(pkt);
    if (rcode == LDNS_RCODE_NXDOMAIN) {
      answer.status = DnsStatus::kNxDomain;
    } else if (rcode != LDNS_RCODE_NOERROR) {
      answer.status = DnsStatus::kServFail;
      const ldns_lookup_table* rcode_name = ldns_lookup_by_id(ldns_rcodes, static_cast<int>(rcode));
      answer.error = std::string(DnsTypeName(type)) + " " + name + ": the resolver answered " +
                     (rcode_name ? rcode_name->name : "rcode " + std::to_string(static_cast<int>(rcode)));
    } else {
      ldns_rr_list* rrs = ldns_pkt_rr_list_by_type(pkt, LdnsType(type), LDNS_SECTION_ANSWER);
      std::vector<std::pair<int, std::string>> found;
      for (size_t i = 0; rrs && i < ldns_rr_list_rr_count(rrs); ++i) {
        const ldns_rr* rr = ldns_rr_list_rr(rrs, i);
        int preference = 0;
        if (type == DnsType::kMx && ldns_rr_rd_count(rr) >= 1) preference = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
        found.emplace_back(preference, RecordText(rr, type));
      }
      if (rrs) ldns_rr_list_deep_free(rrs);
      std::stable_sort(found.begin(), found.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (auto& f : found) answer.records.push_back(std::move(f.second));
      answer.status = answer.records.empty() ? DnsStatus::kNoData : DnsStatus::kOk;
    }
    ldns_pkt_free(pkt);
    return answer;
  }

 private:
  ldns_resolver* resolver_;
  std::string budget_;  // the time budget per question, for error messages
};

}  // namespace

const char* DnsTypeName(DnsType type) {
  switch (type) {
    case DnsType::kA: return "A";
    case DnsType::kAaaa: return "AAAA";
    case DnsType::kTxt: return "TXT";
    case DnsType::kMx: return "MX";
    case DnsType::kPtr: return "PTR";
  }
  return "?";
}

std::unique_ptr<DnsClient> MakeLdnsDnsClient(const DnsClientOptions& options, std::string* error) {
  ldns_resolver* resolver = nullptr;
  if (options.resolver.empty()) {
    if (ldns_resolver_new_frm_file(&resolver, nullptr) != LDNS_STATUS_OK || !resolver) {
      *error = "cannot read the nameservers of /etc/resolv.conf";
      return nullptr;
    }
  } else {
    NameserverAddress nameserver;
    ldns_rdf* address = nullptr;
    if (ParseNameserverAddress(options.resolver, &nameserver)) {
      address = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_A, nameserver.ip.c_str());
      if (!address) address = ldns_rdf_new_frm_str(LDNS_RDF_TYPE_AAAA, nameserver.ip.c_str());
    }
    if (!address) {
      *error = "--resolver wants IP or IP:PORT, not \"" + options.resolver + "\"";
      return nullptr;
    }
    resolver = ldns_resolver_new();
    ldns_resolver_push_nameserver(resolver, address);
    ldns_rdf_deep_free(address);
    ldns_resolver_set_port(resolver, static_cast<uint16_t>(nameserver.port));
  }
  timeval timeout{options.timeout_ms / 1000, (options.timeout_ms % 1000) * 1000};
  ldns_resolver_set_timeout(resolver, timeout);
  ldns_resolver_set_retry(resolver, static_cast<uint8_t>(std::clamp(options.retries + 1, 1, 10)));
  ldns_resolver_set_retrans(resolver, 0);  // no sleeping between attempts
  ldns_resolver_set_recursive(resolver, true);
  ldns_resolver_set_defnames(resolver, false);  // names are absolute: no search list
  ldns_resolver_set_dnsrch(resolver, false);
  ldns_resolver_set_fallback(resolver, true);  // TCP when an answer is truncated
  return std::make_unique<LdnsDnsClient>(resolver, options);
}

}  // namespace ohm::doctor
