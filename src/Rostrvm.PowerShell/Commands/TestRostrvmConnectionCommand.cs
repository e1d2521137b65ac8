using System;
using System.Management.Automation;
using Rostrvm.Core.Connection;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>Can we reach the server, what is it, is binary logging on, what may we do.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "RostrvmConnection")]
    [OutputType(typeof(ConnectionReport))]
    public sealed class TestRostrvmConnectionCommand : RostrvmDatabaseCmdlet
    {
        protected override void ProcessRecord()
        {
            var options = Connection;
            try
            {
                WriteVerbose($"Connecting to {options}.");
                WriteObject(Run(token => ConnectionTester.TestAsync(options, token)));
            }
            catch (Exception ex)
            {
                WriteFailure(ex, options.ToString());
            }
        }
    }
}
