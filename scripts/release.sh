#!/usr/bin/env bash
# The steps of `npx projen release` and `npx projen publish:all` (docs/releasing.md); the tasks
# in .projenrc.ts call them in order.
#
#   release.sh prepare       refuse a release that cannot succeed (version, changelog, toolchains)
#                            and remove the selected targets' old artifacts from dist/
#   release.sh build         build the selected targets with jsii-pacmak (after compile) and check
#                            that every artifact carries package.json's version
#   release.sh credentials   before anything is built or uploaded: every selected registry's
#                            credentials are set
#   release.sh selected T    exit 0 when target T is selected (the condition of its publish task)
#
# RELEASE_TARGETS is a comma-separated subset of js,python,java,dotnet,go (default: all of them).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS="js python java dotnet go"
name=$(node -p "require('./package.json').name")
version=$(node -p "require('./package.json').version")

fail() {
  echo "release: $*" >&2
  exit 1
}

selected_targets() {
  local requested=${RELEASE_TARGETS:-js,python,java,dotnet,go} target out=""
  for target in ${requested//,/ }; do
    case " ${ALL_TARGETS} " in
      *" ${target} "*) out="${out} ${target}" ;;
      *) fail "RELEASE_TARGETS=${requested}: unknown target '${target}'; pick from: ${ALL_TARGETS// /,}" ;;
    esac
  done
  [ -n "${out}" ] || fail "RELEASE_TARGETS is empty; pick from: ${ALL_TARGETS// /,}"
  echo "${out# }"
}

# What a target's build runs besides Node.js (jsii-pacmak calls these; see docs/releasing.md).
missing_toolchain() {
  case $1 in
    js) ;;
    python)
      command -v python3 >/dev/null 2>&1 || { echo "python: python3 (3.10 or later)"; return; }
      python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || echo "python: the venv module with pip (Debian: apt-get install python3-venv)"
      ;;
    java)
      command -v javac >/dev/null 2>&1 || echo "java: a JDK, 8 or later (javac)"
      command -v mvn >/dev/null 2>&1 || echo "java: Apache Maven (mvn), with Maven Central reachable"
      ;;
    dotnet) command -v dotnet >/dev/null 2>&1 || echo "dotnet: the .NET SDK, 6 or later (dotnet)" ;;
    go) command -v go >/dev/null 2>&1 || echo "go: Go 1.25 or later (go), with the Go module proxy reachable" ;;
  esac
}

# The artifacts of one target for this version, one path a line; nothing when there are none.
artifacts() {
  case $1 in
    js) ls "dist/js/${name}@${version}.jsii.tgz" 2>/dev/null || true ;;
    python) ls dist/python/*-"${version}"-py3-none-any.whl 2>/dev/null || true ;;
    java) find dist/java -path "*/${version}/*-${version}.jar" 2>/dev/null || true ;;
    dotnet) ls dist/dotnet/*."${version}".nupkg 2>/dev/null || true ;;
    go) grep -lx "${version}" dist/go/*/version 2>/dev/null || true ;;
  esac
}

# The version the npm tarball itself declares (what `npm publish` would upload).
tarball_version() {
  tar -xOzf "dist/js/${name}@${version}.jsii.tgz" package/package.json | node -e \
    'let s = ""; process.stdin.on("data", d => s += d).on("end", () => console.log(JSON.parse(s).version))'
}

prepare() {
  local targets missing="" target
  targets=$(selected_targets)
  # projen writes 0.0.0 when .projenrc.ts sets no version: never a release.
  [ "${version}" != "0.0.0" ] || fail "package.json has version 0.0.0: set the version in .projenrc.ts (project.package.addVersion) and run npx projen"
  grep -q "^## ${version//./\\.}\b" CHANGELOG.md || fail "CHANGELOG.md has no section '## ${version}': say what changed in this release first"
  for target in ${targets}; do
    missing="${missing}$(missing_toolchain "${target}" | sed 's/^/  /')"$'\n'
  done
  if [ -n "${missing//$'\n'/}" ]; then
    echo "release: the toolchains of these targets are missing:" >&2
    echo "${missing}" | sed '/^$/d' >&2
    fail "install them, or leave those targets out with RELEASE_TARGETS (selected: ${targets// /,})"
  fi
  # Artifacts of an earlier build must not be published with this one.
  for target in ${targets}; do rm -rf "dist/${target}"; done
  rm -f dist/version.txt dist/releasetag.txt dist/changelog.md
  echo "release: ${name} ${version}, targets: ${targets// /,}"
}

build() {
  local targets target args=() found
  targets=$(selected_targets)
  for target in ${targets}; do args+=(--target "${target}"); done
  jsii-pacmak -v "${args[@]}"
  for target in ${targets}; do
    found=$(artifacts "${target}")
    [ -n "${found}" ] || fail "jsii-pacmak built no ${target} artifact for version ${version} in dist/${target}/"
    echo "${found}" | sed "s/^/release: ${target}: /"
  done
  if [[ " ${targets} " == *" js "* ]]; then
    [ "$(tarball_version)" = "${version}" ] || fail "dist/js/${name}@${version}.jsii.tgz declares version $(tarball_version)"
  fi
  # What a CI job needs to tag the commit and write the release notes.
  echo "${version}" > dist/version.txt
  echo "v${version}" > dist/releasetag.txt
  awk -v heading="## ${version}" 'index($0, heading) == 1 { on = 1; print; next } on && /^## / { exit } on' CHANGELOG.md > dist/changelog.md
}

credentials() {
  local targets target missing=""
  targets=$(selected_targets)
  for target in ${targets}; do
    case ${target} in
      js) [ -n "${NPM_TOKEN:-}${NPM_TRUSTED_PUBLISHER:-}" ] || missing="${missing}  js: NPM_TOKEN (or NPM_TRUSTED_PUBLISHER)"$'\n' ;;
      python)
        if [ -z "${PYPI_TRUSTED_PUBLISHER:-}" ] && { [ -z "${TWINE_USERNAME:-}" ] || [ -z "${TWINE_PASSWORD:-}" ]; }; then
          missing="${missing}  python: TWINE_USERNAME and TWINE_PASSWORD (or PYPI_TRUSTED_PUBLISHER)"$'\n'
        fi
        ;;
      java)
        local var
        for var in MAVEN_USERNAME MAVEN_PASSWORD MAVEN_GPG_PRIVATE_KEY_PASSPHRASE; do
          [ -n "${!var:-}" ] || missing="${missing}  java: ${var}"$'\n'
        done
        [ -n "${MAVEN_GPG_PRIVATE_KEY:-}${MAVEN_GPG_PRIVATE_KEY_FILE:-}" ] || missing="${missing}  java: MAVEN_GPG_PRIVATE_KEY (or MAVEN_GPG_PRIVATE_KEY_FILE)"$'\n'
        ;;
      dotnet) [ -n "${NUGET_API_KEY:-}${NUGET_TRUSTED_PUBLISHER:-}" ] || missing="${missing}  dotnet: NUGET_API_KEY (or NUGET_TRUSTED_PUBLISHER with NUGET_USERNAME)"$'\n' ;;
      go)
        [ -n "${GITHUB_TOKEN:-}${GIT_USE_SSH:-}" ] || missing="${missing}  go: GITHUB_TOKEN (or GIT_USE_SSH), to push to github.com/cdk8s-zero-downtime/cdk8s-zero-downtime-go"$'\n'
        [ -n "${GIT_USER_NAME:-$(git config user.name || true)}" ] || missing="${missing}  go: GIT_USER_NAME (the author of the release commit)"$'\n'
        [ -n "${GIT_USER_EMAIL:-$(git config user.email || true)}" ] || missing="${missing}  go: GIT_USER_EMAIL"$'\n'
        ;;
    esac
  done
  if [ -n "${missing}" ]; then
    echo "publish: nothing was uploaded; missing:" >&2
    printf '%s' "${missing}" >&2
    fail "set them (docs/releasing.md lists each registry's variables), or leave targets out with RELEASE_TARGETS (selected: ${targets// /,})"
  fi
  echo "publish: ${name} ${version} to: ${targets// /,}"
}

case ${1:-} in
  prepare) prepare ;;
  build) build ;;
  credentials) credentials ;;
  selected) [[ " $(selected_targets) " == *" ${2:-} "* ]] ;;
  *) fail "usage: scripts/release.sh prepare|build|credentials|selected TARGET" ;;
esac
