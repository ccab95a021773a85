#!/usr/bin/env bash
# Checks what pip needs to build uWSGI from source (PyPI has no uWSGI wheel): a C
# compiler and the headers of the Python that runs the venv. Run as root on Debian,
# it installs what is missing; otherwise it says what to install and fails, before
# pip would fail in the middle of a build log.
set -eu
python=${1:-python3}
missing=()
command -v "${CC:-cc}" >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing+=(gcc)
include=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
[ -f "$include/Python.h" ] || missing+=("python3-dev (Python.h in $include)")
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    packages=()
    for item in "${missing[@]}"; do packages+=("${item%% *}"); done
    echo "build-deps: installing ${packages[*]} to build uWSGI" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    command -v "${CC:-cc}" >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 \
        && [ -f "$include/Python.h" ] && exit 0
fi
echo "build-deps: pip builds uWSGI from source and needs: ${missing[*]}" >&2
echo "build-deps: on Debian or Ubuntu: sudo apt-get install gcc python3-dev" >&2
echo "build-deps: (a Python built by pyenv ships its own headers; reinstall it if they are gone)" >&2
exit 1
