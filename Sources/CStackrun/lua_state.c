#include "stackrun_c.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The system's memory running out ends the process: a NULL return would make Lua raise a
** memory error with longjmp from wherever it allocated, which may be a push made by Swift.
** _exit rather than abort: a documented status and one line (text or JSON, as the logs), not a
** crash dump; no stdio, because its buffers may need the memory that just ran out. */
static void out_of_memory(size_t requested) {
    sr_write_diagnostic("out of memory (Lua asked for ", (uint64_t)requested, " bytes)");
    _exit(SR_EXIT_OUT_OF_MEMORY);
}

/* --memory-limit. A refusal (NULL) makes Lua raise "not enough memory" with longjmp from the
** allocating frame, so it may happen only where that longjmp crosses no Swift frame. We chose
** a depth counter over pre-reserving: the Swift calls that allocate in Lua (JSON bodies made
** into tables, lists of servers) cannot know their size beforehand, so no reserve would be
** both small and sure. So: while the host's own resume runs Lua (lua_running) and no Swift
** binding is in progress (swift_depth 0, kept by the trampoline), the limit refuses; there the
** longjmp lands in a pcall or in lua_resume, both C. Anywhere else (a binding building its
** result, the host pushing values, a module loaded from Swift) the heap may go past the limit
** by `overdraft` at most, and past that the process ends as when the system runs out; the
** refusal then comes at the next safe point: the trampoline checks once the binding returned
** (sr_memory_over_limit), and the script's next allocation is refused anyway.
** Lua answers a refusal by collecting everything (its emergency GC) and asking again with the
** same arguments; only when that retry is refused too does the script get the error, so only
** then is it counted. After one such error a script may recover (drop what it held); going
** past the limit again stops the run (sr_watchdog_stop_for_memory). From then on the heap gets
** the overdraft, so that unwinding, <close> handlers and the report have memory to work with. */
static int refuse(sr_alloc_stats *stats, void *ptr, size_t osize, size_t nsize) {
    if (stats->memory_stopped) return 0;
    int retry = stats->refused_pending && stats->refused_ptr == ptr && stats->refused_osize == osize &&
                stats->refused_nsize == nsize;
    stats->refused_pending = !retry;
    stats->refused_ptr = ptr;
    stats->refused_osize = osize;
    stats->refused_nsize = nsize;
    if (retry && ++stats->limit_errors > 1) sr_watchdog_stop_for_memory(stats);
    return 1;
}

/* Counts every byte Lua holds, and enforces the limit as above. */
static void *sr_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    sr_alloc_stats *stats = (sr_alloc_stats *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        stats->bytes -= old;
        return NULL;
    }
    if (stats->limit != 0 && nsize > old) {
        size_t after = stats->bytes - old + nsize;
        int safe = stats->lua_running && stats->swift_depth == 0;
        if (after > stats->limit) {
            if (safe && refuse(stats, ptr, osize, nsize)) return NULL;
            if (after > stats->limit + stats->overdraft) out_of_memory(nsize);
        } else {
            stats->refused_pending = 0;
        }
    }
    void *block = realloc(ptr, nsize);
    if (block == NULL) out_of_memory(nsize);
    stats->bytes = stats->bytes - old + nsize;
    if (stats->bytes > stats->peak) stats->peak = stats->bytes;
    return block;
}

/* Reached only by an error outside any protected call, which our code never makes. */
static int sr_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "stackrun: unprotected Lua error: %s\n", msg ? msg : "(not a string)");
    abort();
    return 0;
}

lua_State *sr_newstate(sr_alloc_stats *stats) {
    memset(&stats->watchdog, 0, sizeof stats->watchdog);
    lua_State *L = lua_newstate(sr_alloc, stats);
    if (L != NULL) lua_atpanic(L, sr_panic);
    return L;
}

static int open_libs(lua_State *L) {
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},         {LUA_COLIBNAME, luaopen_coroutine},
        {LUA_TABLIBNAME, luaopen_table},   {LUA_STRLIBNAME, luaopen_string},
        {LUA_MATHLIBNAME, luaopen_math},   {LUA_UTF8LIBNAME, luaopen_utf8},
        {NULL, NULL}};
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    /* From os, only what reads the clock and the environment: no files, no processes, no exit. */
    static const char *const os_kept[] = {"time", "clock", "date", "difftime", "getenv", NULL};
    luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 0);
    lua_createtable(L, 0, 5);
    for (const char *const *name = os_kept; *name; name++) {
        lua_getfield(L, -2, *name);
        lua_setfield(L, -2, *name);
    }
    lua_setglobal(L, LUA_OSLIBNAME);
    lua_pop(L, 1);
    return 0;
}

int sr_open_libs(lua_State *L) {
    lua_pushcfunction(L, open_libs);
    return lua_pcall(L, 0, 0, 0);
}

int sr_load(lua_State *L, const char *buffer, size_t size, const char *chunkname) {
    return luaL_loadbufferx(L, buffer, size, chunkname, "t");
}

int sr_load_own_bytecode(lua_State *L, const char *buffer, size_t size, const char *chunkname) {
    return luaL_loadbufferx(L, buffer, size, chunkname, "b");
}

const char *sr_lua_ident(void) {
    return lua_ident;
}

int sr_traceback_handler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            msg = lua_tostring(L, -1); /* an error object that says what it is */
        else
            msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int sr_pcall_traceback(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, sr_traceback_handler);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    return status;
}

static int tostring_protected(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

int sr_tostring(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_pushcfunction(L, tostring_protected);
    lua_pushvalue(L, idx);
    return lua_pcall(L, 1, 1, 0);
}

void sr_traceback_of(lua_State *L, lua_State *co, const char *msg, int level) {
    luaL_traceback(L, co, msg, level);
}
