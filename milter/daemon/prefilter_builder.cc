#include "daemon/prefilter_builder.h"

#include <chrono>
#include <string>

namespace ohm {

PrefilterBuilder::PrefilterBuilder(DaemonState* state)
    : target_(std::make_shared<Target>()), worker_([target = target_] { BuildOnce(*target); }) {
  target_->state = state;
}

PrefilterBuilder::~PrefilterBuilder() { Abandon(); }

void PrefilterBuilder::Request() { worker_.Request(); }

bool PrefilterBuilder::Abandon() {
  {
    std::lock_guard<std::mutex> lock(target_->mu);
    target_->state = nullptr;
  }
  return worker_.Abandon();
}

void PrefilterBuilder::BuildOnce(Target& target) {
  std::shared_ptr<const Pipeline> current;
  {
    std::lock_guard<std::mutex> lock(target.mu);
    if (target.state == nullptr) return;
    current = target.state->pipeline();
  }
  if (!current->prefilter_pending()) return;
  // The compile reads only `current`, which this thread co-owns.
  auto start = std::chrono::steady_clock::now();
  std::string error;
  std::shared_ptr<const Pipeline> built = current->WithPrefilter(&error);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::lock_guard<std::mutex> lock(target.mu);
  if (target.state == nullptr) return;
  target.state->InstallPrefilter(std::move(current), std::move(built), seconds, error);
}

}  // namespace ohm
