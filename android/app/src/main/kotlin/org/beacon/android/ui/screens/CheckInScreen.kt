package org.beacon.android.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.ListItem
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import org.beacon.android.ui.SectionTitle
import org.beacon.android.ui.Send
import org.beacon.android.ui.formatInstant
import org.beacon.core.types.Event
import org.beacon.core.types.ViewModel as CoreView

private val moods = listOf(1 to "Very low", 2 to "Low", 3 to "Okay", 4 to "Good", 5 to "Very good")

/** Mood 1–5 with an optional word, offline too; the person chooses each time whether their mentor sees it. */
@Composable
fun CheckInScreen(view: CoreView, send: Send) {
    val context = LocalContext.current
    var mood by rememberSaveable { mutableIntStateOf(0) }
    var note by rememberSaveable { mutableStateOf("") }
    var share by rememberSaveable { mutableStateOf(true) }
    LazyColumn(Modifier.fillMaxSize().padding(horizontal = 16.dp)) {
        item {
            SectionTitle("How are you today?")
            Row(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                moods.forEach { (value, label) ->
                    FilterChip(selected = mood == value, onClick = { mood = value }, label = { Text(label) })
                }
            }
            OutlinedTextField(value = note, onValueChange = { note = it }, label = { Text("A word or two (optional)") }, modifier = Modifier.fillMaxWidth())
            Row(verticalAlignment = Alignment.CenterVertically) {
                Switch(checked = share, onCheckedChange = { share = it })
                Text("  My mentor can see this")
            }
            Button(
                onClick = {
                    send(Event.RecordCheckIn(mood = mood.toUByte(), note = note.trim().ifBlank { null }, sharedWithMentor = share))
                    mood = 0
                    note = ""
                },
                enabled = mood in 1..5,
            ) { Text("Check in") }
        }
        view.checkins.sharedTrendForMentor.forEach { trend ->
            item {
                SectionTitle("${trend.menteeName}'s shared check-ins")
                Text(
                    if (trend.recentMoods.isEmpty()) "Nothing shared yet."
                    else "Recent moods: ${trend.recentMoods.joinToString()}" + (trend.average?.let { " (average %.1f)".format(it) } ?: ""),
                )
            }
        }
        item { SectionTitle("Your check-ins") }
        items(view.checkins.mine, key = { it.checkInId.toString() }) { card ->
            ListItem(
                headlineContent = { Text(moods.firstOrNull { it.first == card.mood.toInt() }?.second ?: card.mood.toString()) },
                supportingContent = { card.note?.let { Text(it) } },
                overlineContent = {
                    Text(context.formatInstant(card.recordedAtMs) + (if (card.sharedWithMentor) " · shared" else " · private") + (if (card.pending) " · waiting to sync" else ""))
                },
            )
        }
    }
}
