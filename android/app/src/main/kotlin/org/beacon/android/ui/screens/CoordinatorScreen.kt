package org.beacon.android.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.Checkbox
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import org.beacon.android.ui.SectionTitle
import org.beacon.android.ui.Send
import org.beacon.android.ui.formatInstant
import org.beacon.core.types.Action
import org.beacon.core.types.ApplicationForReview
import org.beacon.core.types.ApplicationStatus
import org.beacon.core.types.ChangeRequestItem
import org.beacon.core.types.CloseReason
import org.beacon.core.types.ConcernCard
import org.beacon.core.types.Decision
import org.beacon.core.types.Event
import org.beacon.core.types.IntakePair
import org.beacon.core.types.IntakeProposal
import org.beacon.core.types.PairChoice
import org.beacon.core.types.ProgramMetrics
import org.beacon.core.types.QuietMatch
import org.beacon.core.types.ViewModel as CoreView
import java.util.UUID

/**
 * The coordinator's desk (online): program health in counts, mentors' concerns to resolve (open
 * first), mentor applications to decide, mentees who asked for a different mentor, matches that
 * have gone quiet, and batch intake. All of it is the core's `CoordinatorView` — metadata, counts
 * and a concern's own words, never messages or notes. After a decision or an action the core
 * fetches the queues again; a resolved concern is updated from the server's answer, and a failed
 * one leaves it open with a notice.
 */
@Composable
fun CoordinatorScreen(view: CoreView, send: Send) {
    LaunchedEffect(Unit) { send(Event.LoadCoordinatorDesk) }
    val desk = view.coordinator
    if (desk == null) {
        Text("The desk is for coordinators of your program.", Modifier.padding(16.dp))
        return
    }
    var deciding by remember { mutableStateOf<Pair<ApplicationForReview, Decision>?>(null) }
    var closing by remember { mutableStateOf<QuietMatch?>(null) }
    var resolving by remember { mutableStateOf<ConcernCard?>(null) }

    LazyColumn(Modifier.fillMaxSize().padding(horizontal = 16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        item {
            if (desk.loading) LinearProgressIndicator(Modifier.fillMaxWidth())
            TextButton(onClick = { send(Event.LoadCoordinatorDesk) }, enabled = !desk.loading) { Text("Refresh") }
        }
        desk.metrics?.let { metrics -> item { Metrics(metrics) } }

        item { SectionTitle("Concerns from mentors (${desk.openConcerns} open)") }
        if (desk.concerns.isEmpty()) item { Text("No concerns raised.") }
        items(desk.concerns, key = { "r" + it.concernId }) { concern ->
            Concern(concern, enabled = !desk.loading) { resolving = concern }
        }

        item { SectionTitle("Mentor applications") }
        if (desk.applications.isEmpty()) item { Text("No applications.") }
        items(desk.applications, key = { "a" + it.userId }) { application ->
            ApplicationCard(application) { decision ->
                if (decision == Decision.APPROVE) {
                    send(Event.DecideApplication(userId = application.userId, decision = decision, reason = null))
                } else {
                    deciding = application to decision
                }
            }
        }

        item { SectionTitle("Asked for a different mentor") }
        if (desk.changeRequests.isEmpty()) item { Text("No requests.") }
        items(desk.changeRequests, key = { "c" + it.relationshipId }) { ChangeRequest(it) }

        item { SectionTitle("Quiet matches") }
        if (desk.quietMatches.isEmpty()) item { Text("Every active match has been in touch recently.") }
        items(desk.quietMatches, key = { "q" + it.relationshipId }) { quiet ->
            ListItem(
                headlineContent = { Text("${quiet.menteeDisplayName} and ${quiet.mentorDisplayName}") },
                supportingContent = { Text("No contact for ${quiet.daysQuiet} days") },
                trailingContent = { TextButton(onClick = { closing = quiet }) { Text("End match") } },
            )
        }

        item { SectionTitle("Intake") }
        item { Intake(desk.intake, send) }
    }

    deciding?.let { (application, decision) ->
        TextDialog(
            title = if (decision == Decision.DECLINE) "Decline ${application.displayName}" else "Withdraw ${application.displayName}'s approval",
            label = "Reason (the applicant sees it)",
            onDismiss = { deciding = null },
        ) { reason ->
            send(Event.DecideApplication(userId = application.userId, decision = decision, reason = reason))
        }
    }
    resolving?.let { concern ->
        TextDialog(
            title = "Resolve ${concern.mentorDisplayName}'s concern about ${concern.menteeDisplayName}",
            label = "Note for coordinators (optional; the mentor never sees it)",
            optional = true,
            onDismiss = { resolving = null },
        ) { note ->
            send(Event.ResolveConcern(concernId = concern.concernId, note = note.ifBlank { null }))
        }
    }
    closing?.let { quiet ->
        CoordinatorCloseDialog(
            names = "${quiet.menteeDisplayName} and ${quiet.mentorDisplayName}",
            onDismiss = { closing = null },
        ) { reason, note ->
            send(Event.CoordinatorAct(relationshipId = quiet.relationshipId, action = Action.Close(reason = reason, note = note)))
        }
    }
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun Metrics(metrics: ProgramMetrics) {
    SectionTitle("Program health")
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text("Applications waiting: ${metrics.applicationsPending}")
            Text("Mentors approved: ${metrics.mentorsApproved} (${metrics.mentorsPaused} paused)")
            Text("Mentees waiting for a match: ${metrics.menteesWaiting}")
            Text("Change requests: ${metrics.changeRequests} · quiet matches: ${metrics.quietMatches}")
            Text("Rematch rate: ${metrics.rematchRatePercent}%")
            if (metrics.relationshipsByState.isNotEmpty()) {
                FlowRow(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
                    metrics.relationshipsByState.forEach { Text("${stateLabel(it.state)}: ${it.count}", style = MaterialTheme.typography.bodySmall) }
                }
            }
        }
    }
    if (metrics.sessionCounts.isNotEmpty()) {
        SectionTitle("Sessions per match")
        metrics.sessionCounts.forEach { counts ->
            ListItem(
                headlineContent = { Text("${counts.menteeDisplayName} and ${counts.mentorDisplayName}") },
                supportingContent = { Text("${counts.held} held · ${counts.missed} missed") },
            )
        }
    }
}

private fun statusLabel(status: ApplicationStatus): String = when (status) {
    ApplicationStatus.PENDING -> "Waiting for a decision"
    ApplicationStatus.APPROVED -> "Approved"
    ApplicationStatus.DECLINED -> "Declined"
    ApplicationStatus.WITHDRAWN -> "Approval withdrawn"
}

/** The decisions offered follow the application's status; the core and server check them again. */
@Composable
private fun ApplicationCard(review: ApplicationForReview, decide: (Decision) -> Unit) {
    val context = LocalContext.current
    val state = review.state
    val application = state.application
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(review.displayName, style = MaterialTheme.typography.titleMedium)
            Text(
                statusLabel(state.status) + (if (state.paused) " · paused" else "") +
                    " · submitted ${context.formatInstant(state.submittedAtMs)}",
                style = MaterialTheme.typography.bodySmall,
            )
            state.reason?.let { Text("Reason given: $it", style = MaterialTheme.typography.bodySmall) }
            Text("Stable for ${review.monthsStable} months (since ${application.stableSince})")
            if (application.areas.isNotEmpty()) Text("Lived experience: ${application.areas.joinToString()}")
            Text("Languages: ${application.languages.joinToString()} · up to ${application.capacity} mentees")
            Text("Training: " + application.training.joinToString { "${it.module} (${it.completedOn})" }.ifEmpty { "none" })
            if (review.missingTraining.isNotEmpty()) {
                Text("Required training missing: ${review.missingTraining.joinToString()}", color = MaterialTheme.colorScheme.error)
            }
            application.references.forEach { Text("Reference: ${it.name}, ${it.contact}", style = MaterialTheme.typography.bodySmall) }
            if (application.bio.isNotBlank()) Text(application.bio, style = MaterialTheme.typography.bodySmall)
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                when (state.status) {
                    ApplicationStatus.PENDING -> {
                        Button(onClick = { decide(Decision.APPROVE) }) { Text("Approve") }
                        OutlinedButton(onClick = { decide(Decision.DECLINE) }) { Text("Decline") }
                    }
                    ApplicationStatus.APPROVED -> OutlinedButton(onClick = { decide(Decision.WITHDRAW) }) { Text("Withdraw approval") }
                    ApplicationStatus.WITHDRAWN -> Button(onClick = { decide(Decision.APPROVE) }) { Text("Approve again") }
                    ApplicationStatus.DECLINED -> Unit
                }
            }
        }
    }
}

/** A mentor's concern in their own words; an open one can be marked resolved (online). */
@Composable
private fun Concern(concern: ConcernCard, enabled: Boolean, resolve: () -> Unit) {
    val context = LocalContext.current
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(
                "${concern.mentorDisplayName} about ${concern.menteeDisplayName}",
                style = MaterialTheme.typography.titleMedium,
            )
            Text("Raised ${context.formatInstant(concern.raisedAtMs)}", style = MaterialTheme.typography.bodySmall)
            Text(concern.text)
            val resolvedAt = concern.resolvedAtMs
            if (concern.resolved && resolvedAt != null) {
                Text("Resolved ${context.formatInstant(resolvedAt)}", style = MaterialTheme.typography.bodySmall)
                concern.resolutionNote?.let { Text("Note: $it", style = MaterialTheme.typography.bodySmall) }
            } else {
                Text("Open", color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.labelLarge)
                Button(onClick = resolve, enabled = enabled) { Text("Mark resolved") }
            }
        }
    }
}

@Composable
private fun ChangeRequest(item: ChangeRequestItem) {
    val context = LocalContext.current
    ListItem(
        overlineContent = { Text(context.formatInstant(item.requestedAtMs)) },
        headlineContent = { Text("${item.menteeDisplayName} (was with ${item.mentorDisplayName})") },
        supportingContent = { Text(item.reason) },
    )
}

/** Batch intake: the core proposes the best pairing of every waiting mentee; keep some, send requests. */
@Composable
private fun Intake(intake: IntakeProposal?, send: Send) {
    if (intake == null) {
        OutlinedButton(onClick = { send(Event.RunIntake) }) { Text("Propose matches for waiting mentees") }
        return
    }
    // Which proposed pairs to keep: UI state only, all kept at first.
    var kept by remember(intake) { mutableStateOf(intake.pairs.map { it.key() }.toSet()) }
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        if (intake.pairs.isEmpty()) Text("No pairing is possible right now.")
        intake.pairs.forEach { pair ->
            val key = pair.key()
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = key in kept, onCheckedChange = { on -> kept = if (on) kept + key else kept - key })
                Column {
                    Text("${pair.menteeDisplayName} with ${pair.mentorDisplayName}")
                    Text(pair.explanation, style = MaterialTheme.typography.bodySmall)
                }
            }
        }
        if (intake.unassigned.isNotEmpty()) {
            Text("${intake.unassigned.size} waiting mentee(s) could not be matched with anyone now.", style = MaterialTheme.typography.bodySmall)
        }
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Button(
                onClick = { send(Event.ConfirmIntake(pairs = intake.pairs.filter { it.key() in kept }.map { PairChoice(menteeId = it.menteeId, mentorId = it.mentorId) })) },
                enabled = kept.isNotEmpty(),
            ) { Text("Send ${kept.size} request(s)") }
            TextButton(onClick = { send(Event.RunIntake) }) { Text("Propose again") }
        }
        Text("Each mentor still accepts or declines within the response window.", style = MaterialTheme.typography.bodySmall)
    }
}

private fun IntakePair.key(): Pair<UUID, UUID> = menteeId to mentorId

private val coordinatorCloseReasons = listOf(
    CloseReason.PROGRAM_DECISION to "Program decision",
    CloseReason.LOST_CONTACT to "Lost contact",
    CloseReason.SAFETY_CONCERN to "A safety concern",
    CloseReason.OTHER to "Something else",
)

@Composable
private fun CoordinatorCloseDialog(names: String, onDismiss: () -> Unit, onConfirm: (CloseReason, String?) -> Unit) {
    var reason by remember { mutableStateOf(CloseReason.LOST_CONTACT) }
    var note by remember { mutableStateOf("") }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text("End the match of $names") },
        text = {
            Column {
                coordinatorCloseReasons.forEach { (value, label) ->
                    Row(verticalAlignment = Alignment.CenterVertically) {
                        RadioButton(selected = reason == value, onClick = { reason = value })
                        Text(label)
                    }
                }
                OutlinedTextField(value = note, onValueChange = { note = it }, label = { Text("Note (optional)") })
            }
        },
        confirmButton = { TextButton(onClick = { onConfirm(reason, note.trim().ifBlank { null }); onDismiss() }) { Text("End match") } },
        dismissButton = { TextButton(onClick = onDismiss) { Text("Cancel") } },
    )
}
