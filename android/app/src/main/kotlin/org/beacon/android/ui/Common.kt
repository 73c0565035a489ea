package org.beacon.android.ui

import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.net.Uri
import android.text.format.DateUtils
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.navigationBarsPadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Call
import androidx.compose.material.icons.filled.Check
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Card
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.FilterChip
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.ModalBottomSheet
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.rememberModalBottomSheetState
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import org.beacon.core.types.Connection
import org.beacon.core.types.CrisisPromptView
import org.beacon.core.types.CrisisResource
import org.beacon.core.types.SyncView

/** Peer support is not treatment; said wherever crisis help is offered. */
const val NOT_AN_EMERGENCY_SERVICE =
    "Beacon is peer support, not treatment or an emergency service. If you are in danger now, call your local emergency number."

/** The persistent "get help now" action, in every top bar (also signed out and on the lock screen). */
@Composable
fun CrisisAction(onClick: () -> Unit) {
    TextButton(onClick = onClick) {
        Icon(Icons.Filled.Call, contentDescription = null, tint = MaterialTheme.colorScheme.error)
        Spacer(Modifier.size(4.dp))
        Text("Help now", color = MaterialTheme.colorScheme.error)
    }
}

/** Crisis resources for the person's locale, from the core (kept on the device, so offline too). */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun CrisisSheet(resources: List<CrisisResource>, onDismiss: () -> Unit) {
    ModalBottomSheet(onDismissRequest = onDismiss, sheetState = rememberModalBottomSheetState(skipPartiallyExpanded = true)) {
        Column(Modifier.padding(horizontal = 24.dp).navigationBarsPadding()) {
            Text("Help right now", style = MaterialTheme.typography.headlineSmall)
            Spacer(Modifier.height(8.dp))
            Text(NOT_AN_EMERGENCY_SERVICE, style = MaterialTheme.typography.bodyMedium)
            Spacer(Modifier.height(16.dp))
            CrisisResourceList(resources)
            Spacer(Modifier.height(24.dp))
        }
    }
}

@Composable
fun CrisisResourceList(resources: List<CrisisResource>) {
    val context = LocalContext.current
    if (resources.isEmpty()) {
        Text("Call your local emergency number, or go to the nearest emergency department.")
        return
    }
    LazyColumn(verticalArrangement = Arrangement.spacedBy(12.dp)) {
        items(resources) { resource ->
            Card(Modifier.fillMaxWidth()) {
                Column(Modifier.padding(16.dp)) {
                    Text(resource.name, style = MaterialTheme.typography.titleMedium)
                    Text(resource.hours, style = MaterialTheme.typography.bodySmall)
                    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        resource.phone?.let { phone ->
                            OutlinedButton(onClick = { context.open(Intent(Intent.ACTION_DIAL, Uri.fromParts("tel", phone, null))) }) {
                                Text("Call $phone")
                            }
                        }
                        resource.sms?.let { sms ->
                            OutlinedButton(onClick = { context.open(Intent(Intent.ACTION_SENDTO, Uri.fromParts("smsto", sms, null))) }) {
                                Text("Text")
                            }
                        }
                        resource.url?.let { url ->
                            OutlinedButton(onClick = { context.open(Intent(Intent.ACTION_VIEW, Uri.parse(url))) }) {
                                Text("Website")
                            }
                        }
                    }
                }
            }
        }
    }
}

/** Shown over everything when the core held back a message that reads as a crisis. */
@Composable
fun CrisisPromptDialog(prompt: CrisisPromptView, onAnswer: (send: Boolean) -> Unit) {
    AlertDialog(
        onDismissRequest = { onAnswer(false) },
        title = { Text("You don't have to go through this alone") },
        text = {
            Column {
                Text("It sounds like things may be very hard right now. These people can help straight away:")
                Spacer(Modifier.height(12.dp))
                Column(Modifier.height(280.dp)) { CrisisResourceList(prompt.resources) }
            }
        },
        confirmButton = { TextButton(onClick = { onAnswer(true) }) { Text("Send my message") } },
        dismissButton = { TextButton(onClick = { onAnswer(false) }) { Text("Not now") } },
    )
}

/** Online / offline / waiting changes, from the core's sync view. */
@Composable
fun SyncIndicator(sync: SyncView) {
    val text = when (sync.connection) {
        Connection.OFFLINE -> "Offline"
        Connection.CONNECTING -> "Connecting…"
        Connection.ONLINE, Connection.IDLE -> null
    }
    val pending = sync.pendingChanges.toLong()
    Row(verticalAlignment = Alignment.CenterVertically) {
        if (sync.syncing) CircularProgressIndicator(Modifier.size(16.dp), strokeWidth = 2.dp)
        val label = listOfNotNull(text, if (pending > 0) "$pending waiting" else null).joinToString(" · ")
        if (label.isNotEmpty()) {
            Text(label, style = MaterialTheme.typography.labelSmall, modifier = Modifier.padding(horizontal = 4.dp))
        }
    }
}

/** Multi-select chips (areas, formats, languages …): the choices come from the core's view. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun <T> ChoiceChips(choices: List<T>, selected: Set<T>, label: (T) -> String, onChange: (Set<T>) -> Unit) {
    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        choices.forEach { choice ->
            val on = choice in selected
            FilterChip(
                selected = on,
                onClick = { onChange(if (on) selected - choice else selected + choice) },
                label = { Text(label(choice)) },
                leadingIcon = if (on) ({ Icon(Icons.Filled.Check, contentDescription = null) }) else null,
            )
        }
    }
}

@Composable
fun SectionTitle(text: String) {
    Text(text, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(top = 16.dp, bottom = 8.dp))
}

/** "Tue 10 Mar, 14:00" in the phone's locale and zone. */
fun Context.formatInstant(ms: Long): String =
    DateUtils.formatDateTime(
        this,
        ms,
        DateUtils.FORMAT_SHOW_DATE or DateUtils.FORMAT_SHOW_TIME or DateUtils.FORMAT_ABBREV_ALL or DateUtils.FORMAT_SHOW_WEEKDAY,
    )

/** "5 minutes ago". */
fun formatRelative(ms: Long): String =
    DateUtils.getRelativeTimeSpanString(ms, System.currentTimeMillis(), DateUtils.MINUTE_IN_MILLIS).toString()

private fun Context.open(intent: Intent) {
    try {
        startActivity(intent)
    } catch (_: ActivityNotFoundException) {
        // No dialler or browser (tablets): the number and name stay on screen to read.
    }
}
