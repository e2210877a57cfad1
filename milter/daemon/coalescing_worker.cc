#include "daemon/coalescing_worker.h"

namespace ohm {

CoalescingWorker::CoalescingWorker(std::function<void()> job) : shared_(std::make_shared<Shared>()) {
  shared_->job = std::move(job);
  thread_ = std::thread([shared = shared_] { Run(shared); });
}

CoalescingWorker::~CoalescingWorker() { Stop(); }

void CoalescingWorker::Request() {
  std::lock_guard<std::mutex> lock(shared_->mu);
  shared_->pending = true;
  shared_->cv.notify_all();
}

void CoalescingWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(shared_->mu);
    shared_->stop = true;
    shared_->cv.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

bool CoalescingWorker::Abandon() {
  bool running;
  {
    std::lock_guard<std::mutex> lock(shared_->mu);
    shared_->stop = true;
    running = shared_->running;
    shared_->cv.notify_all();
  }
  if (thread_.joinable()) thread_.detach();
  return running;
}

void CoalescingWorker::WaitIdle() {
  std::unique_lock<std::mutex> lock(shared_->mu);
  shared_->cv.wait(lock, [this] { return (!shared_->pending && !shared_->running) || shared_->stop; });
}

void CoalescingWorker::Run(const std::shared_ptr<Shared>& shared) {
  std::unique_lock<std::mutex> lock(shared->mu);
  for (;;) {
    shared->cv.wait(lock, [&] { return shared->pending || shared->stop; });
    if (shared->stop) return;
    shared->pending = false;
    shared->running = true;
    lock.unlock();
    shared->job();
    lock.lock();
    shared->running = false;
    shared->cv.notify_all();
  }
}

}  // namespace ohm
