package org.beacon.android.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import org.beacon.android.ui.Send
import org.beacon.android.ui.SectionTitle
import org.beacon.android.ui.formatInstant
import org.beacon.core.types.Action
import org.beacon.core.types.ActionKind
import org.beacon.core.types.Actor
import org.beacon.core.types.Cadence
import org.beacon.core.types.CloseReason
import org.beacon.core.types.Event
import org.beacon.core.types.RelationshipCard
import org.beacon.core.types.RelationshipState
import org.beacon.core.types.ViewModel as CoreView

/** A request or a match: who, the agreement, and the actions the core says are available now. */
@Composable
fun RelationshipScreen(
    view: CoreView,
    send: Send,
    relationshipId: String,
    openChat: (String) -> Unit,
    proposeSession: (String) -> Unit,
) {
    val card = view.mentoring.relationships.firstOrNull { it.relationshipId.toString() == relationshipId }
    if (card == null) {
        Text("This match is no longer here.", Modifier.padding(16.dp))
        return
    }
    val context = LocalContext.current
    var dialog by rememberSaveable { mutableStateOf<String?>(null) }
    val act = { action: Action -> send(Event.ActOnRelationship(relationshipId = card.relationshipId, action = action)) }

    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp)) {
        Text(card.counterpartName, style = MaterialTheme.typography.headlineSmall)
        Text(stateLabel(card.state) + if (card.pending) " · waiting to sync" else "")
        if (card.state == RelationshipState.REQUESTED) {
            Text("An answer is due by ${context.formatInstant(card.respondByMs)}.", style = MaterialTheme.typography.bodySmall)
        }
        card.closureMessage?.let { Text(it, Modifier.padding(top = 8.dp)) }

        card.mentorProfile?.let { mentor ->
            SectionTitle("About ${mentor.displayName}")
            Text(mentor.bio)
            Text("Lived experience: ${mentor.areas.joinToString()}")
            Text("Languages: ${mentor.languages.joinToString()}")
        }
        card.menteeRequest?.let { request ->
            SectionTitle("What they are looking for")
            if (request.goals.isNotBlank()) Text(request.goals)
            if (request.areas.isNotEmpty()) Text("Lived experience: ${request.areas.joinToString()}")
            Text("Languages: ${request.languages.joinToString()}")
        }

        if (card.state != RelationshipState.REQUESTED) Agreement(card)

        SectionTitle("Actions")
        ActionButtons(card, act, onDialog = { dialog = it })
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp), modifier = Modifier.padding(top = 8.dp)) {
            OutlinedButton(onClick = { openChat(relationshipId) }) { Text("Messages") }
            if (card.state == RelationshipState.ACTIVE) {
                OutlinedButton(onClick = { proposeSession(relationshipId) }) { Text("Plan a session") }
            }
        }
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            if (card.myRole == Actor.MENTOR) TextButton(onClick = { dialog = "concern" }) { Text("Raise a concern") }
            TextButton(onClick = { dialog = "report" }) { Text("Report") }
        }
    }

    when (dialog) {
        "decline" -> TextDialog("Decline this request", "Reason (only the coordinator sees it, optional)", optional = true, onDismiss = { dialog = null }) {
            act(Action.Decline(reason = it.ifBlank { null }))
        }
        "change" -> TextDialog("Ask for a different mentor", "Why? Only the coordinator sees this.", onDismiss = { dialog = null }) {
            act(Action.RequestChange(reason = it))
        }
        "block" -> TextDialog("Block", "Why? Only the coordinator sees this.", onDismiss = { dialog = null }) {
            act(Action.Block(reason = it))
        }
        "close" -> CloseDialog(onDismiss = { dialog = null }) { reason, note -> act(Action.Close(reason = reason, note = note)) }
        "concern" -> TextDialog("Raise a concern", "Tell the coordinator what worries you, in your own words.", onDismiss = { dialog = null }) {
            send(Event.RaiseConcern(relationshipId = card.relationshipId, text = it))
        }
        "report" -> ReportDialog(onDismiss = { dialog = null }) { text, block ->
            send(Event.ReportMember(relationshipId = card.relationshipId, text = text, block = block))
        }
    }
}

@Composable
private fun Agreement(card: RelationshipCard) {
    val agreement = card.agreement
    SectionTitle("Our agreement")
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(
                "We aim to meet " + when (agreement.cadence) {
                    Cadence.WEEKLY -> "every week."
                    Cadence.FORTNIGHTLY -> "every two weeks."
                    Cadence.MONTHLY -> "every month."
                },
            )
            Text(agreement.confidentiality)
            Text(agreement.confidentialityLimits)
            Text(card.notTreatmentStatement, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.primary)
            Text(
                (if (card.iAcknowledged) "You have agreed." else "You have not agreed yet.") + " " +
                    (if (card.theyAcknowledged) "${card.counterpartName} has agreed." else "${card.counterpartName} has not agreed yet."),
                style = MaterialTheme.typography.bodySmall,
            )
        }
    }
}

/** One button per action the core allows now; the core checks again and explains a refusal. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun ActionButtons(card: RelationshipCard, act: (Action) -> Unit, onDialog: (String) -> Unit) {
    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        card.availableActions.forEach { kind ->
            when (kind) {
                ActionKind.ACCEPT -> Button(onClick = { act(Action.Accept) }) { Text("Accept") }
                ActionKind.DECLINE -> OutlinedButton(onClick = { onDialog("decline") }) { Text("Decline") }
                ActionKind.WITHDRAW -> OutlinedButton(onClick = { act(Action.Withdraw) }) { Text("Withdraw request") }
                ActionKind.ACKNOWLEDGE_AGREEMENT -> Button(onClick = {
                    act(Action.AcknowledgeAgreement(agreementVersion = card.agreement.version))
                }) { Text("I agree") }
                ActionKind.PAUSE -> OutlinedButton(onClick = { act(Action.Pause(until = null)) }) { Text("Pause") }
                ActionKind.RESUME -> Button(onClick = { act(Action.Resume) }) { Text("Resume") }
                ActionKind.CLOSE -> OutlinedButton(onClick = { onDialog("close") }) { Text("End the match") }
                ActionKind.REQUEST_CHANGE -> OutlinedButton(onClick = { onDialog("change") }) { Text("Ask for a different mentor") }
                ActionKind.BLOCK -> OutlinedButton(onClick = { onDialog("block") }) { Text("Block") }
                ActionKind.EXPIRE -> Unit
            }
        }
    }
}

@Composable
fun TextDialog(title: String, label: String, optional: Boolean = false, onDismiss: () -> Unit, onConfirm: (String) -> Unit) {
    var text by remember { mutableStateOf("") }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(title) },
        text = { OutlinedTextField(value = text, onValueChange = { text = it }, label = { Text(label) }, minLines = 3) },
        confirmButton = {
            TextButton(onClick = { onConfirm(text.trim()); onDismiss() }, enabled = optional || text.isNotBlank()) { Text("Send") }
        },
        dismissButton = { TextButton(onClick = onDismiss) { Text("Cancel") } },
    )
}

private val participantCloseReasons = listOf(
    CloseReason.GOALS_REACHED to "Goals reached",
    CloseReason.NO_LONGER_NEEDED to "No longer needed",
    CloseReason.NOT_A_GOOD_FIT to "Not a good fit",
    CloseReason.LOST_CONTACT to "Lost contact",
    CloseReason.CIRCUMSTANCES to "Circumstances changed",
    CloseReason.SAFETY_CONCERN to "A safety concern",
    CloseReason.OTHER to "Something else",
    CloseReason.UNSPECIFIED to "Prefer not to say",
)

@Composable
private fun CloseDialog(onDismiss: () -> Unit, onConfirm: (CloseReason, String?) -> Unit) {
    var reason by remember { mutableStateOf(CloseReason.UNSPECIFIED) }
    var note by remember { mutableStateOf("") }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text("End the match") },
        text = {
            Column {
                participantCloseReasons.forEach { (value, label) ->
                    Row(verticalAlignment = Alignment.CenterVertically) {
                        RadioButton(selected = reason == value, onClick = { reason = value })
                        Text(label)
                    }
                }
                OutlinedTextField(value = note, onValueChange = { note = it }, label = { Text("Note for the coordinator (optional)") })
            }
        },
        confirmButton = { TextButton(onClick = { onConfirm(reason, note.trim().ifBlank { null }); onDismiss() }) { Text("End") } },
        dismissButton = { TextButton(onClick = onDismiss) { Text("Cancel") } },
    )
}

@Composable
private fun ReportDialog(onDismiss: () -> Unit, onConfirm: (String, Boolean) -> Unit) {
    var text by remember { mutableStateOf("") }
    var block by remember { mutableStateOf(false) }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text("Report to the coordinator") },
        text = {
            Column {
                OutlinedTextField(value = text, onValueChange = { text = it }, label = { Text("What happened?") }, minLines = 3)
                Row(verticalAlignment = Alignment.CenterVertically) {
                    Checkbox(checked = block, onCheckedChange = { block = it })
                    Text("Also block them")
                }
            }
        },
        confirmButton = { TextButton(onClick = { onConfirm(text.trim(), block); onDismiss() }, enabled = text.isNotBlank()) { Text("Report") } },
        dismissButton = { TextButton(onClick = onDismiss) { Text("Cancel") } },
    )
}
