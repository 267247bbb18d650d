#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 supports 3.8-3.10 only).
# Looks at python3.10 on PATH, then pyenv's versions directory.
set -u
is_310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

if candidate=$(command -v python3.10) && is_310 "$candidate"; then
  echo "$candidate"; exit 0
fi
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
for candidate in $(ls -d "$pyenv_root"/versions/3.10*/bin/python3.10 2>/dev/null | sort -V -r); do
  if is_310 "$candidate"; then echo "$candidate"; exit 0; fi
done
echo "error: Python 3.10 not found. Rasa 3.6 needs Python 3.10 (not 3.11+)." >&2
echo "Install it, e.g. 'pyenv install 3.10' or 'apt-get install python3.10 python3.10-venv'," >&2
echo "or put a python3.10 on PATH, then run make again." >&2
exit 1
