#include "ingest/file_reader.h"

#include <cerrno>
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace trailhound::ingest {
namespace {

Status os_error(const std::string& what, const std::string& name, int err) {
  return Status::io_error(what + " " + name + ": " + std::strerror(err));
}

// Reads to EOF; `size_hint` presizes the buffer so a regular file needs one
// allocation and its read(2) calls land directly in the final storage.
Status read_all(int fd, const std::string& name, size_t size_hint, PaddedBuffer& out) {
  out.clear();
  out.reserve(size_hint + 1);
  for (;;) {
    if (out.spare_size() == 0) out.reserve(out.capacity() + out.capacity() / 2 + 4096);
    size_t room = out.spare_size();
    if (room > (size_t{1} << 30)) room = size_t{1} << 30;
    ssize_t n = ::read(fd, out.spare(1), room);
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error("cannot read", name, errno);
    }
    if (n == 0) break;
    out.commit(static_cast<size_t>(n));
  }
  out.seal();
  return Status::ok_status();
}

// Mapped files whose pages may vanish: a file truncated by another process
// while mapped loses its pages past the new end, and touching one raises
// SIGBUS, which would kill the hunt. The handler maps a page of zeros over the
// lost page of a registered mapping and marks it (MappedFile::lost_pages());
// the reader then reports the file, and the zeros read as damaged records.
struct GuardSlot {
  std::atomic<bool> claimed{false};
  std::atomic<uintptr_t> begin{0};  // 0: free
  std::atomic<uintptr_t> end{0};
  std::atomic<bool> lost{false};
};
constexpr int kGuardSlots = 256;
GuardSlot g_guard[kGuardSlots];
struct sigaction g_previous_sigbus {};
size_t g_page_size = 4096;  // page_size(), for the signal handler

size_t page_size() {
  static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  return page;
}
std::once_flag g_guard_installed;

void on_sigbus(int sig, siginfo_t* info, void* context) {
  const int saved_errno = errno;  // the interrupted code may be reading it
  const uintptr_t addr = reinterpret_cast<uintptr_t>(info->si_addr);
  for (GuardSlot& s : g_guard) {
    const uintptr_t b = s.begin.load(std::memory_order_acquire);
    if (b == 0 || addr < b || addr >= s.end.load(std::memory_order_acquire)) continue;
    // mmap is one system call (it takes no user-space lock), so it is safe here.
    void* page = reinterpret_cast<void*>(addr & ~(uintptr_t{g_page_size} - 1));
    if (::mmap(page, g_page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
      s.lost.store(true, std::memory_order_release);
      errno = saved_errno;
      return;  // the access is retried and reads zeros
    }
    break;
  }
  // Not one of ours: what would have happened without this handler.
  if ((g_previous_sigbus.sa_flags & SA_SIGINFO) && g_previous_sigbus.sa_sigaction != nullptr) {
    g_previous_sigbus.sa_sigaction(sig, info, context);
    return;
  }
  if (!(g_previous_sigbus.sa_flags & SA_SIGINFO) && g_previous_sigbus.sa_handler != SIG_DFL) {
    // Ignored before: a signal sent stays ignored (a fault cannot be ignored).
    if (g_previous_sigbus.sa_handler == SIG_IGN && info->si_code <= 0) return;
    if (g_previous_sigbus.sa_handler != SIG_IGN) {
      g_previous_sigbus.sa_handler(sig);
      return;
    }
  }
  // The default action ends the process: at once for a signal sent (kill),
  // when the access is retried for a fault.
  ::signal(SIGBUS, SIG_DFL);
  ::raise(SIGBUS);
  errno = saved_errno;
}

// A guard slot for [begin, end), or -1 when all are taken.
int guard(const char* begin, size_t size) {
  std::call_once(g_guard_installed, [] {
    g_page_size = page_size();
    struct sigaction sa {};
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGBUS, &sa, &g_previous_sigbus);
  });
  for (int i = 0; i < kGuardSlots; ++i) {
    bool expected = false;
    if (!g_guard[i].claimed.compare_exchange_strong(expected, true)) continue;
    g_guard[i].lost.store(false);
    g_guard[i].end.store(reinterpret_cast<uintptr_t>(begin) + size, std::memory_order_release);
    g_guard[i].begin.store(reinterpret_cast<uintptr_t>(begin), std::memory_order_release);
    return i;
  }
  return -1;
}

void unguard(int slot) {
  if (slot < 0) return;
  g_guard[slot].begin.store(0, std::memory_order_release);
  g_guard[slot].end.store(0, std::memory_order_release);
  g_guard[slot].claimed.store(false, std::memory_order_release);
}

}  // namespace

Status read_file(const std::string& path, PaddedBuffer& out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return os_error("cannot open", path, errno);
  struct stat st {};
  size_t hint = 0;
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Status::io_error("cannot read " + path + ": is a directory");
    }
    if (S_ISREG(st.st_mode)) hint = static_cast<size_t>(st.st_size);
  }
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  Status s = read_all(fd, path, hint, out);
  ::close(fd);
  return s;
}

std::unique_ptr<MappedFile> MappedFile::open(const std::string& path, size_t min_size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
      static_cast<uint64_t>(st.st_size) < min_size) {
    ::close(fd);
    return nullptr;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  const size_t page = page_size();
  const size_t map_size = (size + simdjson::SIMDJSON_PADDING + page - 1) / page * page;
  // Reserve file + padding as zeroed anonymous memory, then map the file over
  // its start: the padding (and the rest of the file's last page) reads as zeros.
  void* base = ::mmap(nullptr, map_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) {
    ::close(fd);
    return nullptr;
  }
  void* file = ::mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
  ::close(fd);
  if (file == MAP_FAILED) {
    ::munmap(base, map_size);
    return nullptr;
  }
  ::madvise(base, size, MADV_SEQUENTIAL);
  const int slot = guard(static_cast<const char*>(base), size);
  if (slot < 0) {  // unguarded, a truncation would end the process: read it instead
    ::munmap(base, map_size);
    return nullptr;
  }
  std::unique_ptr<MappedFile> m(new MappedFile());
  m->base_ = static_cast<char*>(base);
  m->size_ = size;
  m->map_size_ = map_size;
  m->guard_slot_ = slot;
  return m;
}

MappedFile::~MappedFile() {
  unguard(guard_slot_);
  if (base_ != nullptr) ::munmap(base_, map_size_);
}

bool MappedFile::lost_pages() const {
  return guard_slot_ >= 0 && g_guard[guard_slot_].lost.load(std::memory_order_acquire);
}

void MappedFile::release(size_t begin, size_t end) const {
  const size_t page = page_size();
  begin = (begin + page - 1) / page * page;
  end = std::min(end, size_) / page * page;
  if (end > begin) ::madvise(base_ + begin, end - begin, MADV_DONTNEED);
}

void MappedFile::populate(size_t begin, size_t end) const {
#ifndef MADV_POPULATE_READ
  constexpr int MADV_POPULATE_READ = 22;  // Linux 5.14; older kernels answer EINVAL
#endif
  const size_t page = page_size();
  begin = begin / page * page;
  end = std::min(end, size_);
  if (end > begin) ::madvise(base_ + begin, end - begin, MADV_POPULATE_READ);  // best effort: faults still work
}

Status read_fd(int fd, const std::string& name, PaddedBuffer& out) {
  return read_all(fd, name, 1 << 20, out);
}

}  // namespace trailhound::ingest
