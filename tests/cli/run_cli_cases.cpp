// End-to-end CLI runner: starts the ctq binary once per case of a cases.json file.
//
//   run_cli_cases <path-to-ctq> <repo-root> <cases.json>
//
// A case is {"name", "args", "stdin"?, "stdout", "stderr"?, "stderr_contains"?, "exit_code",
// "requires"?, "empty_dirs"?}; "stderr" is the whole of stderr ("" for none at all); "empty_dirs"
// lists folders made (empty: git keeps no empty folder) under a fresh temporary directory that
// "{tmp}" in args stands for. Other keys (e.g. "oracle", "note") are ignored. The binary runs with
// the repo root as its working directory, without a shell, so args reach it exactly as written.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Json = nlohmann::json;

// Generous: the sanitizer build is several times slower than release.
constexpr int kTimeoutSeconds = 60;

struct Case {
    std::string name;
    std::vector<std::string> args;
    std::optional<std::string> stdin_text;
    std::string expected_stdout;
    std::optional<std::string> expected_stderr;
    std::vector<std::string> stderr_contains;
    int exit_code = 0;
    std::string requires_path;
    std::vector<std::string> empty_dirs;
};

struct Outcome {
    std::string out;
    std::string err;
    int exit_code = -1;  // -1 when the process did not exit normally
    int signal = 0;
    bool timed_out = false;
    std::string spawn_error;
};

Case parse_case(const Json& j) {
    Case c;
    c.name = j.at("name").get<std::string>();
    c.args = j.at("args").get<std::vector<std::string>>();
    if (j.contains("stdin"))
        c.stdin_text = j.at("stdin").get<std::string>();
    c.expected_stdout = j.at("stdout").get<std::string>();
    if (j.contains("stderr"))
        c.expected_stderr = j.at("stderr").get<std::string>();
    if (j.contains("stderr_contains")) {
        // A string, or a list of strings that must all appear.
        const Json& s = j.at("stderr_contains");
        if (s.is_array()) {
            c.stderr_contains = s.get<std::vector<std::string>>();
        } else {
            c.stderr_contains.push_back(s.get<std::string>());
        }
    }
    c.exit_code = j.at("exit_code").get<int>();
    if (j.contains("requires"))
        c.requires_path = j.at("requires").get<std::string>();
    if (j.contains("empty_dirs"))
        c.empty_dirs = j.at("empty_dirs").get<std::vector<std::string>>();
    return c;
}

// A scratch directory holding the case's empty folders, removed again when the case is done.
class ScratchDirs {
public:
    explicit ScratchDirs(const std::vector<std::string>& dirs) {
        if (dirs.empty())
            return;
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base && *base ? base : "/tmp") + "/ctq-cli-XXXXXX";
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp: " + std::string(std::strerror(errno)));
        root_ = pattern;
        for (const std::string& dir : dirs) {
            std::string path = root_;
            std::size_t start = 0;
            while (start <= dir.size()) {  // each component in turn, as mkdir -p does
                std::size_t slash = dir.find('/', start);
                path += "/" + dir.substr(start, slash - start);
                if (::mkdir(path.c_str(), 0755) == 0)
                    made_.push_back(path);
                if (slash == std::string::npos)
                    break;
                start = slash + 1;
            }
        }
    }
    ~ScratchDirs() {
        for (auto it = made_.rbegin(); it != made_.rend(); ++it) ::rmdir(it->c_str());
        if (!root_.empty())
            ::rmdir(root_.c_str());
    }
    ScratchDirs(const ScratchDirs&) = delete;
    ScratchDirs& operator=(const ScratchDirs&) = delete;

    /// `args` with "{tmp}" replaced by the scratch directory.
    std::vector<std::string> substitute(std::vector<std::string> args) const {
        if (root_.empty())
            return args;
        for (std::string& arg : args) {
            for (std::size_t at = arg.find("{tmp}"); at != std::string::npos;
                 at = arg.find("{tmp}", at + root_.size()))
                arg.replace(at, 5, root_);
        }
        return args;
    }

private:
    std::string root_;
    std::vector<std::string> made_;
};

std::string absolute_path(const std::string& path) {
    char buf[PATH_MAX];
    if (realpath(path.c_str(), buf) == nullptr) {
        throw std::runtime_error(path + ": " + std::strerror(errno));
    }
    return buf;
}

void set_nonblocking(int fd) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// Runs binary with args in cwd, feeding input on stdin, and collects both output streams.
// poll() drives all three pipes at once, so a chatty child can never deadlock us.
Outcome run_process(const std::string& binary, const std::vector<std::string>& args,
                    const std::string& cwd, const std::string& input) {
    Outcome outcome;
    int in_pipe[2];
    int out_pipe[2];
    int err_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 ||
        pipe2(err_pipe, O_CLOEXEC) != 0) {
        outcome.spawn_error = std::string("pipe: ") + std::strerror(errno);
        return outcome;
    }

    std::vector<std::string> argv_storage;
    argv_storage.push_back(binary);
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);

    const pid_t pid = fork();
    if (pid < 0) {
        outcome.spawn_error = std::string("fork: ") + std::strerror(errno);
        return outcome;
    }
    if (pid == 0) {
        // Child: only async-signal-safe calls from here on.
        if (chdir(cwd.c_str()) != 0)
            _exit(126);
        dup2(in_pipe[0], STDIN_FILENO);
        dup2(out_pipe[1], STDOUT_FILENO);
        dup2(err_pipe[1], STDERR_FILENO);
        execv(binary.c_str(), argv.data());
        const char msg[] = "run_cli_cases: execv failed\n";
        ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)ignored;
        _exit(127);
    }

    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    int in_fd = in_pipe[1];
    int out_fd = out_pipe[0];
    int err_fd = err_pipe[0];
    set_nonblocking(in_fd);
    set_nonblocking(out_fd);
    set_nonblocking(err_fd);

    std::size_t written = 0;
    if (input.empty()) {
        close(in_fd);
        in_fd = -1;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kTimeoutSeconds);
    char buf[65536];
    while (out_fd >= 0 || err_fd >= 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            outcome.timed_out = true;
            kill(pid, SIGKILL);
            break;
        }
        pollfd fds[3];
        nfds_t n = 0;
        if (in_fd >= 0)
            fds[n++] = {in_fd, POLLOUT, 0};
        if (out_fd >= 0)
            fds[n++] = {out_fd, POLLIN, 0};
        if (err_fd >= 0)
            fds[n++] = {err_fd, POLLIN, 0};
        const int ready = poll(fds, n, static_cast<int>(left.count()));
        if (ready < 0 && errno != EINTR)
            break;
        for (nfds_t i = 0; i < n && ready > 0; ++i) {
            if (fds[i].revents == 0)
                continue;
            if (fds[i].fd == in_fd) {
                const ssize_t w = write(in_fd, input.data() + written, input.size() - written);
                if (w > 0)
                    written += static_cast<std::size_t>(w);
                // EPIPE: the child stopped reading (e.g. a usage error); that is its business.
                if ((w < 0 && errno != EAGAIN) || written == input.size()) {
                    close(in_fd);
                    in_fd = -1;
                }
                continue;
            }
            int& fd = fds[i].fd == out_fd ? out_fd : err_fd;
            std::string& sink = &fd == &out_fd ? outcome.out : outcome.err;
            const ssize_t r = read(fd, buf, sizeof buf);
            if (r > 0) {
                sink.append(buf, static_cast<std::size_t>(r));
            } else if (r == 0 || errno != EAGAIN) {
                close(fd);
                fd = -1;
            }
        }
    }
    for (int fd : {in_fd, out_fd, err_fd}) {
        if (fd >= 0)
            close(fd);
    }

    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status))
        outcome.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        outcome.signal = WTERMSIG(status);
    return outcome;
}

// Makes a line printable on one terminal line: tabs, CRs and other controls become escapes.
std::string visible(const std::string& s) {
    constexpr std::size_t kMax = 200;
    std::string r;
    for (char ch : s.substr(0, kMax)) {
        const auto u = static_cast<unsigned char>(ch);
        if (ch == '\t') {
            r += "\\t";
        } else if (ch == '\r') {
            r += "\\r";
        } else if (u < 0x20 || u == 0x7f) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\x%02x", u);
            r += esc;
        } else {
            r += ch;
        }
    }
    if (s.size() > kMax)
        r += "...";
    return r;
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < s.size()) {
        const std::size_t nl = s.find('\n', start);
        if (nl == std::string::npos) {
            lines.push_back(s.substr(start));
            break;
        }
        lines.push_back(s.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

// The first differing line of stdout as a tiny unified diff.
std::string first_difference(const std::string& expected, const std::string& actual) {
    const std::vector<std::string> e = split_lines(expected);
    const std::vector<std::string> a = split_lines(actual);
    std::size_t i = 0;
    while (i < e.size() && i < a.size() && e[i] == a[i]) ++i;
    std::ostringstream os;
    if (i == e.size() && i == a.size()) {
        // Same lines, so only the final newline differs.
        os << "    (only the trailing newline differs: expected "
           << (!expected.empty() && expected.back() == '\n' ? "one" : "none") << ")\n";
        return os.str();
    }
    os << "    @@ line " << i + 1 << " (expected " << e.size() << " lines, got " << a.size()
       << ") @@\n";
    os << "    -" << (i < e.size() ? visible(e[i]) : "<end of output>") << "\n";
    os << "    +" << (i < a.size() ? visible(a[i]) : "<end of output>") << "\n";
    return os.str();
}

std::string stderr_excerpt(const std::string& err) {
    std::ostringstream os;
    std::size_t shown = 0;
    for (const std::string& line : split_lines(err)) {
        if (++shown > 6) {
            os << "    stderr| ...\n";
            break;
        }
        os << "    stderr| " << visible(line) << "\n";
    }
    return os.str();
}

// Returns an empty string when the case passed, otherwise the report for it.
std::string check(const Case& c, const Outcome& o) {
    std::ostringstream problems;
    if (!o.spawn_error.empty())
        return "    " + o.spawn_error + "\n";
    if (o.timed_out)
        problems << "    timed out after " << kTimeoutSeconds << " s\n";
    if (o.signal != 0)
        problems << "    killed by signal " << o.signal << "\n";
    if (o.exit_code != c.exit_code && !o.timed_out && o.signal == 0) {
        problems << "    exit code " << o.exit_code << ", expected " << c.exit_code << "\n";
    }
    if (o.out != c.expected_stdout) {
        problems << "    stdout differs\n" << first_difference(c.expected_stdout, o.out);
    }
    if (c.expected_stderr && o.err != *c.expected_stderr)
        problems << "    stderr differs\n" << first_difference(*c.expected_stderr, o.err);
    for (const std::string& needle : c.stderr_contains) {
        if (o.err.find(needle) == std::string::npos) {
            problems << "    stderr lacks \"" << visible(needle) << "\"\n";
        }
    }
    std::string report = problems.str();
    if (!report.empty() && !o.err.empty())
        report += stderr_excerpt(o.err);
    return report;
}

bool exists(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: run_cli_cases <path-to-ctq> <repo-root> <cases.json>\n";
        return 2;
    }
    // Writing to a child that already exited must not kill the runner.
    signal(SIGPIPE, SIG_IGN);

    std::string binary;
    std::string root;
    std::vector<Case> cases;
    try {
        // Absolute, because the child changes into the repo root before execv.
        binary = absolute_path(argv[1]);
        root = absolute_path(argv[2]);
        std::ifstream file(argv[3], std::ios::binary);
        if (!file)
            throw std::runtime_error(std::string(argv[3]) + ": cannot open");
        const Json doc = Json::parse(file);
        if (!doc.is_array())
            throw std::runtime_error(std::string(argv[3]) + ": not a JSON array");
        for (const Json& j : doc) {
            try {
                cases.push_back(parse_case(j));
            } catch (const Json::exception& e) {
                throw std::runtime_error("malformed case " + j.value("name", j.dump()) + ": " +
                                         e.what());
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "run_cli_cases: " << e.what() << "\n";
        return 2;
    }

    int passed = 0;
    int failed = 0;
    int skipped = 0;
    for (const Case& c : cases) {
        if (!c.requires_path.empty() && !exists(root + "/" + c.requires_path)) {
            ++skipped;
            continue;
        }
        const ScratchDirs scratch(c.empty_dirs);
        const Outcome outcome =
            run_process(binary, scratch.substitute(c.args), root, c.stdin_text.value_or(""));
        const std::string report = check(c, outcome);
        if (report.empty()) {
            ++passed;
        } else {
            ++failed;
            std::cout << "FAIL " << c.name << "\n" << report;
        }
    }
    std::cout << "cli: " << passed << " passed, " << failed << " failed, " << skipped
              << " skipped\n";
    return failed == 0 ? 0 : 1;
}
