package org.beacon.core

import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.UUID
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * The real `server` binary (cargo's target/debug/server, path in the `beacon.server.bin` system
 * property) on a loopback port with a database in a temporary directory, plus its admin CLI and
 * the coordinator's HTTP calls the apps do not make.
 */
class BeaconServer(val dir: Path = Files.createTempDirectory("beacon-server")) : AutoCloseable {
    private val bin: String = System.getProperty("beacon.server.bin")
        ?: error("system property beacon.server.bin is not set")
    private val db: Path = dir.resolve("beacon.db")
    private val log: File = dir.resolve("server-stderr.log").toFile()
    private var process: Process? = null
    private val http: HttpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()

    /** `http://127.0.0.1:PORT` once started. */
    lateinit var base: String
        private set

    /** Starts on [addr] (a free port by default; the previous address to come back after a stop). */
    fun start(addr: String = "127.0.0.1:0") {
        check(process == null) { "server already running" }
        val child = ProcessBuilder(bin, "--addr", addr, "--db", db.toString())
            .redirectError(ProcessBuilder.Redirect.appendTo(log))
            .redirectInput(ProcessBuilder.Redirect.from(File("/dev/null")))
            .also { it.environment()["BEACON_LOG"] = "info" }
            .start()
        val firstLine = LinkedBlockingQueue<String>()
        Thread {
            child.inputStream.bufferedReader().useLines { lines ->
                lines.forEachIndexed { index, line -> if (index == 0) firstLine.put(line) }
            }
        }.apply { isDaemon = true }.start()
        val line = firstLine.poll(20, TimeUnit.SECONDS)
        if (line == null) {
            child.destroyForcibly()
            error("server did not start; stderr:\n${log.readText()}")
        }
        base = line.removePrefix("beacon-server listening on ").trim()
        check(base.startsWith("http://127.0.0.1:")) { "unexpected first line: $line" }
        process = child
    }

    /** Stops the server (SIGTERM, graceful) and waits for it to exit. */
    fun stop() {
        val child = process ?: return
        process = null
        child.destroy()
        if (!child.waitFor(15, TimeUnit.SECONDS)) child.destroyForcibly().waitFor()
    }

    /** `host:port` the server listens on. */
    val addr: String get() = base.removePrefix("http://")

    override fun close() {
        stop()
        dir.toFile().deleteRecursively()
    }

    /** Runs `server --db DB admin ARGS` and returns the UUID it prints. */
    private fun admin(vararg args: String, stdin: String? = null): UUID {
        val child = ProcessBuilder(listOf(bin, "--db", db.toString(), "admin") + args).start()
        child.outputStream.use { out -> stdin?.let { out.write(it.toByteArray()) } }
        val stdout = child.inputStream.bufferedReader().readText()
        val stderr = child.errorStream.bufferedReader().readText()
        check(child.waitFor(60, TimeUnit.SECONDS) && child.exitValue() == 0) {
            "admin ${args.toList()} failed:\n$stdout\n$stderr"
        }
        return UUID.fromString(stdout.trim())
    }

    /** A program with an en-GB crisis resource; returns its id. */
    fun createProgram(): UUID {
        val crisis = dir.resolve("crisis.json")
        Files.writeString(
            crisis,
            """[{"locale": "en-GB", "resources": [{"name": "Samaritans", "phone": "116 123", "hours": "24/7"}]}]""",
        )
        return admin(
            "create-program", "--organisation", "Harbour Trust", "--name", "Peer support",
            "--locale", "en-GB", "--crisis-resources", crisis.toString(),
        )
    }

    /** A coordinator of [program]; returns (email, password). */
    fun addCoordinator(program: UUID): Pair<String, String> {
        val email = "coordinator-${UUID.randomUUID()}@example.org"
        val password = "pw-coordinator-Tangerine-Harbour-42"
        admin(
            "add-coordinator", "--program", program.toString(), "--email", email,
            "--display-name", "Sam", "--password-stdin", stdin = "$password\n",
        )
        return email to password
    }

    private fun post(path: String, token: String?, json: String): String {
        val request = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(15))
            .header("content-type", "application/json")
            .apply { token?.let { header("authorization", "Bearer $it") } }
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() in 200..299) { "POST $path: ${response.statusCode()} ${response.body()}" }
        return response.body()
    }

    /** Logs the coordinator in over HTTP; returns the bearer token. */
    fun login(email: String, password: String): String {
        val body = post(
            "/v1/auth/login", null,
            """{"email": "$email", "password": "$password", "device_name": "Office PC"}""",
        )
        return Regex("\"token\"\\s*:\\s*\"([^\"]+)\"").find(body)?.groupValues?.get(1)
            ?: error("no token in the login response")
    }

    /** The coordinator approves [userId]'s mentor application. */
    fun approve(token: String, userId: UUID) {
        post("/v1/coordinator/applications/$userId/decision", token, """{"decision": "approve"}""")
    }
}
