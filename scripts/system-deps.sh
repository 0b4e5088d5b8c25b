#!/usr/bin/env bash
# Make sure this machine has what the project needs: Maven (to fetch the Neo4j jars from Maven
# Central), a Java that runs Neo4j 5.26 (17 or 21), Node.js with npm (to build the map page) and
# Chromium (the browser tests drive Debian's chromium). Installs them from Debian when missing and
# we may (root with apt-get); otherwise says what to install.
set -euo pipefail

has_java() {
  for java in "${JAVA_HOME:-/nonexistent}/bin/java" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [ -x "$java" ] || continue
    if "$java" -version 2>&1 | grep -Eq 'version "(17|21)[."]'; then return 0; fi
  done
  return 1
}

missing=()
command -v mvn >/dev/null || missing+=(maven)
has_java || missing+=(openjdk-17-jre-headless)
command -v npm >/dev/null || missing+=(nodejs npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} from Debian..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "influence-map needs: ${missing[*]} (Maven, Java 17 or 21, npm, chromium)." >&2
  exit 1
fi
