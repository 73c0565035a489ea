package org.beacon.android.platform

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import android.util.AtomicFile
import java.io.File
import java.io.FileNotFoundException
import java.security.GeneralSecurityException
import java.security.KeyStore
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The session token, sealed with AES-256-GCM under a key that lives in the Android Keystore
 * (hardware-backed where the phone has it) and never leaves it. The file in the app's no-backup
 * directory holds only `IV || ciphertext+tag`; without the Keystore key it is useless, so a copied
 * file or a restored backup cannot be replayed.
 *
 * No user authentication is bound to the key: the core reads the token at start-up, also when the
 * app is woken in the background. The app lock ([org.beacon.android.lock.AppLock]) guards the UI.
 *
 * If the key is gone or was invalidated (device restored, lock screen removed on some devices),
 * the ciphertext cannot be opened: it is deleted and the person signs in again.
 */
class KeystoreTokenStore(file: File) {
    private val file = AtomicFile(file)
    private val lock = Any()

    fun read(): String? = synchronized(lock) {
        val sealed = try {
            file.readFully()
        } catch (_: FileNotFoundException) {
            return null
        }
        if (sealed.size <= IV_BYTES) return null
        return try {
            val cipher = Cipher.getInstance(TRANSFORMATION)
            cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES))
            String(cipher.doFinal(sealed, IV_BYTES, sealed.size - IV_BYTES), Charsets.UTF_8)
        } catch (_: GeneralSecurityException) {
            file.delete()
            null
        }
    }

    fun write(token: String): Unit = synchronized(lock) {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        // The Keystore chooses a fresh random IV for every encryption.
        cipher.init(Cipher.ENCRYPT_MODE, key())
        val iv = cipher.iv
        check(iv.size == IV_BYTES) { "unexpected GCM IV length" }
        val sealed = iv + cipher.doFinal(token.toByteArray(Charsets.UTF_8))
        val out = file.startWrite()
        try {
            out.write(sealed)
            file.finishWrite(out)
        } catch (e: Exception) {
            file.failWrite(out)
            throw e
        }
    }

    fun delete(): Unit = synchronized(lock) { file.delete() }

    private fun key(): SecretKey {
        val keyStore = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
        (keyStore.getEntry(KEY_ALIAS, null) as? KeyStore.SecretKeyEntry)?.let { return it.secretKey }
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE)
        generator.init(
            KeyGenParameterSpec.Builder(
                KEY_ALIAS,
                KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT,
            )
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                .setRandomizedEncryptionRequired(true)
                .build(),
        )
        return generator.generateKey()
    }

    private companion object {
        const val ANDROID_KEYSTORE = "AndroidKeyStore"
        const val KEY_ALIAS = "beacon.session-token"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val IV_BYTES = 12
        const val TAG_BITS = 128
    }
}
