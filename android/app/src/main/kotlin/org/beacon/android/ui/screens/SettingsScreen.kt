package org.beacon.android.ui.screens

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.FilterChip
import androidx.compose.material3.TimePicker
import androidx.compose.material3.rememberTimePickerState
import androidx.compose.material3.ListItem
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.foundation.clickable
import androidx.compose.material3.MaterialTheme
import androidx.compose.ui.platform.LocalContext
import android.text.format.DateFormat
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.beacon.android.lock.AppLock
import org.beacon.android.ui.SectionTitle
import org.beacon.android.ui.Send
import org.beacon.android.ui.formatRelative
import org.beacon.core.types.Event
import org.beacon.core.types.QuietHoursChange
import org.beacon.core.types.RemindersView
import org.beacon.core.types.ViewModel as CoreView

/**
 * Account settings from the core (synced to every device), the device list, and this phone's own
 * app lock (local: it is about this device, so it is not an account setting).
 */
@Composable
fun SettingsScreen(view: CoreView, send: Send, appLock: AppLock, onEnableLock: () -> Unit) {
    val settings = view.account?.settings
    val lock by appLock.state.collectAsStateWithLifecycle()
    LaunchedEffect(Unit) { send(Event.RefreshDevices) }
    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(horizontal = 16.dp)) {
        SectionTitle("Privacy")
        settings?.let {
            ListItem(
                headlineContent = { Text("Discreet notifications") },
                supportingContent = { Text("No names or times on the lock screen") },
                trailingContent = {
                    Switch(checked = it.discreetNotifications, onCheckedChange = { on ->
                        send(Event.ChangeSettings(discreetNotifications = on, readReceipts = null))
                    })
                },
            )
            ListItem(
                headlineContent = { Text("Read receipts") },
                supportingContent = { Text("Let others see when you have read their messages") },
                trailingContent = {
                    Switch(checked = it.readReceipts, onCheckedChange = { on ->
                        send(Event.ChangeSettings(discreetNotifications = null, readReceipts = on))
                    })
                },
            )
        }
        ListItem(
            headlineContent = { Text("App lock") },
            supportingContent = {
                Text(if (appLock.canAuthenticate()) "Ask for your fingerprint, face or screen lock" else "Set up a screen lock on this phone first")
            },
            trailingContent = {
                Switch(checked = lock.enabled, enabled = appLock.canAuthenticate() || lock.enabled, onCheckedChange = { on ->
                    if (on) onEnableLock() else appLock.setEnabled(false)
                })
            },
        )
        if (lock.enabled) {
            Text("Lock after leaving the app for:")
            androidx.compose.foundation.layout.Row {
                AppLock.TIMEOUT_CHOICES_MS.forEach { ms ->
                    FilterChip(
                        selected = lock.timeoutMs == ms,
                        onClick = { appLock.setTimeout(ms) },
                        label = { Text(if (ms == 0L) "At once" else "${ms / 60_000} min") },
                        modifier = Modifier.padding(end = 8.dp),
                    )
                }
            }
        }

        RemindersSection(view.reminders, send)

        SectionTitle("Devices")
        view.devices.forEach { device ->
            ListItem(
                headlineContent = { Text(device.name + if (device.thisDevice) " (this phone)" else "") },
                supportingContent = { Text("Last seen ${formatRelative(device.lastSeenAtMs)}") },
                trailingContent = {
                    if (!device.thisDevice) TextButton(onClick = { send(Event.RevokeDevice(deviceId = device.deviceId)) }) { Text("Sign out") }
                },
            )
        }

        SectionTitle("Account")
        view.account?.let { Text(it.email) }
        TextButton(onClick = { send(Event.SyncNow) }) { Text("Sync now") }
        OutlinedButton(onClick = { send(Event.LogOut) }, modifier = Modifier.padding(vertical = 16.dp)) { Text("Sign out") }
    }
}

/** Which time the dialog is choosing. */
private enum class TimeChoice { QUIET_FROM, QUIET_UNTIL, CHECK_IN }

/**
 * Quiet hours and the check-in reminder (account settings, synced; queued offline), and the next
 * reminders this phone will show — all from the core's `RemindersView`. The core computes the
 * reminder set (and moves reminders out of quiet hours); the phone only schedules it.
 */
@Composable
private fun RemindersSection(reminders: RemindersView, send: Send) {
    var choosing by remember { mutableStateOf<TimeChoice?>(null) }
    val quiet = reminders.quietHours
    val change = { quietHours: QuietHoursChange?, checkinPrompt: Boolean?, checkinPromptMinute: UShort? ->
        send(
            Event.ChangeReminderSettings(
                quietHours = quietHours,
                checkinPrompt = checkinPrompt,
                checkinPromptMinute = checkinPromptMinute,
                discreetNotifications = null,
            ),
        )
    }

    SectionTitle("Reminders")
    ListItem(
        headlineContent = { Text("Quiet hours") },
        supportingContent = { Text(quiet?.label ?: "No reminders during these hours; they wait until the quiet time ends") },
        trailingContent = {
            Switch(checked = quiet != null, onCheckedChange = { on ->
                // A starting point the person then adjusts; the core keeps whatever is chosen.
                change(if (on) QuietHoursChange.Set(startMinute = (22 * 60).toUShort(), endMinute = (7 * 60).toUShort()) else QuietHoursChange.Off, null, null)
            })
        },
    )
    if (quiet != null) {
        ListItem(
            headlineContent = { Text("From") },
            trailingContent = { Text(clock(quiet.startMinute)) },
            modifier = Modifier.clickable { choosing = TimeChoice.QUIET_FROM },
        )
        ListItem(
            headlineContent = { Text("Until") },
            trailingContent = { Text(clock(quiet.endMinute)) },
            modifier = Modifier.clickable { choosing = TimeChoice.QUIET_UNTIL },
        )
    }
    ListItem(
        headlineContent = { Text("Remind me to check in") },
        supportingContent = { Text("When a check-in is due (every ${reminders.checkinEveryDays} days)") },
        trailingContent = {
            Switch(checked = reminders.checkinPrompt, onCheckedChange = { on -> change(null, on, null) })
        },
    )
    if (reminders.checkinPrompt) {
        ListItem(
            headlineContent = { Text("At") },
            trailingContent = { Text(reminders.checkinPromptTime) },
            modifier = Modifier.clickable { choosing = TimeChoice.CHECK_IN },
        )
    }
    if (reminders.pending) Text("Waiting to sync", style = MaterialTheme.typography.bodySmall)
    Text("Times are in ${reminders.timeZone}.", style = MaterialTheme.typography.bodySmall)
    if (reminders.next.isNotEmpty()) {
        SectionTitle("Next reminders")
        reminders.next.forEach { reminder ->
            ListItem(
                headlineContent = { Text(reminder.title) },
                supportingContent = { Text("${reminder.at.label} · ${reminder.body}") },
            )
        }
    }

    when (choosing) {
        TimeChoice.QUIET_FROM -> quiet?.let {
            MinuteOfDayDialog("Quiet from", it.startMinute, onDismiss = { choosing = null }) { minute ->
                change(QuietHoursChange.Set(startMinute = minute, endMinute = it.endMinute), null, null)
            }
        }
        TimeChoice.QUIET_UNTIL -> quiet?.let {
            MinuteOfDayDialog("Quiet until", it.endMinute, onDismiss = { choosing = null }) { minute ->
                change(QuietHoursChange.Set(startMinute = it.startMinute, endMinute = minute), null, null)
            }
        }
        TimeChoice.CHECK_IN -> MinuteOfDayDialog("Check-in reminder at", reminders.checkinPromptMinute, onDismiss = { choosing = null }) { minute ->
            change(null, null, minute)
        }
        null -> Unit
    }
}

/** Minute of the day as "07:30" (the core's own labels are used wherever it gives one). */
private fun clock(minute: UShort): String {
    val m = minute.toInt() % (24 * 60)
    return "%02d:%02d".format(m / 60, m % 60)
}

@OptIn(ExperimentalMaterial3Api::class)
@Composable
private fun MinuteOfDayDialog(title: String, initial: UShort, onDismiss: () -> Unit, onConfirm: (UShort) -> Unit) {
    val context = LocalContext.current
    val start = initial.toInt() % (24 * 60)
    val state = rememberTimePickerState(
        initialHour = start / 60,
        initialMinute = start % 60,
        is24Hour = DateFormat.is24HourFormat(context),
    )
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(title) },
        text = { TimePicker(state = state) },
        confirmButton = {
            TextButton(onClick = {
                onConfirm((state.hour * 60 + state.minute).toUShort())
                onDismiss()
            }) { Text("OK") }
        },
        dismissButton = { TextButton(onClick = onDismiss) { Text("Cancel") } },
    )
}
