#include "stackrun_c.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <unistd.h>

// pipe2 is a GNU extension that Swift's Glibc module does not export. Both ends are created
// close-on-exec in one step: set afterwards, another thread's spawn in between could inherit them.
int sr_pipe_cloexec(int fds[_Nonnull 2]) {
    return pipe2(fds, O_CLOEXEC);
}

// A child gets only the descriptors its spawner hands it on purpose. Close-on-exec protects
// only descriptors opened that way, and not everything in the process does so: Foundation's
// Process keeps a socket without it that must close when its own child ends, so a child we
// spawned meanwhile that inherits the socket hides that end until it ends too. Swift's Glibc
// module does not export the call.
int sr_spawn_actions_close_from(posix_spawn_file_actions_t *_Nonnull actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

// A descriptor that becomes readable when process `pid` ends (Linux 5.3 and later), so that the
// event loop can wait for a child with its sockets instead of blocking in waitpid. -1 and errno
// (ENOSYS on older kernels or where seccomp forbids it): the caller then polls waitpid.
int sr_pidfd_open(int pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

// renameat2 with RENAME_EXCHANGE swaps two paths atomically (Linux 3.15, glibc 2.28); Swift's
// Glibc module exports neither. An update swaps an installed recipe's tree with the new one,
// so that the name never points at nothing.
int sr_exchange_paths(const char *_Nonnull a, const char *_Nonnull b) {
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */);
}
