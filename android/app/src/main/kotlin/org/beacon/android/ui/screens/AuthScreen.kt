package org.beacon.android.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SecondaryTabRow
import androidx.compose.material3.Tab
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import org.beacon.android.ui.CrisisAction
import org.beacon.android.ui.Send
import org.beacon.core.types.Event
import org.beacon.core.types.ViewModel as CoreView
import java.util.Locale
import java.util.UUID

/**
 * Sign in, or sign up into a program (its id comes from the organisation, e.g. printed on a card).
 * The core checks every field and answers with `view.notice`; this screen only collects input.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun AuthScreen(view: CoreView, send: Send, openCrisis: () -> Unit) {
    var tab by rememberSaveable { mutableIntStateOf(0) }
    Scaffold(
        topBar = { TopAppBar(title = { Text("Beacon") }, actions = { CrisisAction(openCrisis) }) },
    ) { padding ->
        Column(
            Modifier.padding(padding).fillMaxSize().imePadding().verticalScroll(rememberScrollState()),
        ) {
            if (view.busy) LinearProgressIndicator(Modifier.fillMaxWidth())
            SecondaryTabRow(selectedTabIndex = tab) {
                Tab(selected = tab == 0, onClick = { tab = 0 }, text = { Text("Sign in") })
                Tab(selected = tab == 1, onClick = { tab = 1 }, text = { Text("Join a program") })
            }
            Column(Modifier.padding(24.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                view.notice?.let { Text(it, color = MaterialTheme.colorScheme.error) }
                if (tab == 0) SignIn(view.busy, send) else SignUp(view.busy, send)
                Text(
                    "Beacon connects you with a peer mentor who has been there. It complements professional care; it never replaces it.",
                    style = MaterialTheme.typography.bodySmall,
                )
            }
        }
    }
}

@Composable
private fun SignIn(busy: Boolean, send: Send) {
    var email by rememberSaveable { mutableStateOf("") }
    // Never saveable: saved instance state can be written to disk.
    var password by remember { mutableStateOf("") }
    EmailField(email) { email = it }
    PasswordField(password) { password = it }
    Button(
        onClick = { send(Event.LogIn(email = email.trim(), password = password)) },
        enabled = !busy,
        modifier = Modifier.fillMaxWidth(),
    ) { Text("Sign in") }
}

@Composable
private fun SignUp(busy: Boolean, send: Send) {
    var program by rememberSaveable { mutableStateOf("") }
    var email by rememberSaveable { mutableStateOf("") }
    var password by remember { mutableStateOf("") }
    var name by rememberSaveable { mutableStateOf("") }
    val programId = runCatching { UUID.fromString(program.trim()) }.getOrNull()
    OutlinedTextField(
        value = program,
        onValueChange = { program = it },
        label = { Text("Program code") },
        supportingText = { Text("From the organisation that runs your program") },
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
    // Loads the program's name and crisis resources (shown in the help sheet before signing up).
    TextButton(onClick = { programId?.let { send(Event.LoadProgram(programId = it)) } }, enabled = programId != null) {
        Text("Check program")
    }
    OutlinedTextField(
        value = name,
        onValueChange = { name = it },
        label = { Text("Name to show") },
        supportingText = { Text("Any name is fine — an alias too") },
        singleLine = true,
        modifier = Modifier.fillMaxWidth(),
    )
    EmailField(email) { email = it }
    PasswordField(password) { password = it }
    Button(
        onClick = {
            programId?.let {
                send(
                    Event.SignUp(
                        programId = it,
                        email = email.trim(),
                        password = password,
                        displayName = name.trim(),
                        locale = Locale.getDefault().toLanguageTag(),
                    ),
                )
            }
        },
        enabled = !busy && programId != null,
        modifier = Modifier.fillMaxWidth(),
    ) { Text("Create account") }
}

@Composable
private fun EmailField(value: String, onChange: (String) -> Unit) = OutlinedTextField(
    value = value,
    onValueChange = onChange,
    label = { Text("Email") },
    singleLine = true,
    keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Email),
    modifier = Modifier.fillMaxWidth(),
)

@Composable
private fun PasswordField(value: String, onChange: (String) -> Unit) = OutlinedTextField(
    value = value,
    onValueChange = onChange,
    label = { Text("Password") },
    singleLine = true,
    visualTransformation = PasswordVisualTransformation(),
    keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password),
    modifier = Modifier.fillMaxWidth(),
)
