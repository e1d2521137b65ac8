using System;
using System.IO;
using System.Net;
using Rostrvm.Core.Errors;
using Rostrvm.Core.IO;

namespace Rostrvm.Core.Connection
{
    /// <summary>
    /// Reads user and password from the [client] group of a MySQL option file (my.cnf syntax),
    /// the way the mysql client's --defaults-extra-file does. Refuses a file others can read.
    /// </summary>
    public static class OptionFile
    {
        public static NetworkCredential ReadCredential(string path)
        {
            CheckPrivate(path);
            string? user = null, password = null, section = null;
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';') continue;
                if (line[0] == '[' && line.EndsWith("]", StringComparison.Ordinal))
                {
                    section = line.Substring(1, line.Length - 2).Trim().ToLowerInvariant();
                    continue;
                }
                if (section != "client" && section != "mysql" && section != "mariadb-client") continue;
                var eq = line.IndexOf('=');
                if (eq < 0) continue;
                var key = line.Substring(0, eq).Trim().ToLowerInvariant().Replace('-', '_');
                var value = Unquote(line.Substring(eq + 1).Trim());
                if (key == "user") user = value;
                else if (key == "password") password = value;
            }
            if (string.IsNullOrEmpty(user))
                throw new RostrvmException("OptionFileIncomplete", FailureKind.InvalidData,
                    $"The option file '{path}' has no user= line in its [client] section. Add one, or pass -Credential.", path);
            return new NetworkCredential(user, password ?? string.Empty);
        }

        /// <summary>The file exists and only its owner can read it (checked when it is set and when it is read).</summary>
        public static void CheckPrivate(string path)
        {
            if (!File.Exists(path))
                throw new RostrvmException("OptionFileNotFound", FailureKind.ObjectNotFound,
                    $"The option file '{path}' does not exist. Create it with a [client] section holding user= and password=, or pass " +
                        $"-Credential.", path);
            var readers = FilePermissions.OtherReaders(path);
            if (readers.Count > 0)
                throw new RostrvmException("OptionFileInsecure", FailureKind.SecurityError,
                    $"The option file '{path}' can be read by {string.Join(", ", readers)}, so its password is not secret. " +
                    (FilePermissions.IsUnix ? $"Run 'chmod 600 {path}'" : "Remove their access (the file's Properties, Security) or " +
                        "store the credential with Set-RostrvmConfiguration -CredentialFile") + " and try again.", path);
        }

        private static string Unquote(string value)
        {
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[value.Length - 1] == value[0])
                return value.Substring(1, value.Length - 2);
            return value;
        }
    }
}
