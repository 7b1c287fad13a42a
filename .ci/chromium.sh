#!/usr/bin/env bash
# Installs Debian's chromium for the browser test (tests/Cli.Tests/Reports/ReportBrowserTests.cs) and for --png.
# It never fails the CI run: when chromium cannot be installed it says why, and the browser test is then
# skipped with a visible reason. CI runs as root; apt-get reaches Debian's archive.
set -u
if [ -x /usr/bin/chromium ]; then
  echo "chromium.sh: $(/usr/bin/chromium --version 2>/dev/null | head -1) already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium.sh: chromium is not installed and this is not root, so it cannot be installed; the browser test will be skipped"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium.sh: no apt-get on this machine; the browser test will be skipped"
  exit 0
fi
log=$(mktemp)
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update >"$log" 2>&1; then
  echo "chromium.sh: apt-get update failed, the browser test will be skipped:"; tail -5 "$log"; rm -f "$log"; exit 0
fi
if ! apt-get install -y chromium >"$log" 2>&1; then
  echo "chromium.sh: apt-get install chromium failed, the browser test will be skipped:"; tail -5 "$log"; rm -f "$log"; exit 0
fi
rm -f "$log"
echo "chromium.sh: installed $(/usr/bin/chromium --version 2>/dev/null | head -1)"
