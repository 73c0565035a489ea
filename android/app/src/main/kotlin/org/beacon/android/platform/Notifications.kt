package org.beacon.android.platform

import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.content.Context
import org.beacon.android.R

/**
 * One Android notification channel per kind of reminder the core computes (its channel ids), so
 * people can silence one kind in the system settings. Every channel is private on the lock screen:
 * only the neutral public version shows there (see [ReminderReceiver]).
 */
object Notifications {
    const val SESSIONS = "beacon.sessions"
    const val CONTACT = "beacon.contact"
    const val CHECK_INS = "beacon.check_ins"
    const val REQUESTS = "beacon.requests"

    fun createChannels(context: Context) {
        val manager = context.getSystemService(NotificationManager::class.java)
        val channels = listOf(
            Triple(SESSIONS, R.string.channel_sessions, R.string.channel_sessions_description),
            Triple(CONTACT, R.string.channel_contact, R.string.channel_contact_description),
            Triple(CHECK_INS, R.string.channel_check_ins, R.string.channel_check_ins_description),
            Triple(REQUESTS, R.string.channel_requests, R.string.channel_requests_description),
        ).map { (id, name, description) ->
            NotificationChannel(id, context.getString(name), NotificationManager.IMPORTANCE_DEFAULT).apply {
                this.description = context.getString(description)
                lockscreenVisibility = Notification.VISIBILITY_PRIVATE
            }
        }
        manager.createNotificationChannels(channels)
    }
}
