// Runs one job on a thread of its own whenever asked, so that the asker
// returns at once: the signal thread back to sigwait after SIGHUP, a reload
// before the slow prefilter build it leads to. Requests that arrive while the
// job runs are merged into one more run.
#ifndef OHM_DAEMON_COALESCING_WORKER_H_
#define OHM_DAEMON_COALESCING_WORKER_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace ohm {

class CoalescingWorker {
 public:
  // Starts the thread; `job` runs on it once per (merged) request.
  explicit CoalescingWorker(std::function<void()> job);
  ~CoalescingWorker();
  CoalescingWorker(const CoalescingWorker&) = delete;
  CoalescingWorker& operator=(const CoalescingWorker&) = delete;

  // Asks for one run of the job; returns at once.
  void Request();
  // Lets a run in progress finish, drops pending requests and ends the thread.
  // Idempotent.
  void Stop();
  // Waits until no run is pending or in progress (for tests).
  void WaitIdle();

 private:
  void Run();

  std::function<void()> job_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;  // guarded by mu_
  bool running_ = false;  // guarded by mu_
  bool stop_ = false;     // guarded by mu_
  std::thread thread_;
};

}  // namespace ohm

#endif  // OHM_DAEMON_COALESCING_WORKER_H_
