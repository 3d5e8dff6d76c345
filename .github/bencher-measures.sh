#!/usr/bin/env bash
# One-time set-up of a Bencher project: declares the units of lance-bench's custom measures, so
# Bencher shows "Read Bytes (bytes)" rather than "read_bytes (Measure (units))". `latency` is
# Bencher's built-in measure and needs nothing. Safe to run again: an existing measure is reported
# and left as it is.
#   BENCHER_API_KEY=... .github/bencher-measures.sh [project]
set -uo pipefail
project="${1:-${BENCHER_PROJECT:-lance-java}}"
: "${BENCHER_API_KEY:?set BENCHER_API_KEY to a Bencher API key}"

create() { # slug, name, units
  bencher measure create "$project" --name "$2" --slug "$1" --units "$3" --key "$BENCHER_API_KEY" \
    || echo "measure $1 not created (it may exist already)"
}
create read_iops "Read IOPS" "operations"
create read_bytes "Read Bytes" "bytes"
create write_iops "Write IOPS" "operations"
create write_bytes "Write Bytes" "bytes"
create os_read_syscalls "OS Read Syscalls" "syscalls"
create os_read_bytes "OS Read Bytes" "bytes"
create os_write_syscalls "OS Write Syscalls" "syscalls"
create os_write_bytes "OS Write Bytes" "bytes"
create os_storage_read_bytes "OS Storage Read Bytes" "bytes"
create peak_memory_bytes "Peak Memory" "bytes"
create total_allocations "Total Allocations" "allocations"
create jvm_allocated_bytes "JVM Allocated Bytes" "bytes"
create tracker_overhead_ratio "Tracker Overhead Ratio" "ratio"
create profiler_overhead_ratio "Profiler Overhead Ratio" "ratio"
