package org.beacon.android.ui.screens

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.lazy.rememberLazyListState
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.Send
import androidx.compose.material3.Badge
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.MutableState
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
import org.beacon.android.ui.formatInstant
import org.beacon.android.ui.formatRelative
import org.beacon.core.types.DeliveryState
import org.beacon.core.types.Event
import org.beacon.core.types.MessageView
import org.beacon.core.types.ViewModel as CoreView
import java.util.UUID

@Composable
fun ConversationsScreen(view: CoreView, openChat: (String) -> Unit) {
    val conversations = view.messaging.conversations
    if (conversations.isEmpty()) {
        Text("Conversations start once a request is accepted.", Modifier.padding(16.dp))
        return
    }
    LazyColumn(Modifier.fillMaxSize()) {
        items(conversations, key = { it.relationshipId.toString() }) { card ->
            ListItem(
                headlineContent = { Text(card.counterpartName) },
                supportingContent = { Text(formatRelative(card.lastMessageAtMs)) },
                trailingContent = { if (card.unread.toLong() > 0) Badge { Text(card.unread.toString()) } },
                modifier = Modifier.clickable { openChat(card.relationshipId.toString()) },
            )
            HorizontalDivider()
        }
    }
}

/**
 * One conversation: the core opens its newest page from the local cache (offline too), marks it
 * read, and pages older messages on request. Sending queues the message; the core may first hold
 * it and show crisis help (the prompt in BeaconRoot), in which case the draft comes back.
 */
@Composable
fun ChatScreen(view: CoreView, send: Send, relationshipId: String, returnedDraft: MutableState<String?>) {
    val id = remember(relationshipId) { runCatching { UUID.fromString(relationshipId) }.getOrNull() } ?: return
    DisposableEffect(id) {
        send(Event.OpenConversation(relationshipId = id))
        onDispose { send(Event.CloseConversation) }
    }
    val open = view.messaging.open?.takeIf { it.relationshipId == id }
    var draft by rememberSaveable { mutableStateOf("") }
    // A message held for the crisis prompt and then not sent comes back as the draft.
    val returned = returnedDraft.value
    LaunchedEffect(returned) {
        if (returned != null) {
            if (draft.isEmpty()) draft = returned
            returnedDraft.value = null
        }
    }

    val list = rememberLazyListState()
    val count = open?.messages?.size ?: 0
    LaunchedEffect(count) { if (count > 0) list.animateScrollToItem(count) }

    Column(Modifier.fillMaxSize().imePadding()) {
        LazyColumn(Modifier.weight(1f).padding(horizontal = 12.dp), state = list, verticalArrangement = Arrangement.spacedBy(6.dp)) {
            item {
                if (open?.hasOlder == true) {
                    TextButton(onClick = { send(Event.LoadOlderMessages) }, enabled = !open.loading) { Text("Load earlier messages") }
                }
            }
            items(open?.messages.orEmpty(), key = { it.messageId.toString() }) { Bubble(it) }
        }
        if (open?.canSend == false) {
            Text(open.readOnlyReason.orEmpty(), Modifier.padding(16.dp), style = MaterialTheme.typography.bodySmall)
        } else {
            Row(Modifier.padding(8.dp), verticalAlignment = Alignment.CenterVertically) {
                OutlinedTextField(
                    value = draft,
                    onValueChange = { draft = it },
                    placeholder = { Text("Message") },
                    modifier = Modifier.weight(1f),
                    maxLines = 5,
                )
                IconButton(
                    onClick = {
                        send(Event.SendMessage(relationshipId = id, text = draft))
                        draft = ""
                    },
                    enabled = draft.isNotBlank(),
                ) { Icon(Icons.AutoMirrored.Filled.Send, contentDescription = "Send") }
            }
        }
    }
}

@Composable
private fun Bubble(message: MessageView) {
    val context = LocalContext.current
    Row(Modifier.fillMaxWidth(), horizontalArrangement = if (message.mine) Arrangement.End else Arrangement.Start) {
        Card(
            colors = CardDefaults.cardColors(
                containerColor = if (message.mine) MaterialTheme.colorScheme.primaryContainer else MaterialTheme.colorScheme.surfaceVariant,
            ),
            modifier = Modifier.widthIn(max = 300.dp),
        ) {
            Column(Modifier.padding(10.dp)) {
                Text(message.text)
                val status = when (message.delivery) {
                    DeliveryState.PENDING -> " · waiting to send"
                    DeliveryState.SENT -> " · sent"
                    DeliveryState.DELIVERED -> " · delivered"
                    DeliveryState.READ -> " · read"
                    null -> ""
                }
                Text(context.formatInstant(message.sentAtMs) + status, style = MaterialTheme.typography.labelSmall)
            }
        }
    }
}
