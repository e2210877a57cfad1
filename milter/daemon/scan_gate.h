// Bounds how many messages are scanned (parsed, featured, ruled) at once.
// Scanning is CPU work: past one scan per core more of them only add memory
// (each holds its parsed copy of the message) and cache misses, not
// throughput. Waiting messages keep only their collected bytes.
#ifndef OHM_DAEMON_SCAN_GATE_H_
#define OHM_DAEMON_SCAN_GATE_H_

#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace ohm {

class ScanGate {
 public:
  // `slots` scans may run at once; 0 means one per online CPU.
  explicit ScanGate(size_t slots);

  // The number of scans that may run at once.
  size_t slots() const { return slots_; }

  // Holds one slot for its lifetime, waiting for one to free up if needed.
  class Slot {
   public:
    explicit Slot(ScanGate* gate);
    ~Slot();
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    ScanGate* gate_;
  };

 private:
  const size_t slots_;
  std::mutex mu_;
  std::condition_variable freed_;
  size_t in_use_ = 0;
};

}  // namespace ohm

#endif  // OHM_DAEMON_SCAN_GATE_H_
