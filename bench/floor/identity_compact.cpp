// Floor: `-c .` on one document: full validation (DOM parse) plus minified output.
#include <simdjson.h>

#include <cstdio>
#include <memory>
int main(int, char** argv) {
    simdjson::padded_string json = simdjson::padded_string::load(argv[1]);
    std::unique_ptr<char[]> buf(new char[json.size() + 1]);
    size_t n = 0;
    if (simdjson::minify(json.data(), json.size(), buf.get(), n))
        return 1;
    simdjson::dom::parser parser;
    if (parser.parse(json).error())
        return 2;
    buf[n++] = '\n';
    fwrite(buf.get(), 1, n, stdout);
}
