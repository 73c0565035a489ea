package org.beacon.core

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import org.beacon.core.ffi.CoreConfig
import org.beacon.core.ffi.CoreException
import org.beacon.core.ffi.PlatformException
import org.beacon.core.ffi.ShellNotification
import org.beacon.core.ffi.ShellPlatform
import org.beacon.core.types.Event
import org.beacon.core.types.ViewModel
import org.beacon.core.ffi.BeaconCore as FfiCore

/**
 * Beacon's core for a Kotlin shell: start here.
 *
 * Wraps the uniffi [FfiCore] (the Rust core and its effect runtime: HTTP, the local store, timers
 * and the server's event stream all run in Rust). This class only
 * - sends [Event]s, in the order [dispatch] was called, off the caller's thread;
 * - keeps the latest [ViewModel] in [view], pulled from the core whenever it says the view changed;
 * - carries out the platform's part through [PlatformServices] (secrets, notifications).
 *
 * Plain JVM: no android.* imports, so the same class runs in the app and in desktop JUnit tests.
 */
class BeaconCore(
    config: CoreConfig,
    private val services: PlatformServices,
    private val scope: CoroutineScope,
) : AutoCloseable {
    /** One event at a time, in order. */
    @OptIn(ExperimentalCoroutinesApi::class)
    private val events: CoroutineDispatcher = Dispatchers.IO.limitedParallelism(1)

    private val viewLock = Any()

    @Volatile
    private var ffi: FfiCore? = null

    private val _view: MutableStateFlow<ViewModel>

    /** What every screen renders. */
    val view: StateFlow<ViewModel>

    private val _errors = MutableSharedFlow<CoreException>(extraBufferCapacity = 16)

    /** Calls the core refused (an event it could not read, a call after [close]). */
    val errors: SharedFlow<CoreException> = _errors.asSharedFlow()

    init {
        val core = FfiCore(config, Callbacks())
        _view = MutableStateFlow(ViewModel.bincodeDeserialize(core.view()))
        view = _view.asStateFlow()
        ffi = core
        // A change the core announced before `ffi` was set.
        refresh()
    }

    /** Sends [event] to the core; returns at once. */
    fun dispatch(event: Event) {
        val bytes = event.bincodeSerialize()
        scope.launch(events) {
            val core = ffi ?: return@launch
            try {
                core.dispatch(bytes)
            } catch (error: CoreException) {
                _errors.tryEmit(error)
            }
        }
    }

    /** Stops the core. Changes not yet sent stay queued in the local store for the next start. */
    override fun close() {
        val core = synchronized(viewLock) { ffi.also { ffi = null } } ?: return
        core.shutdown()
        core.close()
    }

    /** Pulls the newest view. Under a lock, so an older pull never overwrites a newer one. */
    private fun refresh() {
        synchronized(viewLock) {
            val core = ffi ?: return
            val bytes = try {
                core.view()
            } catch (error: CoreException) {
                _errors.tryEmit(error)
                return
            }
            _view.value = ViewModel.bincodeDeserialize(bytes)
        }
    }

    private inner class Callbacks : ShellPlatform {
        override fun viewChanged() = refresh()

        override fun readToken(): String? = platform { services.readToken() }

        override fun writeToken(token: String) = platform { services.writeToken(token) }

        override fun deleteToken() = platform { services.deleteToken() }

        override fun replaceScheduledNotifications(notifications: List<ShellNotification>) {
            // Fire-and-forget for the core; a failure must not escape into its thread.
            runCatching { services.replaceScheduledNotifications(notifications) }
        }

        private inline fun <T> platform(call: () -> T): T =
            try {
                call()
            } catch (error: Exception) {
                throw PlatformException.Failed(error.message ?: error.javaClass.simpleName)
            }
    }
}
