#!/usr/bin/env bash
# Installs the Debian packages the tests use, when root and missing:
#   nginx                       the server tests' front server
#   chromium, chromium-driver   the gallery's browser tests (selenium drives them)
#   fonts-nanum                 a Korean font, so the gallery's screenshots show Hangul
#   curl                        the seeds' curl lines (tests/test_seed_commands.py)
#   redis-server                the counter's Redis store and its two-host lab
#   wrk                         the real-server benchmarks
# Not root, or no apt-get: it says what is missing, and the tests that need it skip.
set -eu
need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
[ -d /usr/share/fonts/truetype/nanum ] || need+=(fonts-nanum)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "system-deps: not root, cannot install ${need[*]}; tests that need them will skip" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: no apt-get, cannot install ${need[*]}; tests that need them will skip" >&2
    exit 0
fi
echo "system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
