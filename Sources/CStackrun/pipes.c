#include "stackrun_c.h"

#include <fcntl.h>
#include <unistd.h>

// pipe2 is a GNU extension that Swift's Glibc module does not export. Both ends are created
// close-on-exec in one step: set afterwards, another thread's spawn in between could inherit them.
int sr_pipe_cloexec(int fds[_Nonnull 2]) {
    return pipe2(fds, O_CLOEXEC);
}
