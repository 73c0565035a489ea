package org.beacon.android.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Email
import androidx.compose.material.icons.filled.Favorite
import androidx.compose.material.icons.filled.Home
import androidx.compose.material.icons.filled.Settings
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.SnackbarHost
import androidx.compose.material3.SnackbarHostState
import androidx.compose.material3.Text
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.MutableState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.navigation.NavGraph.Companion.findStartDestination
import androidx.navigation.NavHostController
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.currentBackStackEntryAsState
import androidx.navigation.compose.rememberNavController
import org.beacon.android.BeaconViewModel
import org.beacon.android.lock.AppLock
import org.beacon.android.ui.screens.AuthScreen
import org.beacon.android.ui.screens.ChatScreen
import org.beacon.android.ui.screens.CheckInScreen
import org.beacon.android.ui.screens.CoordinatorScreen
import org.beacon.android.ui.screens.ConversationsScreen
import org.beacon.android.ui.screens.FindMentorScreen
import org.beacon.android.ui.screens.HomeScreen
import org.beacon.android.ui.screens.MentorApplicationScreen
import org.beacon.android.ui.screens.NoteEditorScreen
import org.beacon.android.ui.screens.NotesScreen
import org.beacon.android.ui.screens.ProposeSessionScreen
import org.beacon.android.ui.screens.RelationshipScreen
import org.beacon.android.ui.screens.SessionDetailScreen
import org.beacon.android.ui.screens.SessionsScreen
import org.beacon.android.ui.screens.SettingsScreen
import org.beacon.core.types.Event
import org.beacon.core.types.Screen
import org.beacon.core.types.ViewModel as CoreView

/** Sends one event to the core; screens never change state themselves. */
typealias Send = (Event) -> Unit

/**
 * The whole UI: renders the core's view model, sends the person's intents as events. What shows
 * comes from `view.screen`; inside the signed-in app, navigation between screens is UI state.
 * Crisis help (the sheet, and the prompt the core raises before a crisis message) sits above all.
 */
@Composable
fun BeaconRoot(model: BeaconViewModel, appLock: AppLock, onEnableLock: () -> Unit) {
    val view by model.view.collectAsStateWithLifecycle()
    var crisisOpen by rememberSaveable { mutableStateOf(false) }
    val send: Send = model::send
    val openCrisis = { crisisOpen = true }
    val returnedDraft = remember { mutableStateOf<String?>(null) }

    when (view.screen) {
        Screen.STARTING -> Box(Modifier.fillMaxSize(), contentAlignment = Alignment.Center) {
            CircularProgressIndicator()
        }
        Screen.SIGNED_OUT -> AuthScreen(view, send, openCrisis)
        Screen.SIGNED_IN -> SignedInApp(view, send, appLock, onEnableLock, openCrisis, returnedDraft)
    }

    if (crisisOpen) CrisisSheet(view.crisisResources, onDismiss = { crisisOpen = false })
    view.crisisPrompt?.let { prompt ->
        CrisisPromptDialog(prompt, onAnswer = { sendIt ->
            if (!sendIt) returnedDraft.value = prompt.message
            send(Event.CrisisPromptAnswered(send = sendIt))
        })
    }
}

private data class Tab(val route: String, val label: String, val icon: ImageVector)

private val tabs = listOf(
    Tab("home", "Home", Icons.Filled.Home),
    Tab("messages", "Messages", Icons.Filled.Email),
    Tab("sessions", "Sessions", Icons.Filled.DateRange),
    Tab("checkin", "Check-in", Icons.Filled.Favorite),
    Tab("settings", "Settings", Icons.Filled.Settings),
)

@OptIn(ExperimentalMaterial3Api::class)
@Composable
private fun SignedInApp(
    view: CoreView,
    send: Send,
    appLock: AppLock,
    onEnableLock: () -> Unit,
    openCrisis: () -> Unit,
    returnedDraft: MutableState<String?>,
) {
    val nav = rememberNavController()
    val entry by nav.currentBackStackEntryAsState()
    val route = entry?.destination?.route
    val topLevel = tabs.any { it.route == route }
    val snackbar = remember { SnackbarHostState() }

    // The core's notice ("Email or password is wrong", "You are offline; it will be sent later").
    LaunchedEffect(view.notice) {
        view.notice?.let {
            snackbar.showSnackbar(it)
            send(Event.DismissNotice)
        }
    }

    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(titleFor(route)) },
                navigationIcon = {
                    if (!topLevel) {
                        IconButton(onClick = { nav.popBackStack() }) {
                            Icon(Icons.AutoMirrored.Filled.ArrowBack, contentDescription = "Back")
                        }
                    }
                },
                actions = {
                    SyncIndicator(view.sync)
                    CrisisAction(openCrisis)
                },
            )
        },
        bottomBar = {
            if (topLevel) {
                NavigationBar {
                    tabs.forEach { tab ->
                        NavigationBarItem(
                            selected = route == tab.route,
                            onClick = { nav.navigateToTab(tab.route) },
                            icon = { Icon(tab.icon, contentDescription = null) },
                            label = { Text(tab.label) },
                        )
                    }
                }
            }
        },
        snackbarHost = { SnackbarHost(snackbar) },
    ) { padding ->
        NavHost(nav, startDestination = "home", modifier = Modifier.padding(padding)) {
            composable("home") {
                HomeScreen(
                    view = view,
                    send = send,
                    openRelationship = { nav.navigate("relationship/$it") },
                    findMentor = { nav.navigate("find") },
                    apply = { nav.navigate("apply") },
                    notes = { nav.navigate("notes") },
                    desk = { nav.navigate("desk") },
                    checkIn = { nav.navigateToTab("checkin") },
                )
            }
            composable("find") { FindMentorScreen(view, send) }
            composable("apply") { MentorApplicationScreen(view, send) }
            composable("relationship/{id}") { backStack ->
                RelationshipScreen(
                    view = view,
                    send = send,
                    relationshipId = backStack.arguments?.getString("id").orEmpty(),
                    openChat = { nav.navigate("chat/$it") },
                    proposeSession = { nav.navigate("propose/$it") },
                )
            }
            composable("messages") { ConversationsScreen(view) { nav.navigate("chat/$it") } }
            composable("chat/{id}") { backStack ->
                ChatScreen(view, send, backStack.arguments?.getString("id").orEmpty(), returnedDraft)
            }
            composable("sessions") { SessionsScreen(view, send) { nav.navigate("session/$it") } }
            composable("session/{id}") { backStack ->
                SessionDetailScreen(view, send, backStack.arguments?.getString("id").orEmpty()) { nav.navigate("note/$it") }
            }
            composable("propose/{id}") { backStack ->
                ProposeSessionScreen(send, backStack.arguments?.getString("id").orEmpty()) { nav.popBackStack() }
            }
            composable("checkin") { CheckInScreen(view, send) }
            composable("notes") { NotesScreen(view, send) { nav.navigate("note/$it") } }
            composable("note/{id}") { backStack ->
                NoteEditorScreen(view, send, backStack.arguments?.getString("id").orEmpty()) { nav.popBackStack() }
            }
            composable("desk") { CoordinatorScreen(view, send) }
            composable("settings") { SettingsScreen(view, send, appLock, onEnableLock) }
        }
    }
}

private fun NavHostController.navigateToTab(route: String) = navigate(route) {
    popUpTo(graph.findStartDestination().id) { saveState = true }
    launchSingleTop = true
    restoreState = true
}

private fun titleFor(route: String?): String = when {
    route == null -> "Beacon"
    route == "home" -> "Beacon"
    route == "find" -> "Find a mentor"
    route == "apply" -> "Become a mentor"
    route.startsWith("relationship") -> "Your match"
    route == "messages" -> "Messages"
    route.startsWith("chat") -> "Conversation"
    route == "sessions" -> "Sessions"
    route.startsWith("session/") -> "Session"
    route.startsWith("propose") -> "Plan a session"
    route == "checkin" -> "Check-in"
    route == "notes" -> "Notes"
    route.startsWith("note/") -> "Note"
    route == "desk" -> "Coordinator desk"
    route == "settings" -> "Settings"
    else -> "Beacon"
}
