#!/usr/bin/env bash
# CI stage: the QEMU/Xen testbed smoke run (testbed/run --smoke) under a hard 10-minute limit.
# Prints one line "testbed smoke: passed|FAILED|skipped: <reason>". Infrastructure problems
# (not root, no apt/QEMU, image build failure, timeout) are a visible skip with exit 0, never a
# pass; a run that boots and then fails (hw record, trace parsing, validate) exits 1.
set -uo pipefail
cd "$(dirname "$0")/.."
skip() { echo "testbed smoke: skipped: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "not root (the image build needs mmdebstrap + chroot)"
if ! command -v qemu-system-x86_64 >/dev/null || ! command -v mmdebstrap >/dev/null; then
  command -v apt-get >/dev/null || skip "no QEMU and no apt-get to install it"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      qemu-system-x86 seabios ipxe-qemu mmdebstrap cpio gzip busybox-static kmod; } >/dev/null 2>&1 \
    || skip "apt-get could not install qemu-system-x86/mmdebstrap"
fi
log=$(mktemp)
timeout --kill-after=20 600 testbed/build.sh > "$log" 2>&1; rc=$?
[ $rc = 124 ] || [ $rc = 137 ] && skip "image build timed out"
[ $rc = 0 ] || { tail -5 "$log"; skip "image build failed (rc=$rc; Debian mirror?)"; }
left=$(( 600 - SECONDS )); [ $left -gt 240 ] || skip "only ${left}s left of the 10 minutes after the build"
# QEMU's own timeout is below the stage's, so the stage's timeout only hits a hung host step
TIMEOUT=$(( left - 60 )) timeout --kill-after=20 $(( left - 10 )) testbed/run --smoke > "$log" 2>&1; rc=$?
grep -E 'testbed:|TESTBED:' "$log" | tail -40
if grep -q 'rc=124; 124 = timeout' "$log" || [ $rc = 124 ] || [ $rc = 137 ]; then skip "timed out (QEMU TCG on a busy host)"; fi
grep -q 'no results on the disk' "$log" && skip "QEMU produced no results (Xen did not boot here?)"
[ $rc = 0 ] && { echo "testbed smoke: passed"; exit 0; }
echo "testbed smoke: FAILED (rc=$rc)"; exit 1
