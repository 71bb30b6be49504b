// The first reading of a file that `ctq .` prints piece by piece (see document_check.hpp).
#include "ctq/input/document_check.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <memory>

#include "ctq/input/gzip_source.hpp"
#include "ctq/input/json_reader.hpp"
#include "ctq/lang/demand.hpp"

namespace ctq {

namespace {

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

bool documents_print_in_pieces(const std::string& path) {
    // A pipe or a FIFO named on the command line could not be read a second time.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        return false;
    // Every top-level key, no value: enough to see a repeated key, and fast to validate.
    static const Demand keys_only = Demand::every(Demand::none());
    try {
        std::unique_ptr<ByteSource> source =
            open_maybe_gzip(std::make_unique<StreamSource>(file.get()));
        JsonReader reader(*source);
        reader.set_demand(&keys_only);
        Value value;
        while (reader.next(value)) {
            if (reader.last_repeated_a_key())
                return false;
        }
        return true;
    } catch (...) {
        // Invalid JSON, damaged gzip, an I/O error: the ordinary reading reports it.
        return false;
    }
}

}  // namespace ctq
