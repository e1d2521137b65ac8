using System.Management.Automation;
using Rostrvm.Core.Connection;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// The connection parameters every database cmdlet shares, defaulting to the settings so that
    /// on a rostrvm server the cmdlet alone does the right thing.
    /// </summary>
    public abstract class RostrvmDatabaseCmdlet : RostrvmCmdlet
    {
        private ConnectionOptions? _connection;
        private string? _connectionKey;

        /// <summary>The database server; default from the settings (localhost).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("SqlInstance")]
        [ValidateNotNullOrEmpty]
        public string? Server { get; set; }

        /// <summary>The server's TCP port; default from the settings (3308).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>Account to connect as; default from the option file in the settings.</summary>
        [Parameter]
        [Alias("SqlCredential")]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>The rostrvm database; default rostrvm_&lt;vernum&gt; from the settings.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.DatabaseNameCompleter))]
        public string? Database { get; set; }

        /// <summary>TLS: None, Preferred (default), Required, VerifyCA, VerifyFull.</summary>
        [Parameter]
        [ValidateSet("None", "Preferred", "Required", "VerifyCA", "VerifyFull")]
        public string? SslMode { get; set; }

        protected override string? ServerName => _connection == null ? null : $"{_connection.Server}:{_connection.Port}";

        protected ConnectionOptions Connection
        {
            get
            {
                // Pipeline input may change the server or database from one record to the next.
                var key = $"{Server}|{Port}|{Database}|{SslMode}";
                if (_connection == null || key != _connectionKey)
                {
                    _connectionKey = key;
                    try
                    {
                        _connection = ConnectionOptions.FromSettings(Settings, Server,
                            MyInvocation.BoundParameters.ContainsKey(nameof(Port)) ? Port : (int?)null,
                            Database, Credential?.GetNetworkCredential(), SslMode);
                    }
                    catch (System.Exception ex)
                    {
                        ThrowFailure(ex, ConfigurationPath);
                        throw; // not reached: ThrowFailure throws, but the compiler cannot know it
                    }
                }
                return _connection;
            }
        }
    }
}
