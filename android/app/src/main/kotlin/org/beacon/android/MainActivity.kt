package org.beacon.android

import android.Manifest
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.IntentFilter
import android.os.Build
import android.os.Bundle
import android.view.WindowManager
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.result.contract.ActivityResultContracts
import androidx.activity.viewModels
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.compose.runtime.getValue
import org.beacon.android.lock.AppLock
import org.beacon.android.ui.BeaconRoot
import org.beacon.android.ui.screens.LockScreen
import org.beacon.android.ui.theme.BeaconTheme
import org.beacon.core.types.Event
import java.time.ZoneId

/**
 * The only activity. A FragmentActivity because BiometricPrompt needs one.
 *
 * FLAG_SECURE on the whole window: Beacon shows messages, check-ins and notes about people's
 * mental health, so screenshots, screen recording, casting to insecure displays and the
 * app-switcher thumbnail are all blanked. Every screen but sign-in holds such content, so the flag
 * is not toggled per screen (that would leave a window in which a thumbnail is taken).
 */
class MainActivity : FragmentActivity() {
    private val model: BeaconViewModel by viewModels { BeaconViewModel.Factory }
    private val appLock: AppLock by lazy { (application as BeaconApplication).container.appLock }
    private var pendingEnable = false

    private lateinit var prompt: BiometricPrompt

    private val notificationPermission =
        registerForActivityResult(ActivityResultContracts.RequestPermission()) { /* reminders stay scheduled either way */ }

    // Times are shown in the phone's zone: tell the core when it changes (travel, DST zone rules).
    private val zoneReceiver = object : BroadcastReceiver() {
        override fun onReceive(context: Context, intent: Intent) = sendTimeZone()
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        enableEdgeToEdge()

        // Constructed in onCreate so results survive configuration changes.
        prompt = BiometricPrompt(
            this,
            ContextCompat.getMainExecutor(this),
            object : BiometricPrompt.AuthenticationCallback() {
                override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) {
                    if (pendingEnable) appLock.setEnabled(true) else appLock.unlocked()
                    pendingEnable = false
                }

                override fun onAuthenticationError(errorCode: Int, errString: CharSequence) {
                    // Cancelled or locked out: stay as we are; the lock screen offers to try again.
                    pendingEnable = false
                }
            },
        )

        setContent {
            BeaconTheme {
                val lock by appLock.state.collectAsStateWithLifecycle()
                if (lock.locked) {
                    val view by model.view.collectAsStateWithLifecycle()
                    LockScreen(
                        crisisResources = view.crisisResources,
                        onUnlock = ::authenticate,
                    )
                } else {
                    BeaconRoot(model, appLock, onEnableLock = ::enableLock)
                }
            }
        }

        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU &&
            ContextCompat.checkSelfPermission(this, Manifest.permission.POST_NOTIFICATIONS) !=
            android.content.pm.PackageManager.PERMISSION_GRANTED
        ) {
            notificationPermission.launch(Manifest.permission.POST_NOTIFICATIONS)
        }
        sendTimeZone()
        ContextCompat.registerReceiver(
            this,
            zoneReceiver,
            IntentFilter(Intent.ACTION_TIMEZONE_CHANGED),
            ContextCompat.RECEIVER_NOT_EXPORTED,
        )
    }

    override fun onDestroy() {
        unregisterReceiver(zoneReceiver)
        super.onDestroy()
    }

    private fun sendTimeZone() = model.send(Event.TimeZoneChanged(timeZone = ZoneId.systemDefault().id))

    private fun authenticate() {
        prompt.authenticate(
            BiometricPrompt.PromptInfo.Builder()
                .setTitle(getString(R.string.unlock_title))
                .setSubtitle(getString(R.string.unlock_subtitle))
                .setAllowedAuthenticators(AppLock.AUTHENTICATORS)
                .build(),
        )
    }

    /** Turning the lock on first proves the person can unlock (so nobody locks themselves out). */
    private fun enableLock() {
        if (!appLock.canAuthenticate()) return
        pendingEnable = true
        prompt.authenticate(
            BiometricPrompt.PromptInfo.Builder()
                .setTitle(getString(R.string.enable_lock_title))
                .setAllowedAuthenticators(AppLock.AUTHENTICATORS)
                .build(),
        )
    }
}
