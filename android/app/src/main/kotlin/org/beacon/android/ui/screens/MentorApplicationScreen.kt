package org.beacon.android.ui.screens

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Slider
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableFloatStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import org.beacon.android.ui.ChoiceChips
import org.beacon.android.ui.SectionTitle
import org.beacon.android.ui.Send
import org.beacon.core.types.ApplicationStatus
import org.beacon.core.types.Event
import org.beacon.core.types.MentorApplication
import org.beacon.core.types.Reference
import org.beacon.core.types.TrainingCompletion
import org.beacon.core.types.ViewModel as CoreView
import java.time.LocalDate
import java.time.ZoneId
import java.util.Locale

/** Apply to mentor (or update the application), see the coordinator's decision, pause matching. */
@Composable
fun MentorApplicationScreen(view: CoreView, send: Send) {
    val current = view.mentoring.application
    val catalog = view.mentoring.catalog
    val a = current?.application
    var areas by rememberSaveable { mutableStateOf(a?.areas.orEmpty().toSet()) }
    var stableSince by rememberSaveable { mutableStateOf(a?.stableSince.orEmpty()) }
    var training by rememberSaveable { mutableStateOf(a?.training.orEmpty().map { it.module }.toSet()) }
    var languages by rememberSaveable { mutableStateOf(a?.languages?.joinToString() ?: Locale.getDefault().language) }
    var formats by rememberSaveable { mutableStateOf(a?.formats.orEmpty().toSet()) }
    var times by rememberSaveable { mutableStateOf(a?.availability?.let(::presetsOf).orEmpty()) }
    var capacity by rememberSaveable { mutableFloatStateOf(a?.capacity?.toFloat() ?: 2f) }
    var bio by rememberSaveable { mutableStateOf(a?.bio.orEmpty()) }
    var refName by rememberSaveable { mutableStateOf(a?.references?.firstOrNull()?.name.orEmpty()) }
    var refContact by rememberSaveable { mutableStateOf(a?.references?.firstOrNull()?.contact.orEmpty()) }

    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp)) {
        current?.let {
            Text(
                when (it.status) {
                    ApplicationStatus.PENDING -> "Waiting for a coordinator to review."
                    ApplicationStatus.APPROVED -> "Approved — you can be matched."
                    ApplicationStatus.DECLINED -> "Not approved."
                    ApplicationStatus.WITHDRAWN -> "Approval withdrawn."
                } + if (it.pending) " (waiting to sync)" else "",
            )
            it.reason?.let { reason -> Text(reason) }
            if (it.status == ApplicationStatus.APPROVED) {
                Text("Pause new matches")
                Switch(checked = it.paused, onCheckedChange = { on -> send(Event.SetMentorPaused(paused = on)) })
            }
        }
        SectionTitle("Lived experience")
        ChoiceChips(catalog.areas, areas, { it }) { areas = it }
        OutlinedTextField(
            value = stableSince,
            onValueChange = { stableSince = it },
            label = { Text("Stable in recovery since (YYYY-MM-DD)") },
            modifier = Modifier.fillMaxWidth(),
        )
        SectionTitle("Training completed")
        ChoiceChips(catalog.trainingModules, training, { it }) { training = it }
        SectionTitle("Languages")
        ListField(languages, "Languages (e.g. en, es)") { languages = it }
        SectionTitle("How you can meet")
        ChoiceChips(formatLabels.map { it.first }, formats, ::labelOf) { formats = it }
        SectionTitle("When you're free")
        ChoiceChips(AvailabilityPreset.entries, times, { it.label }) { times = it }
        SectionTitle("At most ${capacity.toInt()} mentees at once")
        Slider(value = capacity, onValueChange = { capacity = it }, valueRange = 1f..10f, steps = 8)
        OutlinedTextField(value = bio, onValueChange = { bio = it }, label = { Text("About you (mentees see this)") }, minLines = 4, modifier = Modifier.fillMaxWidth())
        SectionTitle("A reference (only the coordinator sees it)")
        OutlinedTextField(value = refName, onValueChange = { refName = it }, label = { Text("Name") }, modifier = Modifier.fillMaxWidth())
        OutlinedTextField(value = refContact, onValueChange = { refContact = it }, label = { Text("Phone or email") }, modifier = Modifier.fillMaxWidth())
        Button(
            onClick = {
                // Completion dates already given are kept; newly ticked modules are dated today.
                val today = LocalDate.now().toString()
                val known = a?.training.orEmpty().associateBy { it.module }
                send(
                    Event.SubmitMentorApplication(
                        application = MentorApplication(
                            areas = areas.toList(),
                            stableSince = stableSince.trim(),
                            training = training.map { known[it] ?: TrainingCompletion(module = it, completedOn = today) },
                            references = if (refName.isBlank()) emptyList() else listOf(Reference(name = refName.trim(), contact = refContact.trim())),
                            languages = splitList(languages),
                            formats = formats.toList(),
                            availability = times.flatMap { it.slots() },
                            timeZone = ZoneId.systemDefault().id,
                            location = a?.location,
                            capacity = capacity.toInt().toUInt(),
                            bio = bio.trim(),
                            identity = a?.identity,
                            strengths = a?.strengths.orEmpty(),
                        ),
                    ),
                )
            },
            modifier = Modifier.fillMaxWidth().padding(top = 16.dp),
        ) { Text(if (current == null) "Apply" else "Update application") }
    }
}
