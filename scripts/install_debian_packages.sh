#!/usr/bin/env bash
# Installs Debian's Chromium and its chromedriver for the browser tests
# (pytest -m browser), once: nothing is downloaded by Selenium at run time.
# Needs root or sudo; does nothing when both are already installed.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if ! command -v apt-get > /dev/null; then
  echo "Chromium for the browser tests: install chromium and chromium-driver with your package manager" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-noto-core
/usr/bin/chromium --version
