#include "daemon/coalescing_worker.h"

namespace ohm {

CoalescingWorker::CoalescingWorker(std::function<void()> job) : job_(std::move(job)), thread_([this] { Run(); }) {}

CoalescingWorker::~CoalescingWorker() { Stop(); }

void CoalescingWorker::Request() {
  std::lock_guard<std::mutex> lock(mu_);
  pending_ = true;
  cv_.notify_all();
}

void CoalescingWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void CoalescingWorker::WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return (!pending_ && !running_) || stop_; });
}

void CoalescingWorker::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return pending_ || stop_; });
    if (stop_) return;
    pending_ = false;
    running_ = true;
    lock.unlock();
    job_();
    lock.lock();
    running_ = false;
    cv_.notify_all();
  }
}

}  // namespace ohm
