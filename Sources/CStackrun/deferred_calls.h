/* What the task runner (task_runner.c) needs of the deferred calls (deferred_calls.c). */
#pragma once

#include <lua.h>

/* Pushes the list of deferred calls thread L registered (run from its end: a deferred call that
** defers another adds it there, to run next); 0, pushing nothing, if there is none.  [-0, +(1|0), -] */
int sr_deferred_list(lua_State *L);
/* Forgets the list of thread L, once it is empty.  [-0, +0, -] */
void sr_forget_deferred(lua_State *L);
/* Pushes the function and arguments of the deferred call at `entry`; returns how many.
** [-0, +n, e] */
int sr_push_deferred_call(lua_State *L, int entry);
/* Hands the error at `error` of the deferred call at `entry` to the logger the host installed
** (sr_set_deferred_error_logger), if any.  [-0, +0, e] */
void sr_log_deferred_error(lua_State *L, int error, int entry);
