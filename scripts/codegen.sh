#!/usr/bin/env bash
# Generates everything the native shells compile against, into ignored folders (never edit it):
#   android/core/build/generated/uniffi   Kotlin uniffi bindings (package org.beacon.core.ffi)
#   android/core/build/generated/types    Kotlin shell types + bincode runtime (org.beacon.core.types)
#   ios/Generated/SharedFFI               Swift uniffi bindings (module SharedFFI) + C header/modulemap
#   ios/Generated/SharedTypes             Swift shell types (package SharedTypes)
# Builds libshared (cdylib, feature `uniffi`) and the `codegen` binary first.
#
#   scripts/codegen.sh             generate into the folders above
#   scripts/codegen.sh --out DIR   generate into DIR/{kotlin-uniffi,kotlin-types,swift} instead
#                                  (used to check that the checked-in build is current)
set -euo pipefail
cd "$(dirname "$0")/.."

kotlin_uniffi=android/core/build/generated/uniffi
kotlin_types=android/core/build/generated/types
swift_root=ios/Generated
if [[ "${1:-}" == "--out" ]]; then
  kotlin_uniffi="$2/kotlin-uniffi"
  kotlin_types="$2/kotlin-types"
  swift_root="$2/swift"
fi

target="${CARGO_TARGET_DIR:-$PWD/target}"
case "$(uname -s)" in
  Darwin) lib="$target/debug/libshared.dylib" ;;
  *) lib="$target/debug/libshared.so" ;;
esac

# The library the shells load: `cargo rustc` adds the cdylib crate type only for this build, so
# ordinary `cargo build`/`cargo test` never link one.
cargo rustc -q --locked -p shared --features uniffi --lib --crate-type cdylib
cargo build -q --locked -p shared --features codegen --bin codegen
codegen="$target/debug/codegen"

rm -rf "$kotlin_uniffi" "$swift_root/SharedFFI"
"$codegen" generate --no-format --library "$lib" --language kotlin --out-dir "$kotlin_uniffi"
"$codegen" generate --no-format --library "$lib" --language swift --out-dir "$swift_root/SharedFFI"
"$codegen" types --kotlin "$kotlin_types" --swift "$swift_root"
echo "codegen: $kotlin_uniffi, $kotlin_types, $swift_root/{SharedFFI,SharedTypes}"
