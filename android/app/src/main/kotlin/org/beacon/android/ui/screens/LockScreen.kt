package org.beacon.android.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Lock
import androidx.compose.material3.Button
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import org.beacon.android.ui.CrisisAction
import org.beacon.android.ui.CrisisSheet
import org.beacon.core.types.CrisisResource

/** Covers the app while locked. Crisis help stays one tap away here too: it is never locked. */
@Composable
fun LockScreen(crisisResources: List<CrisisResource>, onUnlock: () -> Unit) {
    var crisisOpen by rememberSaveable { mutableStateOf(false) }
    // Ask once on showing; after a cancel the person taps Unlock (no prompt loop).
    LaunchedEffect(Unit) { onUnlock() }
    Scaffold { padding ->
        Column(
            Modifier.padding(padding).fillMaxSize().padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
            horizontalAlignment = Alignment.CenterHorizontally,
        ) {
            Icon(Icons.Filled.Lock, contentDescription = null)
            Text("Beacon is locked", style = MaterialTheme.typography.headlineSmall)
            Button(onClick = onUnlock) { Text("Unlock") }
            CrisisAction { crisisOpen = true }
        }
    }
    if (crisisOpen) CrisisSheet(crisisResources) { crisisOpen = false }
}
