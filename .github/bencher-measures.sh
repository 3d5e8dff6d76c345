#!/usr/bin/env bash
# One-time set-up of a Bencher project: declares the units of lance-bench's custom measures, so
# Bencher shows "read_bytes (bytes)" rather than "read_bytes (Measure (units))". `latency` is
# Bencher's built-in measure and needs nothing.
#
# bmf.json's keys (read_iops, read_bytes, ... — the names Lance's Python suite uploads too) are
# matched to measures by slug, then by name; a slug cannot hold '_', so each measure is created with
# its key as its *name*. A measure that exists already has its units updated (its slug is Bencher's
# slug of the name, '_' made '-'). Any other error stops the script and is shown.
#   BENCHER_API_KEY=... .github/bencher-measures.sh [project]
set -euo pipefail
project="${1:-${BENCHER_PROJECT:-lance-java}}"
: "${BENCHER_API_KEY:?set BENCHER_API_KEY to a Bencher API key}"
export BENCHER_API_KEY # the CLI reads the key from the environment

measure() { # key, units
  local out
  if out=$(bencher measure create "$project" --name "$1" --units "$2" 2>&1); then
    echo "created measure $1 ($2)"
  elif grep -qiE '409|conflict|already exists' <<<"$out"; then
    bencher measure update "$project" "${1//_/-}" --units "$2" >/dev/null
    echo "updated measure $1 ($2)"
  else
    echo "$out" >&2
    echo "bencher measure create $project --name $1 failed (above)" >&2
    exit 1
  fi
}
measure read_iops "operations"
measure read_bytes "bytes"
measure write_iops "operations"
measure write_bytes "bytes"
measure file_read_ops "calls"
measure file_read_bytes "bytes"
measure file_write_ops "calls"
measure file_write_bytes "bytes"
measure os_read_syscalls "syscalls"
measure os_read_bytes "bytes"
measure os_write_syscalls "syscalls"
measure os_write_bytes "bytes"
measure os_storage_read_bytes "bytes"
measure peak_memory_bytes "bytes"
measure total_allocations "allocations"
measure jvm_allocated_bytes "bytes"
measure cpu_time "nanoseconds"
measure tracker_overhead_ratio "ratio"
measure profiler_overhead_ratio "ratio"
measure workers "threads"
measure documents "documents"
