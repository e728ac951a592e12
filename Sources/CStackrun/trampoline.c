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

static int trampoline(lua_State *L) {
    int id = (int)lua_tointeger(L, lua_upvalueindex(1));
    return finish(L, dispatch(L, id));
}

void sr_push_binding(lua_State *L, int id) {
    lua_pushinteger(L, id);
    lua_pushcclosure(L, trampoline, 1);
}
