// libcurl, loaded with dlopen the first time a curl function is called rather than by the
// dynamic linker at start-up. libcurl.so.4 pulls in some 30 libraries (OpenSSL, GnuTLS,
// Kerberos, LDAP, nghttp2, libssh2...); loading and relocating them took about a third of
// `stackrun run`'s start-up (docs/performance.md), and a script that makes no request, or
// `stackrun check`, needs none of them. Every curl call in the project goes through the
// sr_curl_* functions below; the project does not link -lcurl at all (CCurl's module map
// only provides the header), so a direct call would fail to link.
#define CURL_DISABLE_TYPECHECK
#include "stackrun_c.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// The functions looked up, with the types libcurl's own header gives them.
#define SR_CURL_FUNCTIONS(X) \
    X(curl_global_init) X(curl_version) X(curl_free) X(curl_easy_strerror) \
    X(curl_easy_init) X(curl_easy_cleanup) X(curl_easy_reset) X(curl_easy_setopt) X(curl_easy_getinfo) \
    X(curl_multi_init) X(curl_multi_setopt) X(curl_multi_add_handle) X(curl_multi_remove_handle) \
    X(curl_multi_perform) X(curl_multi_info_read) X(curl_multi_poll) \
    X(curl_slist_append) X(curl_slist_free_all) \
    X(curl_url) X(curl_url_cleanup) X(curl_url_get) X(curl_url_set)

static struct {
#define SR_CURL_FIELD(name) __typeof__(name) *name;
    SR_CURL_FUNCTIONS(SR_CURL_FIELD)
#undef SR_CURL_FIELD
} api;

static pthread_once_t loaded = PTHREAD_ONCE_INIT;

/// A missing or unusable libcurl ends the process with one clear line and status 127, the
/// status the dynamic linker gave when the library was linked and missing.
static void fail(const char *library, const char *why) {
    char line[1024];
    int length = snprintf(line, sizeof line,
        "stackrun: cannot load libcurl (%s): %s; install the libcurl4 package "
        "(or set STACKRUN_LIBCURL to the library's path)\n", library, why ? why : "unknown error");
    if (length > 0) (void)!write(2, line, (size_t)length < sizeof line ? (size_t)length : sizeof line - 1);
    _exit(127);
}

static void load(void) {
    // STACKRUN_LIBCURL names another build or place of libcurl; the soname is Debian's libcurl4.
    const char *library = getenv("STACKRUN_LIBCURL");
    if (library == NULL || library[0] == '\0') library = "libcurl.so.4";
    void *handle = dlopen(library, RTLD_LAZY | RTLD_LOCAL);
    if (handle == NULL) fail(library, dlerror());
#define SR_CURL_LOOKUP(name) \
    api.name = (__typeof__(name) *)dlsym(handle, #name); \
    if (api.name == NULL) fail(library, "it has no " #name);
    SR_CURL_FUNCTIONS(SR_CURL_LOOKUP)
#undef SR_CURL_LOOKUP
    // Once per process, before any other curl call, as libcurl asks.
    if (api.curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) fail(library, "curl_global_init failed");
}

static inline void require(void) { pthread_once(&loaded, load); }

char *sr_curl_version(void) { require(); return api.curl_version(); }
void sr_curl_free(void *p) { require(); api.curl_free(p); }
const char *sr_curl_easy_strerror(CURLcode code) { require(); return api.curl_easy_strerror(code); }

CURL *sr_curl_easy_init(void) { require(); return api.curl_easy_init(); }
void sr_curl_easy_cleanup(CURL *h) { require(); api.curl_easy_cleanup(h); }
void sr_curl_easy_reset(CURL *h) { require(); api.curl_easy_reset(h); }

CURLM *sr_curl_multi_init(void) { require(); return api.curl_multi_init(); }
CURLMcode sr_curl_multi_add_handle(CURLM *m, CURL *h) { require(); return api.curl_multi_add_handle(m, h); }
CURLMcode sr_curl_multi_remove_handle(CURLM *m, CURL *h) { require(); return api.curl_multi_remove_handle(m, h); }
CURLMcode sr_curl_multi_perform(CURLM *m, int *running) { require(); return api.curl_multi_perform(m, running); }
CURLMsg *sr_curl_multi_info_read(CURLM *m, int *queued) { require(); return api.curl_multi_info_read(m, queued); }
CURLMcode sr_curl_multi_poll(CURLM *m, struct curl_waitfd *extra, unsigned int count, int timeout, int *ready) {
    require();
    return api.curl_multi_poll(m, extra, count, timeout, ready);
}

struct curl_slist *sr_curl_slist_append(struct curl_slist *list, const char *line) {
    require();
    return api.curl_slist_append(list, line);
}
void sr_curl_slist_free_all(struct curl_slist *list) { require(); api.curl_slist_free_all(list); }

CURLU *sr_curl_url(void) { require(); return api.curl_url(); }
void sr_curl_url_cleanup(CURLU *u) { require(); api.curl_url_cleanup(u); }
CURLUcode sr_curl_url_get(CURLU *u, CURLUPart what, char **part, unsigned int flags) {
    require();
    return api.curl_url_get(u, what, part, flags);
}
CURLUcode sr_curl_url_set(CURLU *u, CURLUPart what, const char *part, unsigned int flags) {
    require();
    return api.curl_url_set(u, what, part, flags);
}

// The variadic calls, typed (Swift cannot call a variadic C function).
CURLcode sr_easy_setopt_long(CURL *h, CURLoption o, long v) { require(); return api.curl_easy_setopt(h, o, v); }
CURLcode sr_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { require(); return api.curl_easy_setopt(h, o, v); }
CURLcode sr_easy_setopt_str(CURL *h, CURLoption o, const char *v) { require(); return api.curl_easy_setopt(h, o, v); }
CURLcode sr_easy_setopt_ptr(CURL *h, CURLoption o, void *v) { require(); return api.curl_easy_setopt(h, o, v); }
CURLcode sr_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { require(); return api.curl_easy_setopt(h, o, v); }
CURLcode sr_easy_setopt_write(CURL *h, CURLoption o, curl_write_callback v) { require(); return api.curl_easy_setopt(h, o, v); }
CURLcode sr_easy_setopt_read(CURL *h, CURLoption o, curl_read_callback v) { require(); return api.curl_easy_setopt(h, o, v); }
CURLcode sr_easy_setopt_seek(CURL *h, CURLoption o, curl_seek_callback v) { require(); return api.curl_easy_setopt(h, o, v); }
CURLcode sr_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { require(); return api.curl_easy_getinfo(h, i, v); }
CURLcode sr_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { require(); return api.curl_easy_getinfo(h, i, v); }
CURLcode sr_easy_getinfo_ptr(CURL *h, CURLINFO i, void **v) { require(); return api.curl_easy_getinfo(h, i, v); }
CURLMcode sr_multi_setopt_long(CURLM *m, CURLMoption o, long v) { require(); return api.curl_multi_setopt(m, o, v); }
