#include "stackrun_c.h"
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>

/* Set by a signal: stops every state. Per-state deadlines live in their sr_alloc_stats. */
static _Atomic uint64_t signal_deadline = 0;
static lua_State *_Atomic running_thread = NULL;
static int signal_pipe = -1;
static uint64_t signal_grace = 0;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static sr_alloc_stats *state_info(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (sr_alloc_stats *)ud;
}

uint64_t sr_watchdog_deadline(lua_State *L) {
    uint64_t own = state_info(L)->stop_deadline;
    uint64_t signalled = atomic_load_explicit(&signal_deadline, memory_order_relaxed);
    if (own == 0) return signalled;
    return signalled != 0 && signalled < own ? signalled : own;
}

static void stop_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    uint64_t deadline = sr_watchdog_deadline(L);
    if (deadline != 0 && now_ns() >= deadline)
        luaL_error(L, "run stopped: a task kept running after the run was cancelled");
}

void sr_watchdog_arm(lua_State *L, uint64_t deadline_ns) { state_info(L)->stop_deadline = deadline_ns; }

void sr_watchdog_watch(lua_State *L) { lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1000); }

void sr_set_running_thread(lua_State *L) { atomic_store(&running_thread, L); }

static void on_signal(int signo) {
    int saved = errno;
    uint64_t deadline = now_ns() + signal_grace;
    uint64_t current = atomic_load(&signal_deadline);
    if (current == 0 || deadline < current) atomic_store(&signal_deadline, deadline);
    lua_State *L = atomic_load(&running_thread);
    if (L != NULL) lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1000); /* as lua.c's laction does */
    unsigned char byte = (unsigned char)signo;
    if (write(signal_pipe, &byte, 1) < 0) { /* the pipe is full: the loop has enough to wake */ }
    errno = saved;
}

void sr_install_signal_handler(int signo, int pipe_fd, uint64_t grace_ns) {
    signal_pipe = pipe_fd;
    signal_grace = grace_ns;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(signo, &action, NULL);
}
