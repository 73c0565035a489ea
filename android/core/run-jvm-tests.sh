#!/usr/bin/env bash
# The JVM tests of the Kotlin core layer, as CI runs them (called by .ci/run after the Rust tests):
#   1. the server binary (the tests start it) and libshared.so with the uniffi feature;
#   2. scripts/codegen.sh: the uniffi bindings + shell types into android/core/build/generated
#      (always regenerated, so Maven never compiles stale bindings), and once more into a
#      temporary directory for BindingsCurrentTest to compare with;
#   3. `mvn test`: compiles the generated Kotlin and src/main, runs JUnit on this JVM with JNA
#      loading the real libshared.so and the tests driving the real server on loopback.
# Works with the default target dir and with CARGO_TARGET_DIR. Needs a JDK 17+ and Maven
# (.ci/run installs them where missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

target="${CARGO_TARGET_DIR:-$PWD/target}"
echo "==> jvm: cargo build -p server; scripts/codegen.sh"
cargo build -q --locked -p server --bin server
bash scripts/codegen.sh
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
bash scripts/codegen.sh --out "$fresh" >/dev/null

echo "==> jvm: mvn test (android/core)"
reports=android/core/target/surefire-reports
rm -rf "$reports"
status=0
mvn -B -q -f android/core/pom.xml test \
  -Dbeacon.target="$target" \
  -Dbeacon.fresh.generated="$fresh" || status=$?

# Maven is quiet (-q); say what ran, from Surefire's reports.
if command -v python3 >/dev/null 2>&1 && compgen -G "$reports/TEST-*.xml" >/dev/null; then
  python3 - "$reports" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
tests = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    suite = ET.parse(path).getroot()
    tests += int(suite.get("tests", 0))
    failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped += int(suite.get("skipped", 0))
print(f"jvm: {tests - failed - skipped} passed, {failed} failed, {skipped} skipped")
PY
fi
exit "$status"
