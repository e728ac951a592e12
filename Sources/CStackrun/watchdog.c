#include "stackrun_c.h"
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <sys/syscall.h>

/* Set by the first signal, for every state (the handler cannot know them): when and which. */
static _Atomic uint64_t signal_at = 0;
static _Atomic int first_signal = 0;
static _Atomic int signals_received = 0;
static lua_State *_Atomic running_thread = NULL;
static int signal_pipe = -1;
/* The thread that runs Lua (the event loop's), and the signal that passes a first SIGINT or
** SIGTERM on to it when another thread received it. */
static _Atomic pid_t lua_tid = 0;
static int poke_signal = 0;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static uint64_t earliest(uint64_t a, uint64_t b) {
    if (a == 0) return b;
    return b != 0 && b < a ? b : a;
}

static sr_watchdog_state *watchdog_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return &((sr_alloc_stats *)ud)->watchdog;
}

/* When the run was cancelled without the host, as of `now` (0 = not yet). */
static uint64_t cancelled_by(lua_State *L, uint64_t now, int *signo) {
    uint64_t armed = watchdog_of(L)->run_cancel_at;
    uint64_t signalled = atomic_load(&signal_at);
    uint64_t at = earliest(armed, signalled);
    *signo = (at != 0 && at == signalled) ? atomic_load(&first_signal) : 0;
    return at != 0 && at <= now ? at : 0;
}

uint64_t sr_watchdog_cancelled(lua_State *L, int *signo) { return cancelled_by(L, now_ns(), signo); }

/* Why the code running now must stop, or NULL. The grace rules stop everything of the run, and
** a task's code that was already running when its own grace ended; the 5 s rule stops a resume
** that keeps going after its task (or the run) was cancelled without ever yielding. */
static sr_alloc_stats *stats_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (sr_alloc_stats *)ud;
}

/* --cpu-limit: the time Lua has run in the scheduler's resumes, this one included. Time spent
** waiting (for I/O, a sleep, another task) is outside any resume and so does not count. */
static int cpu_limit_reached(sr_watchdog_state *w, uint64_t now) {
    if (w->cpu_limit == 0) return 0;
    uint64_t running = w->resume_started != 0 && now > w->resume_started ? now - w->resume_started : 0;
    if (w->cpu_used + running >= w->cpu_limit) w->cpu_exceeded = 1;
    return w->cpu_exceeded;
}

static const char *stop_reason(lua_State *L) {
    sr_watchdog_state *w = watchdog_of(L);
    uint64_t now = now_ns();
    int signo;
    if (stats_of(L)->memory_stopped) return "the Lua heap went past --memory-limit again after an out-of-memory error";
    if (cpu_limit_reached(w, now)) return "the script used up its --cpu-limit of Lua execution time";
    /* One `now` for every rule, and no subtraction that could wrap: a cancellation stored
    ** a moment after `now` was read (by the signal handler) is simply not due yet. */
    uint64_t run = earliest(cancelled_by(L, now, &signo), w->host_cancel_at);
    if (run != 0 && now >= run && now - run >= w->grace) return "the grace period after cancellation ended";
    if (w->task_grace_end != 0 && w->resume_started < w->task_grace_end && now >= w->task_grace_end)
        return "the grace period after cancellation ended";
    uint64_t cancelled = earliest(run, w->task_cancelled_at);
    if (cancelled == 0) return NULL;
    uint64_t since = w->resume_started > cancelled ? w->resume_started : cancelled;
    return now >= since && now - since >= SR_RUNAWAY_NS ? "a task kept running 5 s after it was cancelled" : NULL;
}

static void stop_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    const char *reason = stop_reason(L);
    if (reason == NULL) return;
    /* From now on at every instruction, until the task has unwound: a pcall that catches this
    ** error returns to Lua code, whose next instruction raises again. */
    lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1);
    /* Level 0: a hook has no frame of its own, so luaL_error's level 1 would name the caller. */
    luaL_where(L, 0);
    lua_pushfstring(L, "run stopped: %s", reason);
    lua_concat(L, 2);
    lua_error(L);
}

void sr_watchdog_arm(lua_State *L, uint64_t run_cancel_at, uint64_t grace_ns) {
    sr_watchdog_state *w = watchdog_of(L);
    w->run_cancel_at = run_cancel_at;
    w->host_cancel_at = 0;
    w->grace = grace_ns;
}

void sr_watchdog_cancel_run(lua_State *L, uint64_t at) {
    sr_watchdog_state *w = watchdog_of(L);
    w->host_cancel_at = earliest(w->host_cancel_at, at);
}

void sr_watchdog_enter(lua_State *co, uint64_t task_cancelled_at, uint64_t task_grace_end) {
    sr_watchdog_state *w = watchdog_of(co);
    w->resume_started = now_ns();
    w->task_cancelled_at = task_cancelled_at;
    w->task_grace_end = task_grace_end;
    atomic_store(&running_thread, co);
    /* The hook costs a call per instruction while set, so only where a stop may come. A
    ** coroutine the task creates inherits it. */
    stats_of(co)->lua_running = 1;
    if (w->run_cancel_at != 0 || w->host_cancel_at != 0 || atomic_load(&signal_at) != 0 ||
        task_cancelled_at != 0 || task_grace_end != 0 || w->cpu_limit != 0 || stats_of(co)->memory_stopped)
        lua_sethook(co, stop_hook, LUA_MASKCOUNT, stop_reason(co) != NULL ? 1 : 1000);
}

void sr_watchdog_leave(lua_State *L) {
    sr_watchdog_state *w = watchdog_of(L);
    atomic_store(&running_thread, NULL);
    stats_of(L)->lua_running = 0;
    uint64_t now = now_ns();
    if (w->resume_started != 0 && now > w->resume_started) w->cpu_used += now - w->resume_started;
    w->resume_started = 0;
    w->task_cancelled_at = 0;
    w->task_grace_end = 0;
}

void sr_watchdog_set_cpu_limit(lua_State *L, uint64_t limit_ns) {
    sr_watchdog_state *w = watchdog_of(L);
    w->cpu_limit = limit_ns;
    w->cpu_used = 0;
    w->cpu_exceeded = 0;
}

/* From the allocator, on the thread that runs Lua, so lua_sethook is safe (it only sets fields). */
void sr_watchdog_stop_for_memory(sr_alloc_stats *stats) {
    stats->memory_stopped = 1;
    lua_State *L = atomic_load(&running_thread);
    if (L != NULL) lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1);
}

/* Hooks the Lua code running now, so that it checks the stop rules. Only on the thread that runs
** Lua: lua_sethook may interrupt that thread's own VM (lua.c's laction relies on it), but from
** another thread it would race the VM and the collector. */
static void hook_running_lua(void) {
    lua_State *L = atomic_load(&running_thread);
    if (L != NULL) lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1000);
}

static void on_poke(int signo) {
    (void)signo;
    int saved = errno;
    hook_running_lua();
    errno = saved;
}

static void on_signal(int signo) {
    int saved = errno;
    if (atomic_fetch_add(&signals_received, 1) > 0) {
        /* The second signal ends the grace period at once, whatever Lua is doing. */
        sr_write_diagnostic(signo == SIGINT ? "second SIGINT, exiting at once" : "second SIGTERM, exiting at once", 0, NULL);
        _exit(128 + signo);
    }
    atomic_store(&first_signal, signo);
    atomic_store(&signal_at, now_ns());
    pid_t lua_thread = atomic_load(&lua_tid);
    if (lua_thread != 0 && (pid_t)syscall(SYS_gettid) == lua_thread) {
        hook_running_lua();
    } else if (lua_thread != 0) {
        syscall(SYS_tgkill, getpid(), lua_thread, poke_signal); /* its handler hooks, there */
    }
    unsigned char byte = (unsigned char)signo;
    if (write(signal_pipe, &byte, 1) < 0) { /* the pipe is full: the loop has enough to wake */ }
    errno = saved;
}

static void install(int signo, void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(signo, &action, NULL);
}

void sr_install_signal_handler(int signo, int pipe_fd) {
    signal_pipe = pipe_fd;
    atomic_store(&lua_tid, (pid_t)syscall(SYS_gettid));
    if (poke_signal == 0) {
        poke_signal = SIGRTMIN + 4;
        install(poke_signal, on_poke);
    }
    install(signo, on_signal);
}

/* coroutine.resume, watched: see sr_push_watched_resume. The original is upvalue 1. */
static int resume_watched(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    lua_State *outer = atomic_load(&running_thread);
    if (co != NULL) {
        /* A coroutine made before the run was cancelled has no hook of its own. */
        if (lua_gethookmask(L) != 0) lua_sethook(co, lua_gethook(L), lua_gethookmask(L), lua_gethookcount(L));
        atomic_store(&running_thread, co);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    if (co != NULL) {
        atomic_store(&running_thread, outer);
        /* Hooked while it ran (a signal came): so is its resumer now. */
        if (lua_gethookmask(co) != 0 && lua_gethookmask(L) == 0)
            lua_sethook(L, lua_gethook(co), lua_gethookmask(co), lua_gethookcount(co));
    }
    if (status != LUA_OK) return lua_error(L);
    return lua_gettop(L);
}

void sr_push_watched_resume(lua_State *L) { lua_pushcclosure(L, resume_watched, 1); }
