package org.beacon.android

import org.beacon.android.platform.KeystoreTokenStore
import org.beacon.android.platform.ReminderScheduler
import org.beacon.android.platform.ScheduledReminder
import org.beacon.core.PlatformServices
import org.beacon.core.ffi.ShellNotification

/**
 * What the core asks of Android: the session token in the Keystore, and the reminder set handed
 * to AlarmManager. Called from the core's threads; both stores are synchronized and quick.
 */
class AndroidPlatform(
    private val tokens: KeystoreTokenStore,
    private val reminders: ReminderScheduler,
) : PlatformServices {
    override fun readToken(): String? = tokens.read()

    override fun writeToken(token: String) = tokens.write(token)

    override fun deleteToken() = tokens.delete()

    override fun replaceScheduledNotifications(notifications: List<ShellNotification>) =
        reminders.replaceAll(
            notifications.map {
                ScheduledReminder(
                    id = it.id,
                    fireAtMs = it.fireAtMs,
                    title = it.title,
                    body = it.body,
                    channelId = it.channelId,
                )
            },
        )
}
