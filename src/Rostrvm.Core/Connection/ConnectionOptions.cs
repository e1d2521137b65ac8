using System.Net;
using Rostrvm.Core.Configuration;

namespace Rostrvm.Core.Connection
{
    /// <summary>Where and as whom to connect: the common -Server -Port -Credential -Database.</summary>
    public sealed class ConnectionOptions
    {
        public string Server { get; set; } = "localhost";
        public int Port { get; set; } = 3308;
        public string? Database { get; set; }
        /// <summary>Never logged or shown; kept as a NetworkCredential (SecureString inside).</summary>
        public NetworkCredential? Credential { get; set; }
        public string SslMode { get; set; } = "Preferred";
        public int CommandTimeoutSeconds { get; set; }

        public string? UserName => Credential?.UserName;

        /// <summary>Settings supply what the caller did not say.</summary>
        public static ConnectionOptions FromSettings(RostrvmSettings settings, string? server = null, int? port = null,
            string? database = null, NetworkCredential? credential = null, string? sslMode = null)
        {
            var options = new ConnectionOptions
            {
                Server = server is { Length: > 0 } ? server : settings.Server,
                Port = port ?? settings.Port,
                Database = database is { Length: > 0 } ? database : settings.EffectiveDatabase,
                SslMode = sslMode is { Length: > 0 } ? sslMode : settings.SslMode,
                CommandTimeoutSeconds = settings.CommandTimeoutSeconds,
                Credential = credential,
            };
            // The DPAPI credential file (Windows scheduled runs) comes before the option file.
            if (options.Credential == null && settings.CredentialFile is { Length: > 0 } credentialFile)
                options.Credential = Configuration.CredentialFile.Read(credentialFile);
            if (options.Credential == null && settings.OptionFile is { Length: > 0 } optionFile)
                options.Credential = OptionFile.ReadCredential(optionFile);
            return options;
        }

        public ConnectionOptions WithDatabase(string? database)
        {
            var copy = (ConnectionOptions)MemberwiseClone();
            copy.Database = database;
            return copy;
        }

        /// <summary>For messages: server, port and user, never the password.</summary>
        public override string ToString() => $"{UserName ?? "(no user)"}@{Server}:{Port}";
    }
}
