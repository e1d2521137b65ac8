using System.Management.Automation;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// A parameter's value only when the caller gave it, so a cmdlet passes its overrides to an
    /// options type's <c>From(settings, ...)</c> and the defaults come from the settings there.
    /// </summary>
    public static class BoundParameters
    {
        /// <summary>The bound value (a switch as true or false), or null when the parameter was not given.</summary>
        public static T? ValueOrNull<T>(this PSCmdlet cmdlet, string name)
            where T : struct =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue(name, out var value) ? LanguagePrimitives.ConvertTo<T>(value) : (T?)null;
    }
}
