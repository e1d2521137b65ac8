using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Encryption
{
    /// <summary>
    /// The private key that opens encrypted backups (-DecryptionKey): a secret key file exported with
    /// `gpg --export-secret-keys`, readable by its owner only, and its passphrase, held as a
    /// SecureString and unwrapped only for the moment a key is unlocked.
    /// </summary>
    public sealed class DecryptionKey
    {
        private readonly PgpSecretKeyRingBundle _keys;
        private readonly SecureString? _passphrase;
        private readonly System.Collections.Generic.Dictionary<long, PgpPrivateKey> _unlocked =
            new System.Collections.Generic.Dictionary<long, PgpPrivateKey>();

        public DecryptionKey(string keyFile, SecureString? passphrase)
        {
            KeyFile = keyFile;
            _passphrase = passphrase?.Copy();
            _passphrase?.MakeReadOnly();
            if (string.IsNullOrEmpty(keyFile) || !File.Exists(keyFile))
                throw new RostrvmException("DecryptionKeyNotFound", FailureKind.ObjectNotFound,
                    $"The private key file '{keyFile}' does not exist. Export it with gpg --export-secret-keys --armor KEYID > key.asc " +
                        $"(chmod 600) and give its path to -DecryptionKey.", keyFile);
            // A private key that others can read is no longer private: refuse it, as for option files.
            if (FilePermissions.IsReadableByOthers(keyFile))
                throw new RostrvmException("DecryptionKeyInsecure", FailureKind.SecurityError,
                    $"The private key file '{keyFile}' can be read by other users. Make it readable by its owner only (chmod 600), then " +
                        $"run the command again.", keyFile);
            try
            {
                using (var input = PgpUtilities.GetDecoderStream(File.OpenRead(keyFile)))
                    _keys = new PgpSecretKeyRingBundle(input);
            }
            catch (Exception ex) when (ex is PgpException || ex is IOException || ex is ArgumentException)
            {
                throw new RostrvmException("DecryptionKeyInvalid", FailureKind.InvalidArgument,
                    $"'{keyFile}' is not an OpenPGP private key ({ex.Message}). Export it with gpg --export-secret-keys --armor KEYID.",
                        keyFile, ex);
            }
        }

        public string KeyFile { get; }

        /// <summary>The unlocked private key for a key id the message was encrypted to, or null when this file lacks it.</summary>
        internal PgpPrivateKey? Unlock(long keyId, string path)
        {
            // Unlocking runs the passphrase's key derivation (seconds, by design): once per command.
            lock (_unlocked)
            {
                if (_unlocked.TryGetValue(keyId, out var known)) return known;
            }
            var secret = _keys.GetSecretKey(keyId);
            if (secret == null) return null;
            var chars = Passphrase();
            try
            {
                var key = secret.ExtractPrivateKey(chars);
                lock (_unlocked) _unlocked[keyId] = key;
                return key;
            }
            catch (PgpException ex)
            {
                throw new RostrvmException("DecryptionFailed", FailureKind.SecurityError,
                    $"The private key in '{KeyFile}' could not be unlocked to open '{path}': the passphrase is wrong. Give the key's " +
                        $"passphrase with -DecryptionKey.", path, ex);
            }
            finally { Array.Clear(chars, 0, chars.Length); }
        }

        private char[] Passphrase()
        {
            if (_passphrase == null || _passphrase.Length == 0) return new char[0];
            var pointer = Marshal.SecureStringToGlobalAllocUnicode(_passphrase);
            try
            {
                var chars = new char[_passphrase.Length];
                Marshal.Copy(pointer, chars, 0, chars.Length);
                return chars;
            }
            finally { Marshal.ZeroFreeGlobalAllocUnicode(pointer); }
        }
    }
}
