#pragma once
// Opening a project file (`*.kiln`): checked before anything is written, so that a file that is
// not a Kiln project, is damaged, comes from a newer Kiln or cannot be written gives its message
// and stays as it was. An older schema is migrated after a backup copy is made next to it
// (NAME.kiln.schema-V.bak). Opening for writing also marks runs whose writer died interrupted.

#include <memory>
#include <string>

#include "core/store/sqlite.h"

namespace kiln::store {

enum class Access {
  Read, // never writes; runs whose writer died read as interrupted
  Write // creates the file (and its folder) when missing
};

std::unique_ptr<Database> open_project(const std::string& path, Access access);

// The status a reader should show: a run still marked 'running' whose writer is gone is
// 'interrupted'. `heartbeat_age_s`: seconds since its writer last committed.
std::string effective_status(const std::string& status, const std::string& writer,
                             double heartbeat_age_s);

// The error of a run whose writer died.
constexpr const char* kInterruptedError = "the process writing it ended before the run finished";

// SQL for the current UTC time, as every timestamp in the file is written.
constexpr const char* kNowSql = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

} // namespace kiln::store
