// Keeps objects that are costly to make and used by one holder at a time
// (PCRE2 JIT stacks, Hyperscan scratch space) between uses. Made per message
// they cost more than the matching they serve (mmap, page faults, munmap);
// pooled, each thread in flight reuses one. The pool makes an object when
// none is idle and keeps at most `max_idle`, so it never grows past the most
// that were ever in use at once.
#ifndef OHM_CORE_IDLE_POOL_H_
#define OHM_CORE_IDLE_POOL_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace ohm {

template <typename T, typename Deleter = std::default_delete<T>>
class IdlePool {
 public:
  using Pointer = std::unique_ptr<T, Deleter>;

  // At most `max_idle` objects are kept between uses; more in flight at once
  // are made and freed as needed.
  explicit IdlePool(size_t max_idle = 64) : max_idle_(max_idle) {}
  IdlePool(const IdlePool&) = delete;
  IdlePool& operator=(const IdlePool&) = delete;

  // One object, exclusively the holder's until the Lease ends, then idle again.
  class Lease {
   public:
    Lease(IdlePool* pool, Pointer object) : pool_(pool), object_(std::move(object)) {}
    ~Lease() { pool_->Give(std::move(object_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    // Null only when the pool had none idle and `make` failed.
    T* get() const { return object_.get(); }

   private:
    IdlePool* pool_;
    Pointer object_;
  };

  // An idle object, or `make()` (returning Pointer) when none is idle.
  // Thread-safe; `make` runs outside the pool's lock.
  template <typename Make>
  Lease Acquire(Make make) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!idle_.empty()) {
        Pointer object = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(object));
      }
    }
    return Lease(this, make());
  }

  // Objects idle now (for tests).
  size_t idle() const {
    std::lock_guard<std::mutex> lock(mu_);
    return idle_.size();
  }

 private:
  void Give(Pointer object) {
    if (!object) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (idle_.size() < max_idle_) {
        idle_.push_back(std::move(object));
        return;
      }
    }
    // More were in flight than are worth keeping: `object` is freed here,
    // outside the lock.
  }

  const size_t max_idle_;
  mutable std::mutex mu_;
  std::vector<Pointer> idle_;
};

}  // namespace ohm

#endif  // OHM_CORE_IDLE_POOL_H_
