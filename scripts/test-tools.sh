#!/usr/bin/env bash
# Install what the tests that skip without it need, on Debian or Ubuntu: the system tools
# (apt-get, as root or through sudo) and the npm clients (pinned with integrity hashes).
# Used by `make test-all` and by CI (.ci/run); does nothing for what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v make >/dev/null 2>&1 || missing+=(make)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)  # the AKN recipe, xmllint
command -v node >/dev/null 2>&1 || missing+=(nodejs)             # ajv, axe-core
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/sbin/apache2 ] || missing+=(apache2)                    # content negotiation, live
[ -x /usr/bin/chromium ] || missing+=(chromium)                   # the site in a real browser
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)  # the Nu Html Checker
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)  # signatures: ssh-keygen -Y, ssh-agent
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Independent clients for the tests (ajv, ajv-formats, axe-core), pinned with integrity hashes.
npm ci --prefix tests/clients --no-audit --no-fund --silent
