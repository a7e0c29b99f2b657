// Graceful interruption. install_interrupt_handlers() (called by the CLI) makes
// the first SIGINT/SIGTERM set a flag instead of killing the process; long loops
// poll interrupted() (one relaxed atomic load) and throw Interrupted, so that
// AtomicFile destructors remove temporary files and checkpoints can be written.
// A second signal restores the default action and kills the process at once.
#pragma once

namespace embkit {

void install_interrupt_handlers();
bool interrupted();
// Throws Interrupted if a signal has arrived.
void check_interrupted();
// For tests: set or clear the flag.
void set_interrupted(bool value);

}  // namespace embkit
