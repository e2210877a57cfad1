// In-memory DnsClient for unit tests of the checks' logic: answers come from a
// map keyed by (lowercase name, type); anything absent is NXDOMAIN.
#ifndef OHM_TESTS_DOCTOR_FAKE_DNS_H_
#define OHM_TESTS_DOCTOR_FAKE_DNS_H_

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "doctor/dns_client.h"
#include "doctor/dns_names.h"

namespace ohm::doctor {

class FakeDns : public DnsClient {
 public:
  // Adds one record; TXT text is given already joined.
  FakeDns& Add(const std::string& name, DnsType type, const std::string& data) {
    records_[{LowercaseName(name), type}].push_back(data);
    names_.insert(LowercaseName(name));
    return *this;
  }
  // Makes every question about `name` time out.
  FakeDns& Timeout(const std::string& name) {
    timeouts_.insert(LowercaseName(name));
    return *this;
  }
  DnsAnswer Query(const std::string& name, DnsType type) override {
    ++queries;
    DnsAnswer a;
    std::string key = LowercaseName(name);
    if (timeouts_.count(key)) {
      a.status = DnsStatus::kTimeout;
      a.error = "timed out asking " + name;
      return a;
    }
    auto it = records_.find({key, type});
    if (it != records_.end()) {
      a.status = DnsStatus::kOk;
      a.records = it->second;
    } else {
      a.status = names_.count(key) ? DnsStatus::kNoData : DnsStatus::kNxDomain;
    }
    return a;
  }
  int queries = 0;

 private:
  std::map<std::pair<std::string, DnsType>, std::vector<std::string>> records_;
  std::set<std::string> names_;
  std::set<std::string> timeouts_;
};

}  // namespace ohm::doctor

#endif  // OHM_TESTS_DOCTOR_FAKE_DNS_H_
