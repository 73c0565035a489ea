//! Generates what the native shells compile against. Run through `scripts/codegen.sh`, which
//! builds `libshared` with the `uniffi` feature first.
//!
//! - `codegen types --kotlin DIR --swift DIR` — the shell types (`Event`, `ViewModel` and all they
//!   reach) with their bincode runtime, from the facet registry in `shared::ffi::shell_types`:
//!   Kotlin package `org.beacon.core.types`, Swift package `SharedTypes`.
//! - `codegen generate --library target/debug/libshared.so --language kotlin --out-dir DIR` (and
//!   any other `uniffi-bindgen` command) — the uniffi bindings for `BeaconCore`, configured by
//!   `shared/uniffi.toml`.

use std::path::PathBuf;
use std::process::ExitCode;

use facet_generate::Registry;
use facet_generate::generation::bincode::BincodePlugin;
use facet_generate::generation::{kotlin, swift};
use facet_generate::reflection::format::{ContainerFormat, VariantFormat};

/// The Kotlin package of the shell types.
const KOTLIN_PACKAGE: &str = "org.beacon.core.types";
/// The Swift package (and module) of the shell types.
const SWIFT_PACKAGE: &str = "SharedTypes";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("types") {
        uniffi::uniffi_bindgen_main();
        return ExitCode::SUCCESS;
    }
    match types(&args[1..]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("codegen types: {message}");
            ExitCode::FAILURE
        }
    }
}

fn types(args: &[String]) -> Result<(), String> {
    let mut kotlin_dir = None;
    let mut swift_dir = None;
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().map(PathBuf::from);
        match flag.as_str() {
            "--kotlin" => kotlin_dir = value,
            "--swift" => swift_dir = value,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if kotlin_dir.is_none() && swift_dir.is_none() {
        return Err("usage: codegen types [--kotlin DIR] [--swift DIR]".into());
    }
    let registry = platform_names(shared::ffi::shell_types::build()?);
    if let Some(dir) = kotlin_dir {
        // Start clean so types that no longer exist do not linger.
        let package_dir = dir.join(KOTLIN_PACKAGE.replace('.', "/"));
        let _ = std::fs::remove_dir_all(&package_dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        kotlin::Installer::new(KOTLIN_PACKAGE, &dir)
            .plugin(BincodePlugin)
            .generate(&registry)
            .map_err(|e| format!("kotlin: {e}"))?;
        // A Gradle manifest for a stand-alone package; android/core compiles the sources itself.
        let _ = std::fs::remove_file(dir.join("build.gradle.kts"));
    }
    if let Some(dir) = swift_dir {
        let package_dir = dir.join(SWIFT_PACKAGE);
        let _ = std::fs::remove_dir_all(&package_dir);
        std::fs::create_dir_all(&package_dir).map_err(|e| e.to_string())?;
        swift::Installer::new(SWIFT_PACKAGE, &package_dir)
            .plugin(BincodePlugin)
            .generate(&registry)
            .map_err(|e| format!("swift: {e}"))?;
    }
    Ok(())
}

/// Variant names as the platforms spell types. The registry keeps the wire names (`accept`,
/// `acknowledge_agreement`) because the FFI codec matches them against serde's JSON form; the
/// generated code only writes variant *indexes*, so naming the generated classes `Accept` and
/// `AcknowledgeAgreement` changes nothing on the wire. All-unit enums get snake_case names, which
/// the generators turn into `SIGNED_IN` (Kotlin) and `signedIn` (Swift).
fn platform_names(mut registry: Registry) -> Registry {
    for container in registry.values_mut() {
        if let ContainerFormat::Enum(variants, _, _) = container {
            let all_unit = variants
                .values()
                .all(|v| matches!(v.value, VariantFormat::Unit));
            for variant in variants.values_mut() {
                variant.name = if all_unit {
                    snake(&variant.name)
                } else {
                    upper_camel(&variant.name)
                };
            }
        }
    }
    registry
}

fn upper_camel(name: &str) -> String {
    name.split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (index, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if index > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
