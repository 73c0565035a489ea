package org.beacon.core

import java.nio.file.Files
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.beacon.core.ffi.CoreConfig
import org.beacon.core.ffi.CoreException
import org.beacon.core.ffi.ShellNotification
import org.beacon.core.ffi.ShellPlatform
import org.beacon.core.types.Screen
import org.beacon.core.types.ViewModel
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test
import org.beacon.core.ffi.BeaconCore as FfiCore

/** The FFI's unhappy paths: typed errors, never a crash of the JVM. No server needed. */
class CoreErrorsTest {
    private val dir = Files.createTempDirectory("beacon-errors")

    @AfterEach
    fun tearDown() {
        dir.toFile().deleteRecursively()
    }

    private object Quiet : ShellPlatform {
        override fun viewChanged() {}
        override fun readToken(): String? = null
        override fun writeToken(token: String) {}
        override fun deleteToken() {}
        override fun replaceScheduledNotifications(notifications: List<ShellNotification>) {}
    }

    // A dead port: nothing listens on port 9 of loopback.
    private fun config(path: String = dir.resolve("app").toString()) =
        CoreConfig(dataDir = path, serverUrl = "http://127.0.0.1:9", deviceName = "Test")

    @Test
    fun `bytes that are no event are refused with InvalidEvent and change nothing`() {
        FfiCore(config(), Quiet).use { core ->
            val deadline = System.currentTimeMillis() + WAIT.inWholeMilliseconds
            fun current() = ViewModel.bincodeDeserialize(core.view())
            while (current().screen != Screen.SIGNED_OUT) {
                check(System.currentTimeMillis() < deadline) { "never signed out: ${current()}" }
                Thread.sleep(20)
            }
            for (bytes in listOf(byteArrayOf(), byteArrayOf(-1, -1, -1, -1), byteArrayOf(0, 0, 0))) {
                assertThrows(CoreException.InvalidEvent::class.java) { core.dispatch(bytes) }
            }
            val after = current()
            assertEquals(Screen.SIGNED_OUT, after.screen)
            assertEquals(null, after.notice)
            assertEquals(null, after.account)
        }
    }

    @Test
    fun `a data directory that cannot be created is a Startup error`() {
        val file = Files.createFile(dir.resolve("not-a-directory"))
        assertThrows(CoreException.Startup::class.java) {
            FfiCore(config(file.resolve("app").toString()), Quiet).close()
        }
    }

    @Test
    fun `calls after shutdown answer ShutDown`() {
        val core = FfiCore(config(), Quiet)
        core.shutdown()
        assertThrows(CoreException.ShutDown::class.java) { core.view() }
        assertThrows(CoreException.ShutDown::class.java) { core.dispatch(byteArrayOf(0, 0, 0, 0)) }
        core.shutdown() // twice is fine
        core.close()
    }

    @Test
    fun `a failing platform is reported to the core, not thrown into it`() {
        val failing = object : PlatformServices {
            override fun readToken(): String? = throw IllegalStateException("keystore locked")
            override fun writeToken(token: String) = throw IllegalStateException("keystore locked")
            override fun deleteToken() = throw IllegalStateException("keystore locked")
            override fun replaceScheduledNotifications(notifications: List<ShellNotification>) =
                throw IllegalStateException("no alarms")
        }
        val app = BeaconCore(config(), failing, CoroutineScope(Dispatchers.Default))
        app.use {
            // Without a readable token the app starts signed out rather than crashing.
            val view: ViewModel = runBlocking {
                withTimeout(WAIT) { it.view.first { v -> v.screen == Screen.SIGNED_OUT } }
            }
            assertEquals(Screen.SIGNED_OUT, view.screen)
        }
    }
}

