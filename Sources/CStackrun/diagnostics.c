#include "stackrun_c.h"
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The lines C writes itself, when nothing else can (a second signal, memory that ran out):
** plain text, or one JSON record like the log handler's with --log-format json. Built by hand
** with async-signal-safe calls only (no stdio, no allocation): the signal handler uses it. */

static _Atomic int json_format = 0;

void sr_set_json_diagnostics(int on) { atomic_store(&json_format, on); }

typedef struct { char text[256]; size_t length; } line_buffer;

static void append(line_buffer *line, const char *text) {
    size_t n = strlen(text);
    if (n > sizeof line->text - 1 - line->length) n = sizeof line->text - 1 - line->length;
    memcpy(line->text + line->length, text, n);
    line->length += n;
}

/* `value` in decimal, at least `width` digits. */
static void append_number(line_buffer *line, uint64_t value, int width) {
    char digits[24];
    int count = 0;
    do { digits[count++] = (char)('0' + value % 10); value /= 10; } while (value != 0 && count < 20);
    while (count < width && count < 20) digits[count++] = '0';
    char ordered[24];
    for (int i = 0; i < count; i++) ordered[i] = digits[count - 1 - i];
    ordered[count] = 0;
    append(line, ordered);
}

/* "2026-12-06T09:05:38.123Z" from the wall clock, computed by hand (gmtime is not
** async-signal-safe): days since 1970 to a civil date, after Howard Hinnant's algorithm. */
static void append_utc_time(line_buffer *line) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t seconds = now.tv_sec;
    int64_t days = seconds / 86400, rest = seconds % 86400;
    days += 719468;
    int64_t era = days / 146097;
    uint64_t doe = (uint64_t)(days - era * 146097);
    uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    uint64_t mp = (5 * doy + 2) / 153;
    uint64_t day = doy - (153 * mp + 2) / 5 + 1;
    uint64_t month = mp < 10 ? mp + 3 : mp - 9;
    uint64_t year = (uint64_t)(yoe + (uint64_t)era * 400) + (month <= 2);
    append_number(line, year, 4); append(line, "-");
    append_number(line, month, 2); append(line, "-");
    append_number(line, day, 2); append(line, "T");
    append_number(line, (uint64_t)rest / 3600, 2); append(line, ":");
    append_number(line, (uint64_t)rest % 3600 / 60, 2); append(line, ":");
    append_number(line, (uint64_t)rest % 60, 2); append(line, ".");
    append_number(line, (uint64_t)now.tv_nsec / 1000000, 3); append(line, "Z");
}

void sr_write_diagnostic(const char *message, uint64_t number, const char *after) {
    line_buffer line = {.length = 0};
    int json = atomic_load(&json_format);
    if (json) {
        append(&line, "{\"time\":\"");
        append_utc_time(&line);
        append(&line, "\",\"level\":\"error\",\"logger\":\"stackrun\",\"message\":\"");
    } else {
        append(&line, "stackrun: ");
    }
    /* The messages are ours: ASCII without quotes or backslashes, so nothing needs escaping. */
    append(&line, message);
    if (after != NULL) {
        append_number(&line, number, 1);
        append(&line, after);
    }
    append(&line, json ? "\"}\n" : "\n");
    if (line.text[line.length - 1] != '\n') line.text[line.length - 1] = '\n'; /* cut short: still one line */
    if (write(STDERR_FILENO, line.text, line.length) < 0) { /* nowhere left to say it */ }
}
