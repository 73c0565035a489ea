package org.beacon.core

import java.nio.file.Files
import java.util.UUID
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import org.beacon.core.ffi.ShellNotification
import org.beacon.core.types.Action
import org.beacon.core.types.Connection
import org.beacon.core.types.DeliveryState
import org.beacon.core.types.Event
import org.beacon.core.types.RelationshipState
import org.beacon.core.types.ViewModel
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import java.util.concurrent.TimeUnit

/**
 * Two people on two app instances (the real libshared.so through the generated bindings)
 * against the real server process: sign up, match, message, go offline and come back.
 */
class FullFlowTest {
    private val dir = Files.createTempDirectory("beacon-apps")
    private val server = BeaconServer()
    private val apps = mutableListOf<App>()

    @AfterEach
    fun tearDown() {
        apps.forEach { it.close() }
        server.close()
        dir.toFile().deleteRecursively()
    }

    private fun app(name: String) = App(dir, server.base, name).also { apps += it }

    private fun signUp(app: App, program: UUID, name: String): ViewModel {
        app.core.dispatch(
            Event.SignUp(
                programId = program, email = newEmail(name), password = password(name),
                displayName = name, locale = null,
            ),
        )
        return app.await("$name signed up", predicate = ::online)
    }

    private fun messages(view: ViewModel, text: String) =
        view.messaging.open?.messages.orEmpty().filter { it.text == text }

    private fun awaitReminders(
        app: App,
        what: String,
        predicate: (List<ShellNotification>) -> Boolean,
    ): List<ShellNotification> =
        runBlocking { withTimeoutOrNull(WAIT) { app.services.scheduled.first(predicate) } }
            ?: fail("timed out waiting for: $what; scheduled: ${app.services.scheduled.value}")

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    fun `two people are matched, message each other, and an offline message arrives once`() {
        val program = server.createProgram()
        val (coordinatorEmail, coordinatorPassword) = server.addCoordinator(program)
        server.start()

        // The mentor signs up and applies; the coordinator approves over HTTP.
        val mentor = app("mentor")
        signUp(mentor, program, "mentor")
        assertNotNull(mentor.services.token, "the session token is kept by the platform")
        mentor.core.dispatch(Event.SubmitMentorApplication(application = mentorApplication()))
        val applied = mentor.await("application stored") { v ->
            v.mentoring.application?.let { !it.pending } == true
        }
        assertEquals("2019-07-14", applied.mentoring.application!!.application.stableSince)
        val mentorId = applied.account!!.userId
        server.approve(server.login(coordinatorEmail, coordinatorPassword), mentorId)

        // The mentee signs up, states a request and asks the proposed mentor.
        val mentee = app("mentee")
        signUp(mentee, program, "mentee")
        mentee.core.dispatch(Event.SubmitMenteeRequest(request = menteeRequest()))
        mentee.await("request stored") { v ->
            online(v) && v.sync.pendingChanges == 0UL && v.mentoring.request != null
        }
        mentee.core.dispatch(Event.LoadProposals)
        val proposed = mentee.await("mentor proposed") { v ->
            v.mentoring.proposals.any { it.mentorId == mentorId }
        }
        assertTrue(proposed.mentoring.proposals.first { it.mentorId == mentorId }.explanation.isNotBlank())
        mentee.core.dispatch(Event.RequestMentor(mentorId = mentorId))

        // The mentor accepts; both acknowledge the agreement.
        val requested = mentor.await("request arrives") { it.mentoring.relationships.isNotEmpty() }
        val relationship = requested.mentoring.relationships.first().relationshipId

        // The mentor's phone is handed a reminder set with the request's answer-by reminder.
        val reminder = awaitReminders(mentor, "answer-by reminder scheduled") { set ->
            set.any { it.channelId == "beacon.requests" }
        }.first { it.channelId == "beacon.requests" }
        assertTrue(reminder.id.isNotBlank() && reminder.title.isNotBlank())
        assertTrue(reminder.fireAtMs > System.currentTimeMillis(), "scheduled in the future")
        mentor.core.dispatch(Event.ActOnRelationship(relationshipId = relationship, action = Action.Accept))
        mentee.await("accepted") { v ->
            v.mentoring.relationships.firstOrNull()?.let { it.state == RelationshipState.ACCEPTED && !it.pending } == true
        }
        for (app in listOf(mentee, mentor)) {
            app.core.dispatch(
                Event.ActOnRelationship(
                    relationshipId = relationship,
                    action = Action.AcknowledgeAgreement(agreementVersion = 1u),
                ),
            )
        }
        // Answered: the next set the core hands over no longer holds that reminder.
        awaitReminders(mentor, "answer-by reminder withdrawn") { set -> set.none { it.id == reminder.id } }
        for (app in listOf(mentee, mentor)) {
            app.await("active") { v ->
                v.mentoring.relationships.firstOrNull()?.let { it.state == RelationshipState.ACTIVE && !it.pending } == true
            }
        }

        // They exchange messages.
        for (app in listOf(mentee, mentor)) app.core.dispatch(Event.OpenConversation(relationshipId = relationship))
        mentee.core.dispatch(Event.SendMessage(relationshipId = relationship, text = "Hello, thank you for accepting"))
        mentor.await("mentee's message arrives") { messages(it, "Hello, thank you for accepting").isNotEmpty() }
        mentor.core.dispatch(Event.SendMessage(relationshipId = relationship, text = "Glad to meet you"))
        val greeted = mentee.await("mentor's reply arrives") { messages(it, "Glad to meet you").isNotEmpty() }
        assertTrue(messages(greeted, "Glad to meet you").single().mine.not())

        // The server goes away; the mentee writes anyway: the message waits on the device.
        val addr = server.addr
        server.stop()
        val offlineText = "Written while offline"
        mentee.core.dispatch(Event.SendMessage(relationshipId = relationship, text = offlineText))
        val queued = mentee.await("message queued offline") { v ->
            messages(v, offlineText).singleOrNull()?.delivery == DeliveryState.PENDING &&
                v.sync.connection != Connection.ONLINE
        }
        assertTrue(queued.sync.pendingChanges >= 1UL)

        // The server comes back on the same address: the message is sent and arrives exactly once.
        server.start(addr)
        mentee.await("offline message acknowledged") { v ->
            online(v) && v.sync.pendingChanges == 0UL &&
                messages(v, offlineText).singleOrNull()?.let { it.seq != null } == true
        }
        mentor.await("offline message arrives") { messages(it, offlineText).isNotEmpty() }
        Thread.sleep(2.seconds.inWholeMilliseconds) // let any duplicate delivery show up
        assertEquals(1, messages(mentor.view, offlineText).size, "arrives exactly once")
        assertEquals(1, messages(mentee.view, offlineText).size, "shown once to its sender")
        val seqs = mentor.view.messaging.open!!.messages.mapNotNull { it.seq }
        assertEquals(seqs.sorted(), seqs, "in the server's order")
        assertEquals(seqs.toSet().size, seqs.size, "no message twice")
    }
}
