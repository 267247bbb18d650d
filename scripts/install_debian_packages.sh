#!/usr/bin/env bash
# Installs Debian packages the checks need, once: does nothing when the programs they
# provide are already there. Nothing is downloaded at run time (Selenium, HAProxy).
#   usage: scripts/install_debian_packages.sh "PROGRAM ..." PACKAGE ...
#   e.g.   scripts/install_debian_packages.sh "/usr/bin/chromium /usr/bin/chromedriver" chromium chromium-driver
# Needs root or sudo.
set -euo pipefail
programs=$1; shift
missing=0
for program in $programs; do
  command -v "$program" > /dev/null || missing=1
done
[ "$missing" -eq 0 ] && exit 0
if ! command -v apt-get > /dev/null; then
  echo "Install $* with your package manager (needed for: $programs)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "$@"
