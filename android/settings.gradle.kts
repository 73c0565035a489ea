// Beacon for Android: `app` (Jetpack Compose UI and the platform effects) over `core`
// (plain Kotlin/JVM: the effect loop over the uniffi bindings and the generated shell types).
pluginManagement {
    repositories {
        google {
            content {
                includeGroupByRegex("com\\.android.*")
                includeGroupByRegex("com\\.google.*")
                includeGroupByRegex("androidx.*")
            }
        }
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "Beacon"
include(":app")
include(":core")
