#pragma once
// Who is writing a run, so that a later open can tell a run in progress from one whose process
// died (SIGKILL, a crash, power loss) and mark the latter interrupted. The token names the host,
// the process id and the process's start time: a pid alone may be reused by another process.

#include <string>

namespace kiln::store {

// "host pid start-ticks" of this process.
std::string current_writer_token();

// Whether the process that `token` names may still be writing. On this host: it is alive and
// started when the token says. On another host (a shared folder) this cannot be known, so the
// run counts as alive until its heartbeat is `stale_after_s` old.
bool writer_alive(const std::string& token, double heartbeat_age_s, double stale_after_s = 600);

} // namespace kiln::store
