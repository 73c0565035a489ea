package org.beacon.android.lock

import android.content.Context
import android.os.Build
import android.os.SystemClock
import androidx.biometric.BiometricManager
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_STRONG
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_WEAK
import androidx.biometric.BiometricManager.Authenticators.DEVICE_CREDENTIAL
import androidx.core.content.edit
import androidx.lifecycle.DefaultLifecycleObserver
import androidx.lifecycle.LifecycleOwner
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update

/**
 * The app lock: a device-local preference (it is about this phone, not the account, so it is not
 * synced through the core). When on, the app starts locked and locks again when it has been in the
 * background for [timeoutMs]; unlocking is BiometricPrompt with a strong biometric or the device
 * PIN/pattern/password (see [MainActivity][org.beacon.android.MainActivity]).
 *
 * Observes the whole process (ProcessLifecycleOwner), so moving between activities does not count
 * as going to the background. Uses the monotonic clock: changing the phone's time does not unlock.
 */
class AppLock(context: Context) : DefaultLifecycleObserver {
    private val prefs = context.getSharedPreferences("app-lock", Context.MODE_PRIVATE)
    private val biometrics = BiometricManager.from(context)

    data class State(val enabled: Boolean, val timeoutMs: Long, val locked: Boolean)

    private val _state = MutableStateFlow(
        prefs.getBoolean(KEY_ENABLED, false).let { enabled ->
            State(enabled = enabled, timeoutMs = prefs.getLong(KEY_TIMEOUT, DEFAULT_TIMEOUT_MS), locked = enabled)
        },
    )
    val state: StateFlow<State> = _state.asStateFlow()

    private var backgroundSince: Long? = null

    /** Whether this phone has a screen lock or strong biometric the prompt can use. */
    fun canAuthenticate(): Boolean =
        biometrics.canAuthenticate(AUTHENTICATORS) == BiometricManager.BIOMETRIC_SUCCESS

    /** Call only after the person authenticated (turning the lock on proves they can unlock). */
    fun setEnabled(enabled: Boolean) {
        prefs.edit { putBoolean(KEY_ENABLED, enabled) }
        _state.update { it.copy(enabled = enabled, locked = false) }
    }

    fun setTimeout(timeoutMs: Long) {
        prefs.edit { putLong(KEY_TIMEOUT, timeoutMs) }
        _state.update { it.copy(timeoutMs = timeoutMs) }
    }

    fun unlocked() = _state.update { it.copy(locked = false) }

    override fun onStop(owner: LifecycleOwner) {
        backgroundSince = SystemClock.elapsedRealtime()
    }

    override fun onStart(owner: LifecycleOwner) {
        val since = backgroundSince ?: return
        backgroundSince = null
        _state.update {
            val away = SystemClock.elapsedRealtime() - since
            if (it.enabled && away >= it.timeoutMs) it.copy(locked = true) else it
        }
    }

    companion object {
        /**
         * Strong biometrics or the device credential. Android 9–10 cannot combine BIOMETRIC_STRONG
         * with DEVICE_CREDENTIAL; there, any enrolled biometric or the credential.
         */
        val AUTHENTICATORS: Int =
            if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.R) BIOMETRIC_STRONG or DEVICE_CREDENTIAL
            else BIOMETRIC_WEAK or DEVICE_CREDENTIAL

        const val DEFAULT_TIMEOUT_MS = 60_000L
        val TIMEOUT_CHOICES_MS = listOf(0L, 60_000L, 5 * 60_000L, 15 * 60_000L)

        private const val KEY_ENABLED = "enabled"
        private const val KEY_TIMEOUT = "timeout_ms"
    }
}
