"""The floor column: small C++ programs (floor/*.cpp) doing each case's work with simdjson
On-Demand, built here into the work folder. Building needs libsimdjson-dev, which the project
itself does not: it is installed with apt-get when missing and we are root, else the column is
skipped with a line saying so.
"""
import os
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))

# The floor programs read the whole file into fresh memory, and so do simdjson's own buffers.
# Where first-touch page faults are dear (virtual machines) that would dominate their time, so
# they run with glibc's malloc on transparent huge pages, as a floor should: the best case.
HUGE_PAGES = 'glibc.malloc.hugetlb=1'


def environment():
    """The environment the floor programs run in."""
    tunables = os.environ.get('GLIBC_TUNABLES')
    return dict(os.environ, GLIBC_TUNABLES=HUGE_PAGES if not tunables else tunables + ':' + HUGE_PAGES)
SOURCES = os.path.join(HERE, 'floor')
HEADER = '/usr/include/simdjson.h'


def have_simdjson():
    return os.path.exists(HEADER)


def ensure_simdjson():
    """True when simdjson's headers are there, installing libsimdjson-dev if we may."""
    if have_simdjson():
        return True
    if os.geteuid() == 0 and shutil.which('apt-get'):
        print('bench: installing libsimdjson-dev for the floor column')
        subprocess.run(['apt-get', 'install', '-y', '-q', 'libsimdjson-dev'], stdout=subprocess.DEVNULL,
                       check=False)
        if have_simdjson():
            return True
    print('bench: libsimdjson-dev is not installed (and we are not root to install it): '
          'the floor column is skipped')
    return False


def build(names, out_dir):
    """{name: path of the built program} for the programs that built; rebuilt when a source is newer."""
    os.makedirs(out_dir, exist_ok=True)
    header_time = os.path.getmtime(os.path.join(SOURCES, 'floor.hpp'))
    built = {}
    for name in sorted(set(names)):
        source = os.path.join(SOURCES, name + '.cpp')
        program = os.path.join(out_dir, name)
        fresh = os.path.exists(program) and os.path.getmtime(program) >= max(os.path.getmtime(source), header_time)
        if not fresh:
            # Without -march, Debian's On-Demand headers fall back to the scalar kernel.
            result = subprocess.run(['g++', '-O3', '-march=native', '-std=c++17', source, '-lsimdjson', '-o', program],
                                    capture_output=True, text=True)
            if result.returncode != 0:
                print('bench: floor program %s did not build, its column is skipped:\n%s'
                      % (name, result.stderr[-800:]))
                continue
        built[name] = program
    return built
