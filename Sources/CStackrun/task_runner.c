#include "stackrun_c.h"
#include <string.h>

/* Every task's coroutine starts in run_task, which calls the body under a yieldable pcall
** (lua_pcallk). When an error escapes the body, Lua closes its to-be-closed variables while
** recovering in the coroutine, where they may yield: a `<close>` handler can make API calls.
** Without it the error would end the coroutine with those variables still open, and
** lua_closethread would close them later, where nothing may yield. */

/* The message handler: runs where the error was raised, before the unwinding, so it keeps the
** traceback the scheduler reports (the dead coroutine's stack would end in run_task). Keyed by
** the thread in the registry; the error value itself passes through unchanged. */
static int keep_traceback(lua_State *L) {
    luaL_traceback(L, L, NULL, 1);
    size_t length;
    const char *text = lua_tolstring(L, -1, &length);
    static const char runner_line[] = "\n\t[C]: in ?"; /* run_task itself, at the bottom */
    size_t tail = sizeof runner_line - 1;
    if (length >= tail && memcmp(text + length - tail, runner_line, tail) == 0) {
        lua_pushlstring(L, text, length - tail);
        lua_remove(L, -2);
    }
    lua_rawsetp(L, LUA_REGISTRYINDEX, (const void *)L);
    lua_settop(L, 1);
    return 1;
}

static int body_finished(lua_State *L, int status, lua_KContext context) {
    (void)context;
    if (status != LUA_OK && status != LUA_YIELD) return lua_error(L); /* the body's error, as it was */
    return lua_gettop(L) - 1; /* the body's results, above the message handler */
}

static int run_task(lua_State *L) {
    lua_pushcfunction(L, keep_traceback);
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 1, 0, body_finished);
    return body_finished(L, status, 0);
}

void sr_push_task_runner(lua_State *L) { lua_pushcfunction(L, run_task); }

void sr_take_task_traceback(lua_State *L, lua_State *co) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, (const void *)co);
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, (const void *)co);
}
