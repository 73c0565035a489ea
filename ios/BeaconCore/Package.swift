// swift-tools-version: 5.9
// The Rust core for the Beacon app, as one local Swift package:
// - `BeaconCoreFFI`: the static library `libshared.a` for device and simulator with its C header
//   and module map (Frameworks/BeaconCoreFFI.xcframework),
// - `BeaconBindings`: the uniffi-generated Swift bindings over it
//   (Sources/BeaconBindings/shared.swift) and a re-export of the facet-generated shell types (the
//   module is not called BeaconCore: that is the name of the core's class in the bindings),
// - `SharedTypes`: the facet-generated shell types (Event, ViewModel, …) with their bincode
//   runtime, a package of its own that scripts/codegen.sh writes to ios/Generated/SharedTypes.
// Everything except this file and Sources/BeaconBindings/Exports.swift is produced by
// ../build-xcframework.sh and ignored by git. The generated code is Swift 5 language mode
// (tools version 5.9); the app itself builds in Swift 6 mode.
import PackageDescription

let package = Package(
    name: "BeaconCore",
    platforms: [.iOS(.v17)],
    products: [
        .library(name: "BeaconBindings", targets: ["BeaconBindings"]),
    ],
    dependencies: [
        .package(path: "../Generated/SharedTypes"),
    ],
    targets: [
        .binaryTarget(
            name: "BeaconCoreFFI",
            path: "Frameworks/BeaconCoreFFI.xcframework"
        ),
        .target(
            name: "BeaconBindings",
            dependencies: [
                "BeaconCoreFFI",
                .product(name: "SharedTypes", package: "SharedTypes"),
            ],
            path: "Sources/BeaconBindings",
            linkerSettings: [
                // rustls-platform-verifier checks server certificates with the system trust store.
                .linkedFramework("Security"),
                .linkedFramework("SystemConfiguration"),
                .linkedFramework("CoreFoundation"),
            ]
        ),
    ]
)
