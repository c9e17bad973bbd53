#!/usr/bin/env bash
# Install everything the project needs on a fresh machine with Python 3.11 + pip (+ apt as root).
#   bash scripts/install.sh         runtime: the package, its docs toolchain, Debian packages
#   bash scripts/install.sh test    the same, plus the test tools and the browser
# Every install step of the project lives here, so that CI on a clean clone needs nothing else.
# It installs into the Python that `python3` is (an activated venv's), or into $PYTHON.
# The install is editable in setuptools' "strict" mode: a folder of links to the package's files,
# named by a .pth file, which mypy, pyright and editors follow (the default mode's import hook is
# invisible to them). Edits show at once; a NEW module shows after running this script again.
set -euo pipefail
cd "$(dirname "$0")/.."

want=(runtime)
[[ "${1:-}" == "test" ]] && want+=(test)

# Debian packages: scripts/apt-packages.txt lines are "<package> [runtime|test]".
missing=()
while read -r pkg scope _; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  [[ " ${want[*]} " == *" ${scope:-runtime} "* ]] || continue
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done < scripts/apt-packages.txt
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install.sh: these Debian packages are missing and need root: ${missing[*]}" >&2
    exit 1
  fi
  echo "install.sh: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python="${PYTHON:-python3}"
extras="docs,lab"
[[ " ${want[*]} " == *" test "* ]] && extras="$extras,test"
"$python" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  --config-settings editable_mode=strict -e ".[$extras]"

# -- test: the TypeScript client check (tests/test_openapi_typescript.py) ----------------------
# openapi-typescript, openapi-fetch and tsc from npm, exactly as tests/openapi_ts/package-lock.json
# pins them, into tests/openapi_ts/node_modules (nothing is downloaded when the tests run).
if [[ " ${want[*]} " == *" test "* ]]; then
  if ! command -v npm >/dev/null 2>&1; then  # NodeSource's nodejs carries npm; Debian's does not
    echo "install.sh: apt-get install npm"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  npm ci --prefix tests/openapi_ts --no-audit --no-fund --silent
fi
