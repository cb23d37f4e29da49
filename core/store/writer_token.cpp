#include "core/store/writer_token.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace kiln::store {

namespace {

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0)
    return "unknown";
  return name;
}

// Field 22 of /proc/PID/stat (the start time in clock ticks since boot) and field 3 (the
// state); empty when the process does not exist.
struct ProcState {
  bool exists = false;
  char state = '?';
  std::string start;
};

ProcState proc_state(long pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!file || !std::getline(file, text))
    return {};
  // The command name (field 2) is in parentheses and may hold spaces: read after the last ')'.
  const size_t close = text.rfind(')');
  if (close == std::string::npos)
    return {};
  std::istringstream rest(text.substr(close + 1));
  ProcState s;
  s.exists = true;
  rest >> s.state;
  std::string field;
  for (int i = 4; i <= 22 && rest >> field; ++i)
    if (i == 22)
      s.start = field;
  return s;
}

} // namespace

std::string current_writer_token() {
  const long pid = static_cast<long>(getpid());
  return host_name() + " " + std::to_string(pid) + " " + proc_state(pid).start;
}

bool writer_alive(const std::string& token, double heartbeat_age_s, double stale_after_s) {
  std::istringstream in(token);
  std::string host, start;
  long pid = 0;
  if (!(in >> host >> pid))
    return heartbeat_age_s < stale_after_s;
  in >> start;
  if (host != host_name())
    return heartbeat_age_s < stale_after_s;
  const ProcState s = proc_state(pid);
  // A zombie ('Z') or a dead process ('X') writes nothing more.
  return s.exists && s.state != 'Z' && s.state != 'X' && s.start == start;
}

} // namespace kiln::store
