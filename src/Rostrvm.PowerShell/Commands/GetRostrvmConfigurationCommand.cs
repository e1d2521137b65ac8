using System.Management.Automation;
using Rostrvm.Core.Configuration;
using Rostrvm.PowerShell.Infrastructure;

namespace Rostrvm.PowerShell.Commands
{
    /// <summary>Shows the maintenance settings in force, defaults filled in.</summary>
    [Cmdlet(VerbsCommon.Get, "RostrvmConfiguration")]
    [OutputType(typeof(RostrvmSettings))]
    public sealed class GetRostrvmConfigurationCommand : RostrvmCmdlet
    {
        protected override void EndProcessing()
        {
            WriteObject(Settings);
            base.EndProcessing();
        }
    }
}
