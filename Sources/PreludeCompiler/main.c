// Compiles the Lua prelude to bytecode at build time and writes it as a Swift source file, so
// that a run loads the prelude instead of compiling it: compiling its 15 KB took about 2 M of
// the 16 M instructions of `stackrun run` on an empty script; loading the bytecode takes a
// quarter of that (docs/performance.md, "Start-up"). Run by the PreludeBytecode plugin:
//
//     PreludeCompiler OUTPUT.swift CHUNKNAME SWIFTNAME FILE.lua...
//
// The files are joined in the order given, each ending with a newline, into one chunk, so
// that later files see the locals of earlier ones. The chunk keeps its debug information: an
// error raised inside the prelude still names its line.
//
// Lua's bytecode belongs to the release that made it, and Lua checks only the minor version
// when it loads a chunk: the file also holds the source and `lua_ident` of the library this
// tool ran with, and the runner compiles the source instead when its own library differs.
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buffer {
    unsigned char *bytes;
    size_t count, capacity;
};

static void append(struct buffer *buffer, const void *bytes, size_t count) {
    if (buffer->count + count > buffer->capacity) {
        buffer->capacity = (buffer->count + count) * 2;
        buffer->bytes = realloc(buffer->bytes, buffer->capacity);
        if (buffer->bytes == NULL) {
            fputs("PreludeCompiler: out of memory\n", stderr);
            exit(1);
        }
    }
    memcpy(buffer->bytes + buffer->count, bytes, count);
    buffer->count += count;
}

static int append_file(struct buffer *buffer, const char *path) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        perror(path);
        return 0;
    }
    unsigned char chunk[65536];
    size_t count;
    while ((count = fread(chunk, 1, sizeof chunk, file)) > 0) append(buffer, chunk, count);
    int failed = ferror(file);
    fclose(file);
    if (failed) {
        fprintf(stderr, "%s: cannot be read\n", path);
        return 0;
    }
    append(buffer, "\n", 1);
    return 1;
}

static int write_dump(lua_State *L, const void *bytes, size_t count, void *buffer) {
    (void)L;
    append(buffer, bytes, count);
    return 0;
}

// The bytes as a Swift string literal in which each byte is the Unicode scalar of its value:
// below 0x80 one UTF-8 byte (escaped where a literal needs it), from 0x80 two. The Runtime's
// `PreludeChunk.bytes(ofLatinOne:)` turns it back. A string literal compiles at once, where
// an array literal of 30,000 numbers took the compiler 6.5 s.
static void write_literal(FILE *out, const unsigned char *bytes, size_t count) {
    fputc('"', out);
    for (size_t i = 0; i < count; i++) {
        unsigned char byte = bytes[i];
        if (byte >= 0x80)
            fprintf(out, "%c%c", 0xC0 | (byte >> 6), 0x80 | (byte & 0x3F));
        else if (byte == '"' || byte == '\\')
            fprintf(out, "\\%c", byte);
        else if (byte >= 0x20 && byte < 0x7F)
            fputc(byte, out);
        else
            fprintf(out, "\\u{%X}", byte);
    }
    fputc('"', out);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fputs("usage: PreludeCompiler OUTPUT.swift CHUNKNAME SWIFTNAME FILE.lua...\n", stderr);
        return 2;
    }
    struct buffer source = {0}, bytecode = {0};
    for (int i = 4; i < argc; i++)
        if (!append_file(&source, argv[i])) return 1;
    lua_State *L = luaL_newstate();
    if (L == NULL) {
        fputs("PreludeCompiler: cannot create a Lua state\n", stderr);
        return 1;
    }
    if (luaL_loadbufferx(L, (const char *)source.bytes, source.count, argv[2], "t") != LUA_OK) {
        // The message names the chunk and the line: lines count from the first file's first.
        fprintf(stderr, "PreludeCompiler: %s\n", lua_tostring(L, -1));
        lua_close(L);
        return 1;
    }
    lua_dump(L, write_dump, &bytecode, 0);
    lua_close(L);
    FILE *out = fopen(argv[1], "w");
    if (out == NULL) {
        perror(argv[1]);
        return 1;
    }
    fprintf(out, "// Generated at build time by PreludeCompiler from Sources/Runtime/Prelude: do not edit.\n");
    fprintf(out, "/// The prelude as Lua %s.%s bytecode (%zu bytes), one Unicode scalar per byte.\n",
            LUA_VERSION_MAJOR, LUA_VERSION_MINOR, bytecode.count);
    fprintf(out, "let %s: StaticString = ", argv[3]);
    write_literal(out, bytecode.bytes, bytecode.count);
    fprintf(out, "\n/// Its source (%zu bytes), likewise, for a Lua library other than the one that compiled it.\n",
            source.count);
    fprintf(out, "let %sSource: StaticString = ", argv[3]);
    write_literal(out, source.bytes, source.count);
    fprintf(out, "\n/// `lua_ident` of the library that compiled it.\n");
    fprintf(out, "let %sLuaIdent: StaticString = ", argv[3]);
    write_literal(out, (const unsigned char *)lua_ident, strlen(lua_ident));
    fputc('\n', out);
    free(source.bytes);
    free(bytecode.bytes);
    if (fclose(out) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
