package org.beacon.android

import android.app.Application
import androidx.lifecycle.ProcessLifecycleOwner
import org.beacon.android.platform.Notifications

class BeaconApplication : Application() {
    lateinit var container: AppContainer
        private set

    override fun onCreate() {
        super.onCreate()
        Notifications.createChannels(this)
        container = AppContainer(this)
        ProcessLifecycleOwner.get().lifecycle.addObserver(container.appLock)
    }
}
