package org.beacon.android.platform

import android.app.AlarmManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.net.Uri
import android.os.Build
import android.util.AtomicFile
import org.json.JSONArray
import org.json.JSONObject
import java.io.File
import java.io.FileNotFoundException

/** One reminder as the core computed it: a stable id, when, and the (already discreet) text. */
data class ScheduledReminder(
    val id: String,
    val fireAtMs: Long,
    val title: String,
    val body: String,
    /** One of the [Notifications] channel ids. */
    val channelId: String,
)

/**
 * Hands the core's reminder set to [AlarmManager]. Each call to [replaceAll] makes the given set the
 * whole schedule: alarms whose id is no longer in it are cancelled, the rest are (re)scheduled under
 * their stable id, so a moved session keeps one alarm at its new time. The set is also written to a
 * private file so [rescheduleStored] can restore it after a reboot or an app update, when Android
 * drops every alarm.
 *
 * Exact alarms are used when the person allows them (Android 12+ asks for it); otherwise the alarm is
 * inexact but still fires in Doze. Nothing here decides *what* to remind about: that is the core's.
 */
class ReminderScheduler(private val context: Context) {
    private val alarms = context.getSystemService(AlarmManager::class.java)
    private val stored = AtomicFile(File(context.noBackupFilesDir, "scheduled-reminders.json"))

    @Synchronized
    fun replaceAll(reminders: List<ScheduledReminder>) {
        val keep = reminders.mapTo(HashSet()) { it.id }
        for (old in read()) {
            if (old.id !in keep) cancel(old.id)
        }
        val now = System.currentTimeMillis()
        reminders.filter { it.fireAtMs > now }.forEach(::schedule)
        write(reminders)
    }

    /** After a reboot, an update, or a change of the exact-alarm grant. */
    @Synchronized
    fun rescheduleStored() {
        val now = System.currentTimeMillis()
        read().filter { it.fireAtMs > now }.forEach(::schedule)
    }

    private fun schedule(reminder: ScheduledReminder) {
        val intent = pendingIntent(reminder.id, reminder, PendingIntent.FLAG_UPDATE_CURRENT) ?: return
        val exact = Build.VERSION.SDK_INT < Build.VERSION_CODES.S || alarms.canScheduleExactAlarms()
        try {
            if (exact) {
                alarms.setExactAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, reminder.fireAtMs, intent)
            } else {
                alarms.setAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, reminder.fireAtMs, intent)
            }
        } catch (_: SecurityException) {
            // The exact-alarm grant was withdrawn between the check and the call.
            alarms.setAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, reminder.fireAtMs, intent)
        }
    }

    private fun cancel(id: String) {
        val intent = pendingIntent(id, null, PendingIntent.FLAG_NO_CREATE) ?: return
        alarms.cancel(intent)
        intent.cancel()
    }

    /**
     * PendingIntents are told apart by the Intent's data, not its extras: the reminder id goes into
     * the data URI, so each id has exactly one alarm and FLAG_UPDATE_CURRENT refreshes its text.
     */
    private fun pendingIntent(id: String, reminder: ScheduledReminder?, flags: Int): PendingIntent? {
        val intent = Intent(context, ReminderReceiver::class.java)
            .setAction(ReminderReceiver.ACTION)
            .setData(Uri.Builder().scheme("beacon").authority("reminder").appendPath(id).build())
        if (reminder != null) {
            intent.putExtra(ReminderReceiver.EXTRA_ID, reminder.id)
                .putExtra(ReminderReceiver.EXTRA_TITLE, reminder.title)
                .putExtra(ReminderReceiver.EXTRA_BODY, reminder.body)
                .putExtra(ReminderReceiver.EXTRA_CHANNEL, reminder.channelId)
        }
        return PendingIntent.getBroadcast(context, 0, intent, flags or PendingIntent.FLAG_IMMUTABLE)
    }

    private fun read(): List<ScheduledReminder> {
        val text = try {
            String(stored.readFully(), Charsets.UTF_8)
        } catch (_: FileNotFoundException) {
            return emptyList()
        }
        return runCatching {
            val array = JSONArray(text)
            List(array.length()) { i ->
                val item = array.getJSONObject(i)
                ScheduledReminder(
                    id = item.getString("id"),
                    fireAtMs = item.getLong("fire_at_ms"),
                    title = item.getString("title"),
                    body = item.getString("body"),
                    channelId = item.optString("channel", Notifications.SESSIONS),
                )
            }
        }.getOrDefault(emptyList())
    }

    private fun write(reminders: List<ScheduledReminder>) {
        val array = JSONArray()
        reminders.forEach {
            array.put(
                JSONObject()
                    .put("id", it.id)
                    .put("fire_at_ms", it.fireAtMs)
                    .put("title", it.title)
                    .put("body", it.body)
                    .put("channel", it.channelId),
            )
        }
        val out = stored.startWrite()
        try {
            out.write(array.toString().toByteArray(Charsets.UTF_8))
            stored.finishWrite(out)
        } catch (e: Exception) {
            stored.failWrite(out)
            throw e
        }
    }
}
