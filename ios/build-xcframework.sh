#!/usr/bin/env bash
# Builds Beacon's Rust core for iOS and lays out the local Swift package the app links
# (ios/BeaconCore). Runs on a Mac with Xcode and rustup; see ios/README.md.
#
#   ios/build-xcframework.sh            # release build (what the app ships)
#   PROFILE=debug ios/build-xcframework.sh
#
# Steps:
#   1. `cargo rustc` builds the `shared` crate as a static library, with its uniffi FFI, for
#      aarch64-apple-ios (devices), aarch64-apple-ios-sim and x86_64-apple-ios (simulators on
#      Apple silicon and Intel Macs).
#   2. `lipo` joins the two simulator slices into one fat library (an XCFramework allows one
#      library per platform variant).
#   3. The repo's codegen (scripts/codegen.sh) writes the uniffi Swift bindings (shared.swift,
#      sharedFFI.h, sharedFFI.modulemap) to ios/Generated/SharedFFI and the facet shell types (a
#      Swift package, SharedTypes) to ios/Generated/SharedTypes.
#   4. `xcodebuild -create-xcframework` packs both libraries with the C header and module map into
#      ios/BeaconCore/Frameworks/BeaconCoreFFI.xcframework.
#   5. shared.swift is copied into ios/BeaconCore/Sources/BeaconBindings.
# Nothing generated is edited by hand: rerun this script after changing the core.
set -euo pipefail

IOS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$IOS_DIR/.." && pwd)"
PACKAGE_DIR="$IOS_DIR/BeaconCore"
BUILD_DIR="$IOS_DIR/build"

PROFILE="${PROFILE:-release}"
CRATE="shared"
LIB_NAME="lib${CRATE}.a"
# The cargo features that turn on the uniffi FFI (the Rust runtime is on by default).
FEATURES="${FEATURES:-uniffi}"
# The clang module the uniffi Swift file imports (`<namespace>FFI`, see shared/uniffi.toml).
FFI_MODULE="${FFI_MODULE:-sharedFFI}"
# The facet package the codegen writes (ios/Generated/<name>, re-exported to the app).
TYPES_PACKAGE="${TYPES_PACKAGE:-SharedTypes}"
XCFRAMEWORK="$PACKAGE_DIR/Frameworks/BeaconCoreFFI.xcframework"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_DIR/target}"

DEVICE_TARGET="aarch64-apple-ios"
SIM_TARGETS=("aarch64-apple-ios-sim" "x86_64-apple-ios")

# The C code in the dependency tree (SQLite, aws-lc) and rustc must agree on the minimum iOS.
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-17.0}"

die() {
    echo "error: $*" >&2
    exit 1
}

for tool in cargo rustc xcodebuild lipo xcrun; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (see ios/README.md: prerequisites)"
done

if command -v rustup >/dev/null 2>&1; then
    rustup target add "$DEVICE_TARGET" "${SIM_TARGETS[@]}"
else
    echo "warning: rustup not found; assuming the iOS targets are installed" >&2
fi

# (Written for the bash 3.2 that macOS ships: an empty array is expanded with ${a[@]+"${a[@]}"}.)
if [[ "$PROFILE" == "release" ]]; then
    PROFILE_FLAG=(--release)
    PROFILE_DIR="release"
else
    PROFILE_FLAG=()
    PROFILE_DIR="debug"
fi

cd "$REPO_DIR"

echo "==> 1/5 building $CRATE ($PROFILE) for $DEVICE_TARGET ${SIM_TARGETS[*]}"
for target in "$DEVICE_TARGET" "${SIM_TARGETS[@]}"; do
    # --crate-type builds the static library without changing shared/Cargo.toml.
    cargo rustc --package "$CRATE" --lib --locked ${PROFILE_FLAG[@]+"${PROFILE_FLAG[@]}"} \
        --target "$target" --features "$FEATURES" --crate-type staticlib
done

echo "==> 2/5 joining the simulator slices"
rm -rf "$BUILD_DIR"
mkdir -p "$BUILD_DIR/ios-device" "$BUILD_DIR/ios-simulator" "$BUILD_DIR/headers"
cp "$TARGET_DIR/$DEVICE_TARGET/$PROFILE_DIR/$LIB_NAME" "$BUILD_DIR/ios-device/$LIB_NAME"
sim_libs=()
for target in "${SIM_TARGETS[@]}"; do
    sim_libs+=("$TARGET_DIR/$target/$PROFILE_DIR/$LIB_NAME")
done
lipo -create "${sim_libs[@]}" -output "$BUILD_DIR/ios-simulator/$LIB_NAME"
lipo -info "$BUILD_DIR/ios-simulator/$LIB_NAME"

echo "==> 3/5 generating the Swift bindings and shell types (scripts/codegen.sh)"
# The repo's one codegen command: uniffi Swift bindings into ios/Generated/SharedFFI and the facet
# shell types (the SharedTypes package, referenced by BeaconCore/Package.swift) into
# ios/Generated/SharedTypes. It builds a host libshared for the uniffi metadata; the interface
# (and its checksums) is the same as in the iOS libraries built above.
"$REPO_DIR/scripts/codegen.sh"

bindings="$IOS_DIR/Generated/SharedFFI"
[[ -f "$bindings/$FFI_MODULE.h" ]] || die "codegen did not write $bindings/$FFI_MODULE.h"
[[ -f "$bindings/$FFI_MODULE.modulemap" ]] || die "codegen did not write $bindings/$FFI_MODULE.modulemap"
[[ -f "$IOS_DIR/Generated/$TYPES_PACKAGE/Package.swift" ]] || die "codegen did not write the $TYPES_PACKAGE package"
cp "$bindings/$FFI_MODULE.h" "$BUILD_DIR/headers/"
# Inside an XCFramework the module map must be called module.modulemap.
cp "$bindings/$FFI_MODULE.modulemap" "$BUILD_DIR/headers/module.modulemap"

echo "==> 4/5 creating $(basename "$XCFRAMEWORK")"
rm -rf "$XCFRAMEWORK"
mkdir -p "$(dirname "$XCFRAMEWORK")"
xcodebuild -create-xcframework \
    -library "$BUILD_DIR/ios-device/$LIB_NAME" -headers "$BUILD_DIR/headers" \
    -library "$BUILD_DIR/ios-simulator/$LIB_NAME" -headers "$BUILD_DIR/headers" \
    -output "$XCFRAMEWORK"

echo "==> 5/5 installing the Swift bindings into $PACKAGE_DIR"
# A package's sources must live inside it, so the bindings are copied (SharedTypes is used in place).
sources="$PACKAGE_DIR/Sources/BeaconBindings"
mkdir -p "$sources"
find "$sources" -name '*.swift' ! -name 'Exports.swift' -delete
cp "$bindings"/*.swift "$sources/"

echo "done: now run 'xcodegen generate' in $IOS_DIR and open Beacon.xcodeproj"
