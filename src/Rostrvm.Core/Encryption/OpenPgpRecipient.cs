using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Rostrvm.Core.Errors;

namespace Rostrvm.Core.Encryption
{
    /// <summary>
    /// The public key files are encrypted for (-EncryptFor, setting EncryptionRecipient): a key file
    /// (armored or binary), or a key id / fingerprint / user id that the local gpg keyring exports.
    /// Only the public half is ever needed to write a backup.
    /// </summary>
    public sealed class OpenPgpRecipient
    {
        private OpenPgpRecipient(PgpPublicKey key, string source)
        {
            Key = key;
            Source = source;
        }

        internal PgpPublicKey Key { get; }

        /// <summary>What the recipient was given as (file or key id), for messages.</summary>
        public string Source { get; }

        /// <summary>The encryption key's id as gpg shows it (16 hex digits).</summary>
        public string KeyId => Key.KeyId.ToString("X16");

        public static OpenPgpRecipient Resolve(string recipient)
        {
            if (string.IsNullOrWhiteSpace(recipient))
                throw Invalid(recipient, "no recipient was given");
            byte[] keyBytes;
            if (File.Exists(recipient)) keyBytes = File.ReadAllBytes(recipient);
            else keyBytes = ExportFromKeyring(recipient);
            try
            {
                using (var input = PgpUtilities.GetDecoderStream(new MemoryStream(keyBytes)))
                {
                    var bundle = new PgpPublicKeyRingBundle(input);
                    // A subkey made for encryption first (gpg's default layout), else an encrypting primary key.
                    var keys = bundle.GetKeyRings().SelectMany(r => r.GetPublicKeys())
                        .Where(k => k.IsEncryptionKey && !k.HasRevocation() && !Expired(k))
                        .OrderBy(k => k.IsMasterKey).ToList();
                    if (keys.Count == 0) throw Invalid(recipient,
                        "it holds no usable encryption key (revoked, expired or a signing-only key)");
                    return new OpenPgpRecipient(keys[0], recipient);
                }
            }
            catch (Exception ex) when (ex is PgpException || ex is IOException || ex is ArgumentException)
            {
                throw Invalid(recipient, "it is not an OpenPGP public key (" + ex.Message + ")", ex);
            }
        }

        private static bool Expired(PgpPublicKey key)
        {
            var seconds = key.GetValidSeconds();
            return seconds > 0 && key.CreationTime.AddSeconds(seconds) < DateTime.UtcNow;
        }

        /// <summary>gpg --export of a public key: no secret is involved, so the local keyring may answer.</summary>
        private static byte[] ExportFromKeyring(string keyId)
        {
            var start = new ProcessStartInfo("gpg")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            start.Arguments = "--batch --no-tty --export -- \"" + keyId.Replace("\"", string.Empty) + "\"";
            try
            {
                using (var process = Process.Start(start))
                using (var output = new MemoryStream())
                {
                    process.StandardInput.Close();
                    var errors = process.StandardError.ReadToEndAsync();
                    process.StandardOutput.BaseStream.CopyTo(output);
                    process.WaitForExit();
                    if (output.Length == 0) throw Invalid(keyId, "it is neither a key file nor a key in the gpg keyring");
                    return output.ToArray();
                }
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw Invalid(keyId, "it is not a file and gpg is not installed to look it up as a key id", ex);
            }
        }

        private static RostrvmException Invalid(string recipient, string why, Exception? inner = null) =>
            new RostrvmException("EncryptionRecipientInvalid", FailureKind.InvalidArgument,
                $"The encryption recipient '{recipient}' cannot be used: {why}. Give -EncryptFor (or EncryptionRecipient in the " +
                    $"settings) a public key file (gpg --armor --export KEYID > key.asc) or a key id in the gpg keyring.", recipient,
                    inner);
    }
}
