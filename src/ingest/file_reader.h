// Reads a whole file (or stdin) into a PaddedBuffer.
//
// Contract: on success the buffer holds exactly the file's bytes and is sealed;
// on failure it returns an IoError whose message names the path and the OS
// reason. Never throws except std::bad_alloc.
#pragma once

#include <string>

#include "common/status.h"
#include "ingest/padded_buffer.h"

namespace trailhound::ingest {

Status read_file(const std::string& path, PaddedBuffer& out);
// Reads file descriptor `fd` to EOF (used for stdin, fd 0).
Status read_fd(int fd, const std::string& name, PaddedBuffer& out);

}  // namespace trailhound::ingest
