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
import androidx.compose.material3.AssistChip
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.ElevatedCard
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import org.beacon.android.ui.Send
import org.beacon.android.ui.SectionTitle
import org.beacon.core.types.ApplicationStatus
import org.beacon.core.types.RelationshipCard
import org.beacon.core.types.RelationshipState
import org.beacon.core.types.Role
import org.beacon.core.types.ViewModel as CoreView

/** Start page: what needs the person now (check-in due, requests), their matches, and where to go. */
@Composable
fun HomeScreen(
    view: CoreView,
    send: Send,
    openRelationship: (String) -> Unit,
    findMentor: () -> Unit,
    apply: () -> Unit,
    notes: () -> Unit,
    desk: () -> Unit,
    checkIn: () -> Unit,
) {
    val account = view.account
    val roles = account?.roles.orEmpty()
    LazyColumn(
        Modifier.fillMaxSize().padding(horizontal = 16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        item { account?.let { Text("Hello, ${it.displayName}", style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(top = 16.dp)) } }
        if (view.checkins.overdue) {
            item {
                Card(
                    Modifier.fillMaxWidth().clickable(onClick = checkIn),
                    colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.secondaryContainer),
                ) {
                    Column(Modifier.padding(16.dp)) {
                        Text("How are you doing?", style = MaterialTheme.typography.titleMedium)
                        Text("It has been a while since your last check-in.")
                    }
                }
            }
        }
        item { SectionTitle("Your matches") }
        if (view.mentoring.relationships.isEmpty()) {
            item { Text("No matches yet.") }
        }
        items(view.mentoring.relationships, key = { it.relationshipId.toString() }) { card ->
            RelationshipSummary(card) { openRelationship(card.relationshipId.toString()) }
        }
        item {
            Column {
                SectionTitle("More")
                if (Role.MENTEE in roles) TextButton(onClick = findMentor) { Text("Find a mentor") }
                TextButton(onClick = apply) {
                    val application = view.mentoring.application
                    Text(
                        when {
                            application == null -> "Become a mentor"
                            application.status == ApplicationStatus.APPROVED -> "My mentor profile"
                            else -> "My mentor application"
                        },
                    )
                }
                TextButton(onClick = notes) { Text("My notes") }
                // Present only for coordinators (the core decides).
                if (view.coordinator != null) TextButton(onClick = desk) { Text("Coordinator desk") }
            }
        }
    }
}

@Composable
private fun RelationshipSummary(card: RelationshipCard, onClick: () -> Unit) {
    ElevatedCard(Modifier.fillMaxWidth().clickable(onClick = onClick)) {
        Column(Modifier.padding(16.dp)) {
            Text(card.counterpartName, style = MaterialTheme.typography.titleMedium)
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                AssistChip(onClick = onClick, label = { Text(stateLabel(card.state)) })
                if (card.pending) AssistChip(onClick = onClick, label = { Text("Waiting to sync") })
            }
            card.closureMessage?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        }
    }
}

fun stateLabel(state: RelationshipState): String = when (state) {
    RelationshipState.REQUESTED -> "Requested"
    RelationshipState.ACCEPTED -> "Accepted — agreement to read"
    RelationshipState.ACTIVE -> "Active"
    RelationshipState.PAUSED -> "Paused"
    RelationshipState.DECLINED -> "Declined"
    RelationshipState.EXPIRED -> "Expired"
    RelationshipState.WITHDRAWN -> "Withdrawn"
    RelationshipState.CLOSED -> "Ended"
}
