// Runs one job on a thread of its own whenever asked, so that the asker
// returns at once: the signal thread back to sigwait after SIGHUP, a reload
// before the slow prefilter build it leads to. Requests that arrive while the
// job runs are merged into one more run.
#ifndef OHM_DAEMON_COALESCING_WORKER_H_
#define OHM_DAEMON_COALESCING_WORKER_H_

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace ohm {

class CoalescingWorker {
 public:
  // Starts the thread; `job` runs on it once per (merged) request.
  explicit CoalescingWorker(std::function<void()> job);
  // Stop(), unless Abandon() came first.
  ~CoalescingWorker();
  CoalescingWorker(const CoalescingWorker&) = delete;
  CoalescingWorker& operator=(const CoalescingWorker&) = delete;

  // Asks for one run of the job; returns at once.
  void Request();
  // Lets a run in progress finish, drops pending requests and ends the thread.
  // Idempotent.
  void Stop();
  // Like Stop, but without waiting for a run in progress: the thread is
  // detached and ends when that run returns. The job must then not touch
  // anything the caller destroys (it owns what it needs, see
  // PrefilterBuilder). Returns true when a run was in progress.
  bool Abandon();
  // Waits until no run is pending or in progress, or the worker is stopped.
  void WaitIdle();

 private:
  // What the thread uses: shared, so that an abandoned thread outlives this object safely.
  struct Shared {
    std::function<void()> job;
    std::mutex mu;
    std::condition_variable cv;
    bool pending = false;  // guarded by mu
    bool running = false;  // guarded by mu
    bool stop = false;     // guarded by mu
  };
  static void Run(const std::shared_ptr<Shared>& shared);

  std::shared_ptr<Shared> shared_;
  std::thread thread_;
};

}  // namespace ohm

#endif  // OHM_DAEMON_COALESCING_WORKER_H_
