#include "daemon/reload_worker.h"

namespace ohm {

ReloadWorker::ReloadWorker(DaemonState* state, std::function<void()> on_reloaded)
    : state_(state), on_reloaded_(std::move(on_reloaded)), thread_([this] { Run(); }) {}

ReloadWorker::~ReloadWorker() { Stop(); }

void ReloadWorker::Request() {
  std::lock_guard<std::mutex> lock(mu_);
  pending_ = true;
  cv_.notify_one();
}

void ReloadWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    cv_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

void ReloadWorker::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return pending_ || stop_; });
    if (stop_) return;
    pending_ = false;
    lock.unlock();
    if (state_->Reload() && on_reloaded_) on_reloaded_();
    lock.lock();
  }
}

}  // namespace ohm
