package org.beacon.android

import androidx.lifecycle.ViewModelProvider.AndroidViewModelFactory.Companion.APPLICATION_KEY
import androidx.lifecycle.viewmodel.initializer
import androidx.lifecycle.viewmodel.viewModelFactory
import kotlinx.coroutines.flow.StateFlow
import org.beacon.core.BeaconCore
import org.beacon.core.types.Event
import org.beacon.core.types.ViewModel as CoreView
import androidx.lifecycle.ViewModel as AndroidViewModel

/**
 * The screen-facing end of unidirectional data flow: `view` is the core's view model as a
 * StateFlow (collected with collectAsStateWithLifecycle), `send` hands an intent to the core.
 * Nothing is decided here; the core outlives this object (it is per process, not per screen).
 */
class BeaconViewModel(private val core: BeaconCore) : AndroidViewModel() {
    val view: StateFlow<CoreView> = core.view

    fun send(event: Event) {
        core.dispatch(event)
    }

    companion object {
        val Factory = viewModelFactory {
            initializer {
                val app = this[APPLICATION_KEY] as BeaconApplication
                BeaconViewModel(app.container.core)
            }
        }
    }
}
