package org.beacon.core

import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test

/**
 * The Kotlin this build compiled is exactly what the repo's generator produces now.
 *
 * run-jvm-tests.sh regenerates into android/core/build/generated before Maven runs (so CI always
 * compiles current bindings), then generates a second time into a temporary directory
 * (`scripts/codegen.sh --out DIR`, passed as `beacon.fresh.generated`). This test compares the
 * two trees file by file: it fails when someone edits generated code by hand, compiles stale
 * output, or when generation stops being deterministic. Without the property it is skipped.
 */
class BindingsCurrentTest {
    private fun tree(root: File): Map<String, String> =
        root.walkTopDown().filter { it.isFile }.associate { it.relativeTo(root).path to it.readText() }

    @Test
    fun `the compiled bindings and shell types match a fresh generation`() {
        val fresh = System.getProperty("beacon.fresh.generated").orEmpty()
        assumeTrue(fresh.isNotEmpty(), "no fresh generation given (beacon.fresh.generated)")
        val compiled = File(System.getProperty("beacon.generated"))
        for ((mine, theirs) in listOf("uniffi" to "kotlin-uniffi", "types" to "kotlin-types")) {
            val expected = tree(File(fresh, theirs))
            val actual = tree(File(compiled, mine))
            assertEquals(expected.keys.sorted(), actual.keys.sorted(), "files in $mine")
            for ((path, text) in expected) {
                assertEquals(text, actual[path], "$mine/$path differs from a fresh generation")
            }
            check(expected.isNotEmpty()) { "nothing generated in $theirs" }
        }
    }
}
