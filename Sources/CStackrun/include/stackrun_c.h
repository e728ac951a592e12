// The C that Swift cannot express: Lua API macros, variadic curl calls, and the
// trampoline through which every Swift function registered with Lua is called.
// Every symbol here is prefixed `sr_`.
#pragma once

#include <spawn.h>
#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include <curl/curl.h>

#pragma mark - Exit statuses the C side ends the process with

/// Lua's allocator failed: the process ends at once with this status (Swift's
/// ExitStatus.outOfMemory has the same value; a test checks that they agree).
#define SR_EXIT_OUT_OF_MEMORY 6

/// Lines the C side writes itself (a second signal, memory that ran out) are JSON records like
/// the log handler's when on (--log-format json), else "stackrun: ..." text.
void sr_set_json_diagnostics(int on);
/// Writes `message` as one such line; with `after`, `number` and `after` are appended to it.
/// Async-signal-safe; `message` and `after` must need no JSON escaping.
void sr_write_diagnostic(const char *_Nonnull message, uint64_t number, const char *_Nullable after);

#pragma mark - Lua state with a counting allocator

/// What the watchdog of one state knows; times are CLOCK_MONOTONIC nanoseconds, 0 = none.
typedef struct sr_watchdog_state {
    /// When the run is cancelled: armed ahead of time for --timeout (a signal's time counts
    /// too, whichever is earlier), so that the stop needs no help from the blocked event loop.
    uint64_t run_cancel_at;
    /// When the host cancelled the run itself (the main script failed, or it heard of the above).
    uint64_t host_cancel_at;
    /// How long the run may go on after its cancellation (--grace).
    uint64_t grace;
    /// The resume in progress: when it began, when its task was cancelled, when its grace ends.
    uint64_t resume_started;
    uint64_t task_cancelled_at;
    uint64_t task_grace_end;
    /// --cpu-limit: how long Lua may run in all, inside the scheduler's resumes (0 = no limit);
    /// the time spent in finished resumes; and whether the limit was reached (then sticky).
    uint64_t cpu_limit;
    uint64_t cpu_used;
    int cpu_exceeded;
} sr_watchdog_state;

/// Bytes the allocator of one Lua state has handed out, and the --memory-limit it enforces
/// (see sr_alloc in lua_state.c for where a refusal may happen and why).
typedef struct sr_alloc_stats {
    size_t bytes;
    size_t peak;
    /// The heap's limit in bytes (0 = none), and the most a Swift call may take past it.
    size_t limit;
    size_t overdraft;
    /// Set by the host while a resume of its own runs Lua (a refusal there unwinds to
    /// lua_resume, no Swift frame in between); the trampoline counts the Swift calls in progress.
    int lua_running;
    int swift_depth;
    /// Out-of-memory errors raised because of the limit, and whether the run was stopped for
    /// going past it again after one (then sticky: the stop hook ends the run).
    unsigned limit_errors;
    int memory_stopped;
    /// The last refused request, to tell Lua's retry after its emergency collection from a new one.
    void *_Nullable refused_ptr;
    size_t refused_osize;
    size_t refused_nsize;
    int refused_pending;
    /// Kept here because every thread of the state reaches this block (lua_getallocf).
    sr_watchdog_state watchdog;
} sr_alloc_stats;

/// A new state whose allocator counts into `stats` and, when the system's memory runs out (or a
/// Swift call goes past the limit's overdraft), ends the process with SR_EXIT_OUT_OF_MEMORY and
/// one line on stderr, with a panic handler that aborts. Past `stats->limit` it refuses only
/// where the error unwinds to no Swift frame (see sr_alloc).
lua_State *_Nullable sr_newstate(sr_alloc_stats *_Nonnull stats);

#pragma mark - The binding trampoline

/// What a Swift binding returns to the trampoline (any value >= 0 is a result count).
#define SR_RAISE (-1)        /* raise the value on top of the stack as it is */
#define SR_RAISE_WHERE (-2)  /* raise the string on top, prefixed with the caller's file:line */
#define SR_YIELD_BASE (-1000) /* SR_YIELD_BASE - n: yield the n values on top */

/// The Swift dispatcher: calls binding `id` for the state `L` and returns as above.
typedef int (*sr_dispatch_fn)(lua_State *_Nonnull L, int id);

/// Installs the dispatcher (once, before any binding is pushed).
void sr_set_dispatch(sr_dispatch_fn _Nonnull fn);

/// Pushes a C closure that calls binding `id` through the trampoline.  [-0, +1, m]
void sr_push_binding(lua_State *_Nonnull L, int id);

/// The light userdata that host yields carry, so that the coroutine wrappers of the prelude
/// can tell a yield meant for the scheduler from a script's own `coroutine.yield`.
void *_Nonnull sr_host_sentinel(void);

#pragma mark - Task coroutines

/// Pushes the function every task's coroutine starts with: called with the task's body and its
/// arguments, it runs the body under a yieldable pcall, so that when an error escapes it, its
/// to-be-closed variables are closed where they may still yield (do I/O); then the task's
/// deferred calls (sr_task_defer), each under its own yieldable pcall.  [-0, +1, -]
void sr_push_task_runner(lua_State *_Nonnull L);
/// Pushes the traceback kept when an error escaped the body of task thread `co` (nil if none),
/// and forgets it.  [-0, +1, -]
void sr_take_task_traceback(lua_State *_Nonnull L, lua_State *_Nonnull co);
/// Registers a deferred call (`defer` in Lua) with task thread `task`: the top `count` values of
/// `L`, the function and its arguments (popped), called when the task's body has ended, before
/// the calls registered earlier. `where` is the script's file:line of the `defer`, for the log.
/// Never raises.  [-count, +0, -]
void sr_task_defer(lua_State *_Nonnull L, lua_State *_Nonnull task, int count, const char *_Nonnull where);
/// Pops the function that logs the error of a deferred call that failed after its task had
/// already failed (the task keeps its first error): called with (error, where), it must not raise.
void sr_set_deferred_error_logger(lua_State *_Nonnull L);

#pragma mark - Protected helpers (run Lua code that may raise under lua_pcall)

/// Compiles `size` bytes named `chunkname` ("=name" or "@file") as a text chunk; never raises.
int sr_load(lua_State *_Nonnull L, const char *_Nonnull buffer, size_t size, const char *_Nonnull chunkname);
/// Loads `size` bytes of bytecode that this build made (the prelude); never raises. Only for
/// bytecode of our own: Lua does not check a binary chunk's consistency, so one from elsewhere
/// could crash the interpreter, which is why scripts can load text only.
int sr_load_own_bytecode(lua_State *_Nonnull L, const char *_Nonnull buffer, size_t size, const char *_Nonnull chunkname);
/// `lua_ident` of the Lua library loaded at run time ("$LuaVersion: Lua 5.4.4 ..."), which names
/// its release: bytecode made by another release must not be loaded.
const char *_Nonnull sr_lua_ident(void);

/// Opens the libraries of the sandbox: base, coroutine, table, string, math, utf8, and from os
/// only time, clock, date, difftime and getenv. Protected.
int sr_open_libs(lua_State *_Nonnull L);

/// The message handler of lua.c: turns any error value into a string (via __tostring if it
/// has one) and appends a traceback. Used as the msgh of sr_pcall_traceback.
int sr_traceback_handler(lua_State *_Nonnull L);

/// lua_pcall with sr_traceback_handler as message handler.  [-(nargs+1), +(nresults|1), -]
int sr_pcall_traceback(lua_State *_Nonnull L, int nargs, int nresults);

/// `tostring(v)` for the value at `idx`, honouring __tostring and __name, run protected.
/// Pushes the string, or an error message if __tostring raised; returns the pcall status.  [-0, +1, -]
int sr_tostring(lua_State *_Nonnull L, int idx);

/// A traceback of thread `co` (after it died with an error), with `msg` as first line.  [-0, +1, m]
void sr_traceback_of(lua_State *_Nonnull L, lua_State *_Nonnull co, const char *_Nullable msg, int level);

#pragma mark - Lua API macros Swift cannot import

static inline int sr_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int sr_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline void sr_pop(lua_State *_Nonnull L, int n) { lua_pop(L, n); }
static inline void sr_newtable(lua_State *_Nonnull L) { lua_newtable(L); }
static inline void sr_insert(lua_State *_Nonnull L, int idx) { lua_insert(L, idx); }
static inline void sr_remove(lua_State *_Nonnull L, int idx) { lua_remove(L, idx); }
static inline void sr_replace(lua_State *_Nonnull L, int idx) { lua_replace(L, idx); }
static inline void sr_pushglobaltable(lua_State *_Nonnull L) { lua_pushglobaltable(L); }
static inline int sr_resume(lua_State *_Nonnull co, lua_State *_Nullable from, int nargs, int *_Nonnull nres) {
    return lua_resume(co, from, nargs, nres);
}
/// Resets a dead or suspended thread, closing its pending to-be-closed variables (5.4.4 name).
static inline int sr_closethread(lua_State *_Nonnull co) { return lua_resetthread(co); }
/// The pointer-sized slot Lua reserves per state; threads copy the main thread's at creation.
static inline void *_Nullable *_Nonnull sr_extraspace(lua_State *_Nonnull L) {
    return (void **)lua_getextraspace(L);
}
static inline size_t sr_gc_count_bytes(lua_State *_Nonnull L) {
    return (size_t)lua_gc(L, LUA_GCCOUNT) * 1024 + (size_t)lua_gc(L, LUA_GCCOUNTB);
}
static inline void sr_gc_collect(lua_State *_Nonnull L) { lua_gc(L, LUA_GCCOLLECT); }

#pragma mark - libcurl, loaded on first use (curl_loader.c)

// Every curl call goes through these: the first one loads libcurl.so.4 with dlopen (and calls
// curl_global_init); if it cannot be loaded, the process ends with one line and status 127.
char *_Nonnull sr_curl_version(void);
void sr_curl_free(void *_Nullable p);
const char *_Nonnull sr_curl_easy_strerror(CURLcode code);
CURL *_Nullable sr_curl_easy_init(void);
void sr_curl_easy_cleanup(CURL *_Nonnull h);
void sr_curl_easy_reset(CURL *_Nonnull h);
CURLM *_Nullable sr_curl_multi_init(void);
CURLMcode sr_curl_multi_add_handle(CURLM *_Nonnull m, CURL *_Nonnull h);
CURLMcode sr_curl_multi_remove_handle(CURLM *_Nonnull m, CURL *_Nonnull h);
CURLMcode sr_curl_multi_perform(CURLM *_Nonnull m, int *_Nonnull running);
CURLMsg *_Nullable sr_curl_multi_info_read(CURLM *_Nonnull m, int *_Nonnull queued);
CURLMcode sr_curl_multi_poll(CURLM *_Nonnull m, struct curl_waitfd *_Nullable extra, unsigned int count, int timeout, int *_Nullable ready);
struct curl_slist *_Nullable sr_curl_slist_append(struct curl_slist *_Nullable list, const char *_Nonnull line);
void sr_curl_slist_free_all(struct curl_slist *_Nullable list);
CURLU *_Nullable sr_curl_url(void);
void sr_curl_url_cleanup(CURLU *_Nonnull u);
CURLUcode sr_curl_url_get(CURLU *_Nonnull u, CURLUPart what, char *_Nullable *_Nonnull part, unsigned int flags);
CURLUcode sr_curl_url_set(CURLU *_Nonnull u, CURLUPart what, const char *_Nullable part, unsigned int flags);

// curl's variadic calls, typed.
CURLcode sr_easy_setopt_long(CURL *_Nonnull h, CURLoption o, long v);
CURLcode sr_easy_setopt_off(CURL *_Nonnull h, CURLoption o, curl_off_t v);
CURLcode sr_easy_setopt_str(CURL *_Nonnull h, CURLoption o, const char *_Nullable v);
CURLcode sr_easy_setopt_ptr(CURL *_Nonnull h, CURLoption o, void *_Nullable v);
CURLcode sr_easy_setopt_slist(CURL *_Nonnull h, CURLoption o, struct curl_slist *_Nullable v);
CURLcode sr_easy_setopt_write(CURL *_Nonnull h, CURLoption o, curl_write_callback _Nullable v);
CURLcode sr_easy_setopt_read(CURL *_Nonnull h, CURLoption o, curl_read_callback _Nullable v);
CURLcode sr_easy_setopt_seek(CURL *_Nonnull h, CURLoption o, curl_seek_callback _Nullable v);
CURLcode sr_easy_getinfo_long(CURL *_Nonnull h, CURLINFO i, long *_Nonnull v);
CURLcode sr_easy_getinfo_off(CURL *_Nonnull h, CURLINFO i, curl_off_t *_Nonnull v);
CURLcode sr_easy_getinfo_ptr(CURL *_Nonnull h, CURLINFO i, void *_Nullable *_Nonnull v);
CURLMcode sr_multi_setopt_long(CURLM *_Nonnull m, CURLMoption o, long v);
/// The easy handle and result of a finished transfer (CURLMsg's union is awkward in Swift).
static inline CURL *_Nullable sr_msg_easy(CURLMsg *_Nonnull m) { return m->easy_handle; }
static inline CURLcode sr_msg_result(CURLMsg *_Nonnull m) { return m->data.result; }
static inline int sr_msg_is_done(CURLMsg *_Nonnull m) { return m->msg == CURLMSG_DONE; }

#pragma mark - Stopping runaway Lua code

/// Cancelled Lua code that goes on this long in one resume, never yielding, is stopped.
#define SR_RUNAWAY_NS 5000000000ull

/// Sets the run of `L` up: it is cancelled at `run_cancel_at` (0 = only by a signal) and stopped
/// `grace_ns` later. Once due, the stop raises "run stopped: ..." at every instruction of the
/// running code, so that pcall cannot keep it going: each pcall level catches one error and the
/// next instruction of its caller raises again. Hooks fire only in Lua code, never over Swift frames.
void sr_watchdog_arm(lua_State *_Nonnull L, uint64_t run_cancel_at, uint64_t grace_ns);
/// Records that the host cancelled the run of `L` at `at` (an earlier time already known stays).
void sr_watchdog_cancel_run(lua_State *_Nonnull L, uint64_t at);
/// When the run of `L` was cancelled without the host's help (0 = not yet): the armed time once
/// passed, or the first SIGINT/SIGTERM. `signo` gets that signal, or 0 if the armed time came first.
uint64_t sr_watchdog_cancelled(lua_State *_Nonnull L, int *_Nonnull signo);
/// Brackets the scheduler's resume of task thread `co` (leave takes any thread of its state):
/// when its task was cancelled and when its grace ends (0 = not), for the stop rules; installs
/// the hook when a stop may come. Also tells the signal handler which thread it may hook.
void sr_watchdog_enter(lua_State *_Nonnull co, uint64_t task_cancelled_at, uint64_t task_grace_end);
void sr_watchdog_leave(lua_State *_Nonnull L);
/// Sets --cpu-limit for the state of `L`: the nanoseconds Lua may run in all (0 = none).
void sr_watchdog_set_cpu_limit(lua_State *_Nonnull L, uint64_t limit_ns);
/// Called by the allocator when a script went past --memory-limit again after an out-of-memory
/// error: marks the run stopped and hooks the running Lua so that the stop hook ends it.
void sr_watchdog_stop_for_memory(sr_alloc_stats *_Nonnull stats);

/// Makes `signo` (SIGINT or SIGTERM) cancel the run: the first writes its number to `pipe_fd`
/// for the event loop, records the time for the watchdog and hooks the running thread; a second
/// one ends the process at once with 128 + its number. All async-signal-safe. Call it on the
/// thread that runs Lua: the hook is set only from that thread (a signal delivered to another
/// is passed on to it), as lua.c's own handler relies on.
void sr_install_signal_handler(int signo, int pipe_fd);
/// Replaces the function on top (coroutine.resume) with one that watches the coroutine it
/// resumes: it gets its resumer's hook, and is the thread the signal path hooks while it runs.
void sr_push_watched_resume(lua_State *_Nonnull L);

/// A pipe whose two ends are close-on-exec from the start (pipe2 with O_CLOEXEC): set
/// afterwards, another thread's spawn in between could inherit them. 0, or -1 and errno.
int sr_pipe_cloexec(int fds[_Nonnull 2]);
/// Adds to `actions` the closing of every descriptor from `lowest` up in the child
/// (posix_spawn_file_actions_addclosefrom_np, glibc 2.34). 0, or an error number.
int sr_spawn_actions_close_from(posix_spawn_file_actions_t *_Nonnull actions, int lowest);
/// A pollable descriptor for process `pid` (pidfd_open), readable once it has ended; close-on-exec.
/// -1 and errno where the kernel has none.
int sr_pidfd_open(int pid);
/// Swaps the files or directories at `a` and `b` in one step (renameat2, RENAME_EXCHANGE).
/// 0, or -1 and errno.
int sr_exchange_paths(const char *_Nonnull a, const char *_Nonnull b);
