using System;
using System.Management.Automation;
using System.Net;
using System.Security;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// Lets a SecureString parameter (a password) take a PSCredential too, using its password: an
    /// administrator may keep archive passwords as credentials (Get-Credential, SecretManagement).
    /// Plain strings are refused so a password never sits on a command line.
    /// </summary>
    public sealed class SecretTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null: return null;
                case SecureString secure: return secure;
                case PSCredential credential: return credential.Password;
                default:
                    throw new ArgumentTransformationMetadataException(
                        "Give the password as a SecureString (Read-Host -AsSecureString) or a PSCredential (Get-Credential), " +
                        "never as plain text.");
            }
        }

        /// <summary>The plain text, for the one library call that needs it; null for no password.</summary>
        public static string? Reveal(SecureString? secret) =>
            secret == null || secret.Length == 0 ? null : new NetworkCredential(string.Empty, secret).Password;
    }
}
