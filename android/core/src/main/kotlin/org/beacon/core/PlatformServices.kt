package org.beacon.core

import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.beacon.core.ffi.ShellNotification

/**
 * What only the platform can do for the core: keep the session token in secure storage and
 * schedule the phone's own notifications. The Android app implements it with the Keystore and
 * AlarmManager/WorkManager; desktop tools and tests use [InMemoryPlatformServices].
 *
 * Called on the core's threads: return quickly. Throw to report a failure (the core shows it or
 * retries); nothing here decides anything — every rule lives in the Rust core.
 */
interface PlatformServices {
    /** The saved session token, or null. */
    fun readToken(): String?

    fun writeToken(token: String)

    fun deleteToken()

    /** Cancel every notification scheduled before and schedule exactly [notifications]. */
    fun replaceScheduledNotifications(notifications: List<ShellNotification>)
}

/** Secrets and notifications in memory: for desktop tools and tests. */
class InMemoryPlatformServices(initialToken: String? = null) : PlatformServices {
    @Volatile
    var token: String? = initialToken
        private set

    private val _scheduled = MutableStateFlow<List<ShellNotification>>(emptyList())

    /** The set last handed over by the core. */
    val scheduled: StateFlow<List<ShellNotification>> = _scheduled.asStateFlow()

    private val replacements = AtomicInteger()

    /** How many times the core replaced the set. */
    val replacementCount: Int get() = replacements.get()

    override fun readToken(): String? = token

    override fun writeToken(token: String) {
        this.token = token
    }

    override fun deleteToken() {
        token = null
    }

    override fun replaceScheduledNotifications(notifications: List<ShellNotification>) {
        replacements.incrementAndGet()
        _scheduled.value = notifications
    }
}
