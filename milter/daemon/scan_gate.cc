#include "daemon/scan_gate.h"

#include <algorithm>
#include <thread>

namespace ohm {

ScanGate::ScanGate(size_t slots)
    : slots_(slots > 0 ? slots : std::max<size_t>(1, std::thread::hardware_concurrency())) {}

ScanGate::Slot::Slot(ScanGate* gate) : gate_(gate) {
  std::unique_lock<std::mutex> lock(gate_->mu_);
  gate_->freed_.wait(lock, [this] { return gate_->in_use_ < gate_->slots_; });
  ++gate_->in_use_;
}

ScanGate::Slot::~Slot() {
  {
    std::lock_guard<std::mutex> lock(gate_->mu_);
    --gate_->in_use_;
  }
  gate_->freed_.notify_one();
}

}  // namespace ohm
