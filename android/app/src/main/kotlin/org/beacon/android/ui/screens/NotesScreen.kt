package org.beacon.android.ui.screens

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Add
import androidx.compose.material.icons.filled.Delete
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.TextRange
import androidx.compose.ui.text.input.TextFieldValue
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.delay
import org.beacon.android.ui.SectionTitle
import org.beacon.android.ui.Send
import org.beacon.android.ui.formatRelative
import org.beacon.core.types.Event
import org.beacon.core.types.NoteCard
import org.beacon.core.types.NoteEditor
import org.beacon.core.types.RelationshipState
import org.beacon.core.types.SharedSummaryCard
import org.beacon.core.types.ViewModel as CoreView
import java.util.UUID

/** Which notes a "new note" is about: nothing, a match, and optionally a session (and one date of it). */
typealias StartNote = (relationshipId: UUID?, sessionSeriesId: UUID?, occurrenceKey: String?) -> Unit

/**
 * Starts a note in the core (`NewNote`) and opens its editor as soon as the core has made it. The
 * core chooses the note's id; the screen only waits for an editor it had not seen before.
 */
@Composable
fun rememberStartNote(view: CoreView, send: Send, openNote: (String) -> Unit): StartNote {
    // Null: not waiting. Otherwise the editor that was open when the new note was asked for.
    var waiting by remember { mutableStateOf<Waiting?>(null) }
    val editorId = view.notes.editor?.noteId
    LaunchedEffect(editorId, waiting) {
        val asked = waiting ?: return@LaunchedEffect
        if (editorId != null && editorId != asked.previousEditor) {
            waiting = null
            openNote(editorId.toString())
        }
    }
    return { relationshipId, sessionSeriesId, occurrenceKey ->
        waiting = Waiting(previousEditor = editorId)
        send(
            Event.NewNote(
                relationshipId = relationshipId,
                sessionSeriesId = sessionSeriesId,
                occurrenceKey = occurrenceKey,
            ),
        )
    }
}

private data class Waiting(val previousEditor: UUID?)

/**
 * The person's own notes (private: only a summary they choose can be shared) and the summaries
 * their mentor or mentee shares with them. Written offline, saved on the phone as typed.
 */
@Composable
fun NotesScreen(view: CoreView, send: Send, openNote: (String) -> Unit) {
    DisposableEffect(Unit) {
        send(Event.OpenNotes)
        onDispose { send(Event.CloseNotes) }
    }
    val notes = view.notes
    val startNote = rememberStartNote(view, send, openNote)
    var deleting by remember { mutableStateOf<NoteCard?>(null) }
    // A note "about" a match is what lets its summary be shared; the core checks the match.
    val matches = view.mentoring.relationships.filter {
        it.state == RelationshipState.ACTIVE || it.state == RelationshipState.PAUSED || it.state == RelationshipState.ACCEPTED
    }

    LazyColumn(Modifier.fillMaxSize().padding(horizontal = 16.dp)) {
        item {
            NewNoteButton(matchNames = matches.map { it.relationshipId to it.counterpartName }) { relationshipId ->
                startNote(relationshipId, null, null)
            }
            Text(
                "Notes are yours alone. You can share a short summary of a note about a match with the other person — never the note itself.",
                style = MaterialTheme.typography.bodySmall,
            )
        }
        item { SectionTitle("Your notes") }
        if (notes.list.isEmpty()) item { Text("No notes yet.") }
        items(notes.list, key = { it.noteId.toString() }) { note ->
            NoteRow(
                note = note,
                onOpen = { openNote(note.noteId.toString()) },
                onDelete = { deleting = note },
            )
        }
        if (notes.sharedWithMe.isNotEmpty()) {
            item { SectionTitle("Shared with you") }
            items(notes.sharedWithMe, key = { "s" + it.noteId }) { SharedSummary(it) }
        }
    }

    deleting?.let { note ->
        ConfirmDeleteDialog(
            title = note.title,
            onDismiss = { deleting = null },
            onConfirm = { send(Event.DeleteNote(noteId = note.noteId)) },
        )
    }
}

@Composable
private fun NewNoteButton(matchNames: List<Pair<UUID, String>>, onNew: (UUID?) -> Unit) {
    var menu by remember { mutableStateOf(false) }
    Box(Modifier.padding(vertical = 8.dp)) {
        Button(onClick = { if (matchNames.isEmpty()) onNew(null) else menu = true }) {
            Icon(Icons.Filled.Add, contentDescription = null)
            Text("  New note")
        }
        DropdownMenu(expanded = menu, onDismissRequest = { menu = false }) {
            DropdownMenuItem(text = { Text("A private note") }, onClick = { menu = false; onNew(null) })
            matchNames.forEach { (relationshipId, name) ->
                DropdownMenuItem(text = { Text("About my match with $name") }, onClick = { menu = false; onNew(relationshipId) })
            }
        }
    }
}

@Composable
private fun NoteRow(note: NoteCard, onOpen: () -> Unit, onDelete: () -> Unit) {
    ListItem(
        headlineContent = { Text(note.title) },
        supportingContent = { Text(note.preview, maxLines = 2) },
        overlineContent = {
            Text(
                listOfNotNull(
                    formatRelative(note.updatedAtMs),
                    if (note.sessionSeriesId != null) "session note" else null,
                    if (note.summaryShared) "summary shared" else null,
                    if (note.pendingSync) "waiting to sync" else null,
                ).joinToString(" · "),
            )
        },
        trailingContent = {
            IconButton(onClick = onDelete) { Icon(Icons.Filled.Delete, contentDescription = "Delete note") }
        },
        modifier = Modifier.clickable(onClick = onOpen),
    )
}

@Composable
private fun SharedSummary(card: SharedSummaryCard) {
    ListItem(
        overlineContent = { Text("${card.authorName} · ${formatRelative(card.updatedAtMs)}") },
        headlineContent = { Text(card.summary) },
    )
}

@Composable
private fun ConfirmDeleteDialog(title: String, onDismiss: () -> Unit, onConfirm: () -> Unit) {
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text("Delete this note?") },
        text = { Text("“$title” will be deleted on all your devices.") },
        confirmButton = { TextButton(onClick = { onConfirm(); onDismiss() }) { Text("Delete") } },
        dismissButton = { TextButton(onClick = onDismiss) { Text("Cancel") } },
    )
}

/**
 * One note: the body and the summary go to the core as they are typed (it saves them on the phone
 * at once and syncs them later); the summary can be shared when the core says so (`canShare`).
 */
@Composable
fun NoteEditorScreen(view: CoreView, send: Send, noteId: String, done: () -> Unit) {
    val id = remember(noteId) { runCatching { UUID.fromString(noteId) }.getOrNull() } ?: return
    val editor = view.notes.editor?.takeIf { it.noteId == id }
    DisposableEffect(id) {
        // A note just started with NewNote is already open in the core; any other is loaded.
        if (view.notes.editor?.noteId != id) send(Event.OpenNote(noteId = id))
        onDispose { send(Event.CloseNote) }
    }
    if (editor == null || editor.loading) {
        Box(Modifier.fillMaxSize(), contentAlignment = Alignment.Center) { CircularProgressIndicator() }
        return
    }
    NoteForm(editor, send, done)
}

@Composable
private fun NoteForm(editor: NoteEditor, send: Send, done: () -> Unit) {
    val id = editor.noteId
    // The fields hold their own text (typing never waits for the core) and follow the core's
    // merged text when another device's edit arrives (NoteField). Not rememberSaveable: saved
    // state can be written to disk.
    val body = remember(id) { NoteField(editor.text) }
    val summary = remember(id) { NoteField(editor.summary) }
    FollowCore(body, editor.text)
    FollowCore(summary, editor.summary)
    var confirmDelete by remember { mutableStateOf(false) }

    Column(Modifier.fillMaxSize().imePadding().verticalScroll(rememberScrollState()).padding(16.dp)) {
        OutlinedTextField(
            value = body.value,
            onValueChange = { next ->
                body.typed(next)?.let { send(Event.EditNote(noteId = id, text = it)) }
            },
            label = { Text("Note (only you can read it)") },
            minLines = 8,
            modifier = Modifier.fillMaxWidth(),
        )
        Text(
            if (editor.pendingSync) "Saved on this phone · waiting to sync" else "Saved",
            style = MaterialTheme.typography.bodySmall,
            modifier = Modifier.padding(vertical = 4.dp),
        )
        SectionTitle("Summary")
        OutlinedTextField(
            value = summary.value,
            onValueChange = { next ->
                summary.typed(next)?.let { send(Event.EditNoteSummary(noteId = id, text = it)) }
            },
            label = { Text("A short summary") },
            minLines = 2,
            modifier = Modifier.fillMaxWidth(),
        )
        if (editor.canShare) {
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Switch(
                    checked = editor.summaryShared,
                    onCheckedChange = { send(Event.ShareNoteSummary(noteId = id, shared = it)) },
                )
                Text("Share the summary with the other person in this match")
            }
        }
        Text("Only the summary can be shared — never the note itself.", style = MaterialTheme.typography.bodySmall)
        OutlinedButton(onClick = { confirmDelete = true }, modifier = Modifier.padding(top = 24.dp)) {
            Icon(Icons.Filled.Delete, contentDescription = null)
            Text("  Delete note")
        }
    }

    if (confirmDelete) {
        ConfirmDeleteDialog(
            title = body.value.text.lineSequence().firstOrNull().orEmpty().ifBlank { "Untitled" },
            onDismiss = { confirmDelete = false },
            onConfirm = {
                send(Event.DeleteNote(noteId = id))
                done()
            },
        )
    }
}

/** How long typing must pause before a field takes a text merged from another device. */
private const val SHOW_MERGED_AFTER_MS = 500L

/** At most this many sent texts are remembered while the core has not shown them back yet. */
private const val MAX_UNECHOED = 32

/**
 * One editor field (the body or the summary). Every change the person makes is sent whole to the
 * core, which saves it and, if an edit from their other device has been merged in meanwhile,
 * rebases it onto the merged text (`EditNote` in shared/src/app/notes.rs). This class only makes the
 * field *show* that merged text; it merges nothing itself.
 *
 * The core's text is shown when it is neither the field's own text nor one the field sent earlier
 * (the core runs events on its own thread, so its view can lag a keystroke or two behind: an echo
 * of an older text must not undo newer typing), and only once typing and any IME composition have
 * paused ([FollowCore]). Showing it sends nothing back: the field's next keystroke is an edit of
 * the merged text, which the core takes as it is.
 */
private class NoteField(initial: String) {
    /** What the field shows, with the cursor. */
    var value by mutableStateOf(TextFieldValue(initial))
        private set

    /** The core's text waiting to be shown: an edit merged from elsewhere. */
    var incoming by mutableStateOf<String?>(null)
        private set

    /** Texts sent to the core that it has not shown back yet, oldest first (main thread only). */
    private val unechoed = ArrayDeque<String>()

    /** The person edited the field or moved the cursor; returns the text to send if it changed. */
    fun typed(next: TextFieldValue): String? {
        val changed = next.text != value.text
        value = next
        if (!changed) return null
        unechoed.addLast(next.text)
        if (unechoed.size > MAX_UNECHOED) unechoed.removeFirst()
        return next.text
    }

    /** The core's text for this field is now [core]. */
    fun heard(core: String) {
        val echoed = unechoed.lastIndexOf(core)
        when {
            // The field's own text coming back (maybe a keystroke late): the field is ahead.
            echoed >= 0 -> {
                repeat(echoed + 1) { unechoed.removeFirst() }
                incoming = null
            }
            core == value.text -> incoming = null
            else -> incoming = core
        }
    }

    /**
     * Shows the waiting text, keeping the cursor beside the same characters ([showing]), unless the
     * field has changed from [shown] since the wait began (a keystroke just now) or is composing.
     */
    fun showIncoming(shown: String) {
        val core = incoming ?: return
        if (value.text != shown || value.composition != null) return
        value = value.showing(core)
        unechoed.clear()
        incoming = null
    }
}

/** Keeps [field] following the core's [core] text for it (see [NoteField]). */
@Composable
private fun FollowCore(field: NoteField, core: String) {
    LaunchedEffect(field, core) { field.heard(core) }
    val incoming = field.incoming
    val typing = field.value.text
    val composing = field.value.composition != null
    // Restarted by every keystroke, so the merged text waits for a pause in typing.
    LaunchedEffect(field, incoming, typing, composing) {
        if (incoming == null || composing) return@LaunchedEffect
        delay(SHOW_MERGED_AFTER_MS)
        field.showIncoming(shown = typing)
    }
}

/**
 * This field showing [text] instead, the selection kept at the same logical place: the edit is
 * taken to be the span between the longest common start and end of the two texts; an offset before
 * that span keeps its value, one after it keeps its distance from the end of the text, and one
 * inside it (text the cursor was in was replaced) goes to the end of the new span.
 */
private fun TextFieldValue.showing(text: String): TextFieldValue {
    val old = this.text
    // Kotlin's common prefix and suffix never split a surrogate pair.
    val before = old.commonPrefixWith(text).length
    val after = old.substring(before).commonSuffixWith(text.substring(before)).length
    fun place(offset: Int) = when {
        offset <= before -> offset
        offset >= old.length - after -> offset - old.length + text.length
        else -> text.length - after
    }
    return TextFieldValue(text, TextRange(place(selection.start), place(selection.end)))
}
