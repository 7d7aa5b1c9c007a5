#include "ingest/file_reader.h"

#include <cerrno>
#include <algorithm>
#include <cstring>

#include <fcntl.h>
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
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
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
  std::unique_ptr<MappedFile> m(new MappedFile());
  m->base_ = static_cast<char*>(base);
  m->size_ = size;
  m->map_size_ = map_size;
  return m;
}

MappedFile::~MappedFile() {
  if (base_ != nullptr) ::munmap(base_, map_size_);
}

void MappedFile::release(size_t begin, size_t end) const {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  begin = (begin + page - 1) / page * page;
  end = std::min(end, size_) / page * page;
  if (end > begin) ::madvise(base_ + begin, end - begin, MADV_DONTNEED);
}

void MappedFile::populate(size_t begin, size_t end) const {
#ifndef MADV_POPULATE_READ
  constexpr int MADV_POPULATE_READ = 22;  // Linux 5.14; older kernels answer EINVAL
#endif
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  begin = begin / page * page;
  end = std::min(end, size_);
  if (end > begin) ::madvise(base_ + begin, end - begin, MADV_POPULATE_READ);  // best effort: faults still work
}

Status read_fd(int fd, const std::string& name, PaddedBuffer& out) {
  return read_all(fd, name, 1 << 20, out);
}

}  // namespace trailhound::ingest
