#include "stackrun_c.h"

/* Every Swift function Lua can call enters here. Swift never raises or yields itself (both
** longjmp, and a longjmp over Swift frames skips their cleanups: leaks and a corrupted
** exclusivity checker, spike.md section 2). It returns a code, and this C frame, with no Swift
** frame above it, does the raise or the yield. */

static sr_dispatch_fn dispatch = NULL;
static char host_sentinel_storage;

void sr_set_dispatch(sr_dispatch_fn fn) { dispatch = fn; }

void *sr_host_sentinel(void) { return &host_sentinel_storage; }

/* After a host yield, the scheduler resumes the coroutine with (true, results...) or
** (false, error). `base` is the stack height below the yielded values. */
static int after_host_yield(lua_State *L, int status, lua_KContext base) {
    (void)status;
    int first = (int)base + 1;
    if (lua_gettop(L) < first) return 0; /* resumed with nothing: no results */
    if (!lua_toboolean(L, first)) {
        lua_settop(L, first + 1);
        return lua_error(L);
    }
    return lua_gettop(L) - first;
}

static int finish(lua_State *L, int r) {
    if (r >= 0) return r;
    if (r == SR_RAISE) return lua_error(L);
    if (r == SR_RAISE_WHERE) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    int n = SR_YIELD_BASE - r;
    return lua_yieldk(L, n, (lua_KContext)(lua_gettop(L) - n), after_host_yield);
}

static sr_alloc_stats *stats_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (sr_alloc_stats *)ud;
}

/* A binding went past --memory-limit on its overdraft (see sr_alloc): here, with no Swift frame
** above, is the first safe point to raise the out-of-memory error it could not. Lua's own
** preallocated message, so that raising needs no memory; counted like the allocator's. */
static int raise_over_limit(lua_State *L, sr_alloc_stats *stats) {
    if (!stats->lua_running || stats->memory_stopped || stats->bytes <= stats->limit) return 0;
    lua_gc(L, LUA_GCCOLLECT);
    if (stats->bytes <= stats->limit) return 0;
    if (++stats->limit_errors > 1) sr_watchdog_stop_for_memory(stats);
    luaL_checkstack(L, 1, NULL);
    lua_pushliteral(L, "not enough memory"); /* interned at the state's start: no allocation */
    return 1;
}

static int trampoline(lua_State *L) {
    int id = (int)lua_tointeger(L, lua_upvalueindex(1));
    sr_alloc_stats *stats = stats_of(L);
    stats->swift_depth++;
    int r = dispatch(L, id);
    stats->swift_depth--;
    /* Not instead of a yield: the binding has started what its task is to wait for. */
    if (stats->limit != 0 && stats->swift_depth == 0 && r > SR_YIELD_BASE && raise_over_limit(L, stats)) return lua_error(L);
    return finish(L, r);
}

void sr_push_binding(lua_State *L, int id) {
    lua_pushinteger(L, id);
    lua_pushcclosure(L, trampoline, 1);
}
