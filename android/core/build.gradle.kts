// The core layer as a plain Kotlin/JVM library (no Android): the same sources the Maven build
// (core/pom.xml) compiles and tests on a desktop JVM — the hand-written BeaconCore/PlatformServices
// in src/main/kotlin plus the generated uniffi bindings and facet shell types. Generated code is
// written by the repo's codegen command (see android/README.md), never edited by hand.
plugins {
    alias(libs.plugins.kotlin.jvm)
}

// Where scripts/codegen.sh puts the generated Kotlin (uniffi bindings in package
// org.beacon.core.ffi; shell types in org.beacon.core.types plus the serde/bincode runtime).
val generated = layout.buildDirectory.dir("generated")

kotlin {
    jvmToolchain(17)
    sourceSets {
        main {
            kotlin.srcDir(generated.map { it.dir("uniffi") })
            kotlin.srcDir(generated.map { it.dir("types") })
        }
    }
}

dependencies {
    // The app swaps this jar for JNA's Android AAR (see app/build.gradle.kts).
    api(libs.jna)
    api(libs.kotlinx.coroutines.core)
    testImplementation(libs.junit)
    testImplementation(libs.kotlinx.coroutines.test)
}

// The JVM tests load the real libshared.so and talk to a running server: they run under Maven in
// the repo's test command, not here.
tasks.test { enabled = false }
