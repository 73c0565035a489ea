package org.beacon.android.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ElevatedCard
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import org.beacon.android.ui.ChoiceChips
import org.beacon.android.ui.Send
import org.beacon.android.ui.SectionTitle
import org.beacon.core.types.Event
import org.beacon.core.types.MenteeRequest
import org.beacon.core.types.ProposalCard
import org.beacon.core.types.SessionFormat
import org.beacon.core.types.ViewModel as CoreView
import java.time.ZoneId
import java.util.Locale

/**
 * A mentee says what they are looking for, then sees the core's ranked proposals, each with its
 * plain-language explanation, and asks one mentor.
 */
@Composable
fun FindMentorScreen(view: CoreView, send: Send) {
    val mentoring = view.mentoring
    var editing by rememberSaveable { mutableStateOf(false) }
    val request = mentoring.request
    if (request == null || editing) {
        RequestForm(view, request, send) { editing = false }
        return
    }
    LaunchedEffect(request) { send(Event.LoadProposals) }
    LazyColumn(Modifier.fillMaxSize().padding(horizontal = 16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        item {
            if (mentoring.proposalsLoading) LinearProgressIndicator(Modifier.fillMaxWidth())
            TextButton(onClick = { editing = true }) { Text("Change what I'm looking for") }
        }
        if (!mentoring.proposalsLoading && mentoring.proposals.isEmpty()) {
            item { Text("No mentor fits right now. Try widening your times or languages, or check again later.") }
        }
        items(mentoring.proposals, key = { it.mentorId.toString() }) { card ->
            Proposal(card) { send(Event.RequestMentor(mentorId = card.mentorId)) }
        }
    }
}

@Composable
private fun Proposal(card: ProposalCard, onRequest: () -> Unit) {
    val mentor = card.mentor
    ElevatedCard(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(mentor.displayName, style = MaterialTheme.typography.titleMedium)
            Text(card.explanation, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.primary)
            if (mentor.bio.isNotBlank()) Text(mentor.bio)
            Text("Meets by: ${mentor.formats.joinToString { labelOf(it) }}", style = MaterialTheme.typography.bodySmall)
            mentor.city?.let { Text("Around $it", style = MaterialTheme.typography.bodySmall) }
            Button(onClick = onRequest) { Text("Ask ${mentor.displayName}") }
        }
    }
}

@Composable
private fun RequestForm(view: CoreView, current: MenteeRequest?, send: Send, done: () -> Unit) {
    val catalog = view.mentoring.catalog
    var areas by rememberSaveable { mutableStateOf(current?.areas.orEmpty().toSet()) }
    var goals by rememberSaveable { mutableStateOf(current?.goals.orEmpty()) }
    var languages by rememberSaveable {
        mutableStateOf(current?.languages?.joinToString() ?: Locale.getDefault().language)
    }
    var formats by rememberSaveable { mutableStateOf(current?.formats.orEmpty().toSet()) }
    var times by rememberSaveable { mutableStateOf(current?.availability?.let(::presetsOf).orEmpty()) }
    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp)) {
        Text("Tell us what would help. Share only what you are comfortable with.")
        SectionTitle("Lived experience you'd like them to share")
        ChoiceChips(catalog.areas, areas, { it }) { areas = it }
        SectionTitle("Your goals")
        OutlinedTextField(value = goals, onValueChange = { goals = it }, minLines = 3, modifier = Modifier.fillMaxWidth())
        SectionTitle("Languages")
        ListField(languages, "Languages (e.g. en, es)") { languages = it }
        SectionTitle("How you'd like to meet")
        ChoiceChips(formatLabels.map { it.first }, formats, ::labelOf) { formats = it }
        SectionTitle("When you're free")
        ChoiceChips(AvailabilityPreset.entries, times, { it.label }) { times = it }
        Button(
            onClick = {
                send(
                    Event.SubmitMenteeRequest(
                        request = MenteeRequest(
                            areas = areas.toList(),
                            goals = goals.trim(),
                            goalTags = current?.goalTags.orEmpty(),
                            languages = splitList(languages),
                            formats = formats.toList(),
                            availability = times.flatMap { it.slots() },
                            timeZone = ZoneId.systemDefault().id,
                            preferences = current?.preferences,
                            location = current?.location,
                        ),
                    ),
                )
                done()
            },
            modifier = Modifier.fillMaxWidth().padding(top = 16.dp),
        ) { Text("Find mentors") }
    }
}
