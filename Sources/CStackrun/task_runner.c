#include "stackrun_c.h"
#include "deferred_calls.h"
#include <string.h>

/* Every task's coroutine starts in run_task, which calls the body under a yieldable pcall
** (lua_pcallk). When an error escapes the body, Lua closes its to-be-closed variables while
** recovering in the coroutine, where they may yield: a `<close>` handler can make API calls.
** Without it the error would end the coroutine with those variables still open, and
** lua_closethread would close them later, where nothing may yield.
**
** Then the task's deferred calls (`defer` in Lua, deferred_calls.c) run, last registered first,
** each under its own yieldable pcall in the same coroutine, so that they too may make API calls,
** and an error in one does not keep the others from running. */

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

/* run_task's slots while the deferred calls run. The outcome is the body's results packed in a
** table {n = count, ...} while the task has not failed, else its error (whose traceback is kept
** beside it, since each failing deferred call leaves its own in the registry). */
enum { HANDLER = 1, OUTCOME = 2, TRACEBACK = 3, DEFERRED = 4, ENTRY = 5 };

/* After every deferred call: the task ends as it was, raising its error or returning its results. */
static int task_finished(lua_State *L, lua_KContext failed) {
    if (failed) {
        lua_pushvalue(L, TRACEBACK);
        lua_rawsetp(L, LUA_REGISTRYINDEX, (const void *)L);
        lua_pushvalue(L, OUTCOME);
        return lua_error(L);
    }
    lua_pushliteral(L, "n");
    lua_rawget(L, OUTCOME);
    int count = (int)lua_tointeger(L, -1);
    lua_settop(L, TRACEBACK);
    luaL_checkstack(L, count, "too many results");
    for (int i = 1; i <= count; i++) lua_rawgeti(L, OUTCOME, i);
    return count;
}

/* A deferred call has ended with `status`. The first error of a task that had not failed
** becomes its error; any later one (the task has failed by then) is only logged, so that the
** task's error stays the one that caused the failure. Returns whether the task has failed. */
static lua_KContext deferred_call_ended(lua_State *L, int status, lua_KContext failed) {
    if (status == LUA_OK || status == LUA_YIELD) return failed;
    if (!failed) {
        lua_copy(L, -1, OUTCOME);
        sr_take_task_traceback(L, L);
        lua_copy(L, -1, TRACEBACK);
        lua_pop(L, 1);
        return 1;
    }
    sr_take_task_traceback(L, L);
    lua_pop(L, 1);
    sr_log_deferred_error(L, -1, ENTRY);
    return 1;
}

static int deferred_call_returned(lua_State *L, int status, lua_KContext failed);

/* Runs the deferred calls left, last registered first (those they register, next). */
static int run_deferred(lua_State *L, lua_KContext failed) {
    for (;;) {
        lua_settop(L, DEFERRED);
        lua_Integer last = (lua_Integer)lua_rawlen(L, DEFERRED);
        if (last == 0) {
            sr_forget_deferred(L);
            return task_finished(L, failed);
        }
        lua_rawgeti(L, DEFERRED, last);
        lua_pushnil(L);
        lua_rawseti(L, DEFERRED, last);
        int count = sr_push_deferred_call(L, ENTRY);
        int status = lua_pcallk(L, count - 1, 0, HANDLER, failed, deferred_call_returned);
        failed = deferred_call_ended(L, status, failed);
    }
}

/* Where a deferred call that yielded goes on after it ended. */
static int deferred_call_returned(lua_State *L, int status, lua_KContext failed) {
    return run_deferred(L, deferred_call_ended(L, status, failed));
}

/* Moves the body's outcome into OUTCOME and TRACEBACK, the list on top into DEFERRED. */
static void keep_outcome(lua_State *L, int failed) {
    int list = lua_gettop(L);
    luaL_checkstack(L, 3, NULL);
    if (failed) {
        lua_pushvalue(L, list - 1); /* the error */
        sr_take_task_traceback(L, L);
    } else {
        int count = list - 2; /* the results, between the handler and the list */
        lua_createtable(L, count, 1);
        for (int i = 1; i <= count; i++) {
            lua_pushvalue(L, HANDLER + i);
            lua_rawseti(L, -2, i);
        }
        lua_pushinteger(L, count);
        lua_setfield(L, -2, "n");
        lua_pushnil(L);
    }
    lua_pushvalue(L, list);
    lua_copy(L, -3, OUTCOME);
    lua_copy(L, -2, TRACEBACK);
    lua_copy(L, -1, DEFERRED);
    lua_settop(L, DEFERRED);
}

static int body_finished(lua_State *L, int status, lua_KContext context) {
    (void)context;
    int failed = status != LUA_OK && status != LUA_YIELD;
    if (sr_deferred_list(L)) {
        keep_outcome(L, failed);
        return run_deferred(L, failed);
    }
    if (failed) return lua_error(L); /* the body's error, as it was */
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
