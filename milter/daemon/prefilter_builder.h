// Builds the rules' Hyperscan prefilter of the pipeline in force (see
// Pipeline::Build's defer_prefilter) on a thread of its own, after the daemon
// starts listening and after each reload, and swaps it in. The compile takes
// about a second of one core for the default rules and grows with an admin's
// own; neither start-up nor a reload nor a stop waits for it.
#ifndef OHM_DAEMON_PREFILTER_BUILDER_H_
#define OHM_DAEMON_PREFILTER_BUILDER_H_

#include <memory>
#include <mutex>

#include "daemon/coalescing_worker.h"
#include "daemon/daemon_state.h"

namespace ohm {

class PrefilterBuilder {
 public:
  // `state` must stay valid until Abandon() returns.
  explicit PrefilterBuilder(DaemonState* state);
  // Abandon().
  ~PrefilterBuilder();
  PrefilterBuilder(const PrefilterBuilder&) = delete;
  PrefilterBuilder& operator=(const PrefilterBuilder&) = delete;

  // Asks for a build for the pipeline in force (nothing to do when it has its
  // prefilter already); returns at once. Requests during a build merge into one more.
  void Request();
  // Ends the builder without waiting for a compile in progress: once this
  // returns the build never touches the DaemonState again, and its thread
  // ends on its own when the compile does. Returns true when a compile was
  // still running: the process should then end with _Exit once its own state
  // is torn down, since that thread must not outlive the libraries' static
  // objects, which exit() destroys. Idempotent.
  bool Abandon();
  // Waits until no build is pending or running (for tests).
  void WaitIdle() { worker_.WaitIdle(); }

 private:
  // The state a build installs into; null once abandoned. Shared with the
  // worker's job so that an abandoned compile can still check it.
  struct Target {
    std::mutex mu;
    DaemonState* state;
  };
  static void BuildOnce(Target& target);

  std::shared_ptr<Target> target_;
  CoalescingWorker worker_;
};

}  // namespace ohm

#endif  // OHM_DAEMON_PREFILTER_BUILDER_H_
