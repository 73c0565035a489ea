package org.beacon.android.ui.screens

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.ListItem
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import org.beacon.android.ui.SectionTitle
import org.beacon.android.ui.Send
import org.beacon.core.types.Event
import org.beacon.core.types.OccurrenceStatus
import org.beacon.core.types.Recurrence
import org.beacon.core.types.SessionAction
import org.beacon.core.types.SessionMeeting
import org.beacon.core.types.ViewModel as CoreView
import java.util.UUID

/** Upcoming sessions in the phone's zone and proposals waiting for this person (all from the core). */
@Composable
fun SessionsScreen(view: CoreView, send: Send, openSeries: (String) -> Unit) {
    val sessions = view.sessions
    LazyColumn(Modifier.fillMaxSize().padding(horizontal = 16.dp)) {
        if (sessions.awaitingMyAcceptance.isNotEmpty()) item { SectionTitle("Waiting for you") }
        items(sessions.awaitingMyAcceptance, key = { "p" + it.seriesId }) { card ->
            ListItem(
                headlineContent = { Text("${card.withName}: ${card.schedule}") },
                supportingContent = { Text(listOfNotNull(card.first?.label, card.format).joinToString(" · ")) },
                trailingContent = {
                    TextButton(onClick = { send(Event.ActOnSession(seriesId = card.seriesId, action = SessionAction.Accept)) }) { Text("Accept") }
                },
                modifier = Modifier.clickable { openSeries(card.seriesId.toString()) },
            )
        }
        item { SectionTitle("Next two weeks") }
        if (sessions.upcoming.isEmpty()) item { Text("Nothing planned. Plan a session from your match's page.") }
        items(sessions.upcoming, key = { it.seriesId.toString() + it.occurrenceKey }) { s ->
            ListItem(
                headlineContent = { Text("${s.starts.label} with ${s.withName}") },
                supportingContent = {
                    Text(listOfNotNull(s.format, statusLabel(s.status), if (s.moved) "moved" else null, if (s.pending) "waiting to sync" else null).joinToString(" · "))
                },
                modifier = Modifier.clickable { openSeries(s.seriesId.toString()) },
            )
        }
    }
}

private fun statusLabel(status: OccurrenceStatus): String? = when (status) {
    OccurrenceStatus.SCHEDULED -> null
    OccurrenceStatus.HELD -> "held"
    OccurrenceStatus.MISSED -> "missed"
    OccurrenceStatus.CANCELLED -> "cancelled"
}

/** One series: its occurrences and the actions the core allows on each. */
@Composable
fun SessionDetailScreen(view: CoreView, send: Send, seriesId: String, openNote: (String) -> Unit) {
    val id = runCatching { UUID.fromString(seriesId) }.getOrNull() ?: return
    val startNote = rememberStartNote(view, send, openNote)
    DisposableEffect(id) {
        send(Event.OpenSession(seriesId = id, occurrenceKey = null))
        onDispose { send(Event.CloseSession) }
    }
    val detail = view.sessions.detail?.takeIf { it.seriesId == id } ?: return
    var cancelling by rememberSaveable { mutableStateOf<String?>(null) }
    LazyColumn(Modifier.fillMaxSize().padding(horizontal = 16.dp)) {
        item {
            Text("With ${detail.withName}")
            Text(detail.schedule)
            Text(detail.formatSummary)
            detail.cancelReason?.let { Text("Cancelled: $it") }
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                if (detail.canAccept) Button(onClick = { send(Event.ActOnSession(id, SessionAction.Accept)) }) { Text("Accept") }
                if (detail.canCancelSeries) TextButton(onClick = { cancelling = "" }) { Text("Cancel all") }
                // Notes on this series (or the occurrence it was opened on), about this match.
                TextButton(onClick = { startNote(detail.relationshipId, detail.seriesId, detail.selected) }) { Text("Write a note") }
            }
            SectionTitle("Sessions")
        }
        items(detail.occurrences, key = { it.occurrenceKey }) { o ->
            ListItem(
                headlineContent = { Text(o.starts.label) },
                supportingContent = { Text(listOfNotNull(statusLabel(o.status), o.cancelReason).joinToString(" · ")) },
                trailingContent = {
                    Row {
                        if (o.canMark) {
                            TextButton(onClick = { send(Event.ActOnSession(id, SessionAction.MarkHeld(occurrenceKey = o.occurrenceKey))) }) { Text("Held") }
                            TextButton(onClick = { send(Event.ActOnSession(id, SessionAction.MarkMissed(occurrenceKey = o.occurrenceKey))) }) { Text("Missed") }
                        }
                        if (o.canCancel) TextButton(onClick = { cancelling = o.occurrenceKey }) { Text("Cancel") }
                    }
                },
            )
        }
    }
    cancelling?.let { key ->
        TextDialog("Cancel", "Reason (both of you see it)", onDismiss = { cancelling = null }) { reason ->
            val action = if (key.isEmpty()) SessionAction.Cancel(reason = reason)
            else SessionAction.CancelOccurrence(occurrenceKey = key, reason = reason)
            send(Event.ActOnSession(id, action))
        }
    }
}

/** Propose a session (or a series) in a match; the core checks the time, place or link. */
@Composable
fun ProposeSessionScreen(send: Send, relationshipId: String, done: () -> Unit) {
    val id = runCatching { UUID.fromString(relationshipId) }.getOrNull() ?: return
    var start by rememberSaveable { mutableStateOf("") }
    var minutes by rememberSaveable { mutableStateOf("60") }
    var kind by rememberSaveable { mutableStateOf("phone") }
    var where by rememberSaveable { mutableStateOf("") }
    var recurrence by rememberSaveable { mutableStateOf(Recurrence.ONCE) }
    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp)) {
        OutlinedTextField(
            value = start,
            onValueChange = { start = it },
            label = { Text("Date and time (2026-03-10T18:00)") },
            modifier = Modifier.fillMaxWidth(),
        )
        OutlinedTextField(value = minutes, onValueChange = { minutes = it }, label = { Text("Minutes") })
        SectionTitle("How")
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            listOf("in_person" to "In person", "phone" to "Phone", "video" to "Video", "messaging" to "Messages").forEach { (value, label) ->
                FilterChip(selected = kind == value, onClick = { kind = value }, label = { Text(label) })
            }
        }
        if (kind == "in_person" || kind == "video") {
            OutlinedTextField(
                value = where,
                onValueChange = { where = it },
                label = { Text(if (kind == "video") "Video link (https://…)" else "Place") },
                modifier = Modifier.fillMaxWidth(),
            )
        }
        SectionTitle("Repeats")
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            listOf(Recurrence.ONCE to "Once", Recurrence.WEEKLY to "Weekly", Recurrence.FORTNIGHTLY to "Fortnightly", Recurrence.MONTHLY to "Monthly").forEach { (value, label) ->
                FilterChip(selected = recurrence == value, onClick = { recurrence = value }, label = { Text(label) })
            }
        }
        Button(
            onClick = {
                val format = when (kind) {
                    "in_person" -> SessionMeeting.InPerson(place = where.trim())
                    "video" -> SessionMeeting.Video(link = where.trim())
                    "messaging" -> SessionMeeting.Messaging
                    else -> SessionMeeting.Phone
                }
                send(
                    Event.ProposeSession(
                        relationshipId = id,
                        format = format,
                        start = start.trim(),
                        timeZone = null,
                        durationMinutes = (minutes.toIntOrNull() ?: 0).toUShort(),
                        recurrence = recurrence,
                    ),
                )
                done()
            },
            modifier = Modifier.padding(top = 16.dp),
        ) { Text("Propose") }
    }
}
