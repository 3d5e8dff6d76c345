#!/bin/sh
# Builds the allocation tracker into $1 (the build's native output folder). Without a C compiler,
# or off Linux, it writes the reason to memtrack.unavailable instead, and the build goes on: the
# benchmarks then run without the memory columns and say why.
set -u
out="$1"
src="$(dirname "$0")/memtrack.c"
lib="$out/liblancebench_memtrack.so"
reason="$out/memtrack.unavailable"
mkdir -p "$out"
rm -f "$reason"
if [ "$(uname -s)" != "Linux" ]; then
  echo "the allocation tracker interposes glibc's malloc and is built on Linux only (this is $(uname -s))" > "$reason"
  exit 0
fi
cc="${CC:-}"
if [ -z "$cc" ]; then
  for candidate in cc gcc clang; do
    if command -v "$candidate" >/dev/null 2>&1; then cc="$candidate"; break; fi
  done
fi
if [ -z "$cc" ]; then
  echo "no C compiler found to build the allocation tracker: install gcc (e.g. apt-get install gcc) and rebuild" > "$reason"
  echo "[lance-bench] $(cat "$reason")" >&2
  exit 0
fi
if [ -f "$lib" ] && [ "$lib" -nt "$src" ] && [ "$lib" -nt "$0" ]; then
  exit 0
fi
if ! "$cc" -O2 -std=c11 -shared -fPIC -fvisibility=hidden -Wall -Wextra -Werror \
    -o "$lib.tmp" "$src" 2> "$out/memtrack.build.log"; then
  echo "building the allocation tracker with $cc failed; see $out/memtrack.build.log" > "$reason"
  echo "[lance-bench] $(cat "$reason")" >&2
  cat "$out/memtrack.build.log" >&2
  rm -f "$lib.tmp"
  exit 0
fi
mv "$lib.tmp" "$lib"
