#include "stackrun_c.h"
#include "deferred_calls.h"

/* `defer(fn, ...)` in Lua: the calls a task makes when it ends (task_runner.c runs them). Each
** task thread's calls are kept in a registry table keyed by the thread, so that a call made
** from anywhere in the task (a function it called, a coroutine of its own, a deferred call)
** finds them, until the runner has made them all. A call is the table {n = count, where = "file:line", fn, arg1, ...}:
** its arguments are taken when `defer` is called, as Go does. */

static const char lists_key = 'd';
static const char logger_key = 'l';

void sr_task_defer(lua_State *L, lua_State *task, int count, const char *where) {
    lua_createtable(L, count, 2);
    lua_insert(L, -count - 1);
    int entry = lua_absindex(L, -count - 1);
    for (int i = count; i >= 1; i--) lua_rawseti(L, entry, i);
    lua_pushinteger(L, count);
    lua_setfield(L, entry, "n");
    lua_pushstring(L, where);
    lua_setfield(L, entry, "where");
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &lists_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &lists_key);
    }
    if (lua_rawgetp(L, -1, (const void *)task) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, -3, (const void *)task);
    }
    lua_Integer next = (lua_Integer)lua_rawlen(L, -1) + 1;
    lua_pushvalue(L, entry);
    lua_rawseti(L, -2, next);
    lua_pop(L, 3); /* the list, the lists, the entry */
}

int sr_deferred_list(lua_State *L) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &lists_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        return 0;
    }
    if (lua_rawgetp(L, -1, (const void *)L) != LUA_TTABLE) {
        lua_pop(L, 2);
        return 0;
    }
    lua_remove(L, -2);
    return 1;
}

void sr_forget_deferred(lua_State *L) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &lists_key) == LUA_TTABLE) {
        lua_pushnil(L);
        lua_rawsetp(L, -2, (const void *)L);
    }
    lua_pop(L, 1);
}

int sr_push_deferred_call(lua_State *L, int entry) {
    lua_getfield(L, entry, "n");
    int count = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    luaL_checkstack(L, count, "too many arguments to a deferred call");
    for (int i = 1; i <= count; i++) lua_rawgeti(L, entry, i);
    return count;
}

void sr_set_deferred_error_logger(lua_State *L) { lua_rawsetp(L, LUA_REGISTRYINDEX, &logger_key); }

void sr_log_deferred_error(lua_State *L, int error, int entry) {
    error = lua_absindex(L, error);
    luaL_checkstack(L, 3, NULL);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &logger_key) != LUA_TFUNCTION) {
        lua_pop(L, 1);
        return;
    }
    lua_pushvalue(L, error);
    lua_getfield(L, entry, "where");
    lua_call(L, 2, 0);
}
