package org.beacon.android

import android.content.Context
import android.os.Build
import org.beacon.android.lock.AppLock
import org.beacon.android.platform.KeystoreTokenStore
import org.beacon.android.platform.ReminderScheduler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import org.beacon.core.BeaconCore
import org.beacon.core.ffi.CoreConfig
import java.io.File

/**
 * The app's single instances. The core (the Rust runtime behind JNA) starts lazily, on first use
 * by the UI: the reboot receiver only needs the scheduler and must not pay for the core.
 */
class AppContainer(context: Context) {
    private val app = context.applicationContext

    val reminders = ReminderScheduler(app)
    val appLock = AppLock(app)
    private val tokens = KeystoreTokenStore(File(app.noBackupFilesDir, "session-token.sealed"))

    val core: BeaconCore by lazy {
        // noBackupFilesDir: never in backups (see data_extraction_rules.xml as well).
        val dataDir = File(app.noBackupFilesDir, "beacon").apply { mkdirs() }
        BeaconCore(
            config = CoreConfig(
                dataDir = dataDir.absolutePath,
                serverUrl = BuildConfig.SERVER_URL,
                // The model, not the owner's device name (which often carries a real name).
                deviceName = "${Build.MANUFACTURER} ${Build.MODEL}",
            ),
            services = AndroidPlatform(tokens, reminders),
            // Lives as long as the process, like the core itself.
            scope = CoroutineScope(SupervisorJob()),
        )
    }
}
