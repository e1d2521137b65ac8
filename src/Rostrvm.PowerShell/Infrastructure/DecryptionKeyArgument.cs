using System.Management.Automation;
using System.Security;
using Rostrvm.Core.Encryption;
using Rostrvm.Core.Errors;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// -DecryptionKey as given: a private key file path (with -DecryptionPassphrase when the key has
    /// one), or a PSCredential whose user name is the key file and whose password is the passphrase,
    /// so the passphrase can come from Get-Credential or SecretManagement and never as plain text.
    /// </summary>
    public static class DecryptionKeyArgument
    {
        public static DecryptionKey? Resolve(object? value, SecureString? passphrase, System.Func<string, string> resolvePath)
        {
            var item = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (item)
            {
                case null: return null;
                case DecryptionKey key: return key;
                case PSCredential credential: return new DecryptionKey(resolvePath(credential.UserName), passphrase ?? credential.Password);
                case string path: return new DecryptionKey(resolvePath(path), passphrase);
                default:
                    throw new RostrvmException("DecryptionKeyInvalid", FailureKind.InvalidArgument,
                        "Give -DecryptionKey a private key file path, or a PSCredential whose user name is the key file and whose " +
                            "password is its passphrase.", item);
            }
        }
    }
}
