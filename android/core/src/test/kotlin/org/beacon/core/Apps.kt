package org.beacon.core

import java.nio.file.Path
import java.util.UUID
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import org.beacon.core.ffi.CoreConfig
import org.beacon.core.types.Connection
import org.beacon.core.types.MenteeRequest
import org.beacon.core.types.MentorApplication
import org.beacon.core.types.Reference
import org.beacon.core.types.Screen
import org.beacon.core.types.SessionFormat
import org.beacon.core.types.TrainingCompletion
import org.beacon.core.types.ViewModel
import org.beacon.core.types.Weekday
import org.beacon.core.types.WeeklySlot
import org.junit.jupiter.api.Assertions.fail

/** How long one step of a flow may take. */
val WAIT: Duration = 60.seconds

/** One app instance: the real core over JNA, its own data directory and in-memory platform. */
class App(dir: Path, serverUrl: String, name: String) : AutoCloseable {
    val services = InMemoryPlatformServices()
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    val core = BeaconCore(CoreConfig(dir.resolve(name).toString(), serverUrl, "$name phone"), services, scope)

    val view: ViewModel get() = core.view.value

    /** Waits for a view satisfying [predicate], or fails naming [what] with the last view. */
    fun await(what: String, timeout: Duration = WAIT, predicate: (ViewModel) -> Boolean): ViewModel =
        runBlocking { withTimeoutOrNull(timeout) { core.view.first(predicate) } }
            ?: fail("timed out waiting for: $what; view: ${core.view.value}")

    override fun close() = core.close()
}

fun online(view: ViewModel) = view.screen == Screen.SIGNED_IN && view.sync.connection == Connection.ONLINE

fun password(tag: String) = "pw-$tag-Tangerine-Harbour-42"

/** A valid application in the default catalog (what the mentor fills in on the form). */
fun mentorApplication() = MentorApplication(
    areas = listOf("anxiety", "depression"),
    stableSince = "2019-07-14",
    training = listOf(
        "peer support foundations", "boundaries and confidentiality", "safeguarding and risk",
    ).map { TrainingCompletion(module = it, completedOn = "2024-02-03") },
    references = listOf(Reference(name = "Robin", contact = "robin@example.org")),
    languages = listOf("en-GB", "es"),
    formats = listOf(SessionFormat.VIDEO, SessionFormat.PHONE),
    availability = weekdays(17 * 60, 21 * 60),
    timeZone = "Europe/London",
    capacity = 3u,
    bio = "I lived with anxiety for years and found my way back.",
    strengths = listOf("work"),
)

/** A request every [mentorApplication] fits (same hours: Madrid is London + 1). */
fun menteeRequest() = MenteeRequest(
    areas = listOf("anxiety"),
    goals = "Get back to work without panic",
    goalTags = listOf("work"),
    languages = listOf("es"),
    formats = listOf(SessionFormat.VIDEO),
    availability = weekdays(18 * 60, 22 * 60),
    timeZone = "Europe/Madrid",
)

fun weekdays(start: Int, end: Int) =
    listOf(Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY)
        .map { WeeklySlot(weekday = it, startMinute = start.toUShort(), endMinute = end.toUShort()) }

fun newEmail(tag: String) = "$tag-${UUID.randomUUID()}@example.org"
