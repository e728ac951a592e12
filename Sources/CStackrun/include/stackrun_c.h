#pragma once
#include <lua.h>
#include <curl/curl.h>
