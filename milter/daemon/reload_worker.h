// Runs configuration reloads on a thread of their own, so that the signal
// thread returns to sigwait at once. Requests that arrive during a reload are
// merged into one more reload.
#ifndef OHM_DAEMON_RELOAD_WORKER_H_
#define OHM_DAEMON_RELOAD_WORKER_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "daemon/daemon_state.h"

namespace ohm {

class ReloadWorker {
 public:
  // `on_reloaded` (may be empty) runs on the worker's thread after each
  // reload that put a new configuration in force.
  explicit ReloadWorker(DaemonState* state, std::function<void()> on_reloaded = {});
  ~ReloadWorker();

  // Asks for a reload; returns at once.
  void Request();
  // Finishes a reload in progress and ends the thread. Idempotent.
  void Stop();

 private:
  void Run();

  DaemonState* state_;
  std::function<void()> on_reloaded_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace ohm

#endif  // OHM_DAEMON_RELOAD_WORKER_H_
