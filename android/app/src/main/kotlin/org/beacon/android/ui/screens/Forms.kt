package org.beacon.android.ui.screens

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import org.beacon.core.types.SessionFormat
import org.beacon.core.types.WeeklySlot
import org.beacon.core.types.Weekday

/**
 * Input helpers shared by the mentor application and the mentee request. They only shape what the
 * person picked into the core's types; the core validates and normalises (limits, overlaps, zones).
 */
enum class AvailabilityPreset(val label: String, val days: List<Weekday>, val startMinute: Int, val endMinute: Int) {
    WEEKDAY_MORNINGS("Weekday mornings", weekdays(), 8 * 60, 12 * 60),
    WEEKDAY_AFTERNOONS("Weekday afternoons", weekdays(), 12 * 60, 17 * 60),
    WEEKDAY_EVENINGS("Weekday evenings", weekdays(), 17 * 60, 21 * 60),
    WEEKENDS("Weekends", listOf(Weekday.SATURDAY, Weekday.SUNDAY), 10 * 60, 18 * 60),
    ;

    fun slots(): List<WeeklySlot> = days.map { WeeklySlot(it, startMinute.toUShort(), endMinute.toUShort()) }
}

private fun weekdays() = listOf(Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY)

/** The presets a stored availability covers (to show an existing request or application). */
fun presetsOf(slots: List<WeeklySlot>): Set<AvailabilityPreset> =
    AvailabilityPreset.entries.filterTo(HashSet()) { preset -> preset.slots().all { it in slots } }

val formatLabels = listOf(
    SessionFormat.IN_PERSON to "In person",
    SessionFormat.PHONE to "Phone",
    SessionFormat.VIDEO to "Video",
    SessionFormat.MESSAGING to "Messages",
)

fun labelOf(format: SessionFormat): String = formatLabels.first { it.first == format }.second

/** "en, es" → ["en", "es"]. */
fun splitList(text: String): List<String> = text.split(',').map { it.trim() }.filter { it.isNotEmpty() }

@Composable
fun ListField(value: String, label: String, onChange: (String) -> Unit) = OutlinedTextField(
    value = value,
    onValueChange = onChange,
    label = { Text(label) },
    supportingText = { Text("Separate with commas") },
    singleLine = true,
    modifier = Modifier.fillMaxWidth(),
)
