using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Versioning;
using System.ServiceProcess;
using Rostrvm.Core.Errors;
using Rostrvm.Core.Restore;

namespace Rostrvm.Core.Windows
{
    /// <summary>
    /// A Windows service through the service control manager: services that depend on it are
    /// stopped first and started again after it; each change waits up to the timeout. Only created
    /// behind an OS check (Restore/ServiceControl); no field holds a Windows-only type.
    /// </summary>
    [SupportedOSPlatform("windows")]
    internal sealed class WindowsServiceControl : IServiceControl
    {
        private readonly TimeSpan _timeout;
        private readonly List<string> _stoppedDependents = new List<string>();

        public WindowsServiceControl(TimeSpan timeout) => _timeout = timeout;

        public void EnsureExists(string name)
        {
            if (ServiceController.GetServices().Any(s => string.Equals(s.ServiceName, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(s.DisplayName, name, StringComparison.OrdinalIgnoreCase))) return;
            throw new RostrvmException("ServiceNotFound", FailureKind.ObjectNotFound,
                $"The service '{name}' does not exist on this machine (Get-Service lists it otherwise). Check -ServiceName; nothing " +
                    "was changed.", name);
        }

        public void Stop(string name)
        {
            using (var service = new ServiceController(name))
            {
                _stoppedDependents.Clear();
                foreach (var dependent in service.DependentServices.Where(d => d.Status != ServiceControllerStatus.Stopped))
                {
                    Change(dependent, name, stop: true);
                    _stoppedDependents.Add(dependent.ServiceName);
                }
                Change(service, name, stop: true);
            }
        }

        public void Start(string name)
        {
            using (var service = new ServiceController(name)) Change(service, name, stop: false);
            // Dependents in the reverse order of their stop, after what they depend on runs.
            foreach (var dependent in Enumerable.Reverse(_stoppedDependents).ToList())
                using (var service = new ServiceController(dependent)) Change(service, name, stop: false);
            _stoppedDependents.Clear();
        }

        private void Change(ServiceController service, string forService, bool stop)
        {
            var wanted = stop ? ServiceControllerStatus.Stopped : ServiceControllerStatus.Running;
            try
            {
                service.Refresh();
                if (service.Status == wanted) return;
                if (stop) service.Stop(); else service.Start();
                service.WaitForStatus(wanted, _timeout);
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is System.ServiceProcess.TimeoutException)
            {
                var verb = stop ? "stop" : "start";
                var which = string.Equals(service.ServiceName, forService, StringComparison.OrdinalIgnoreCase)
                    ? $"the service '{forService}'" : $"'{service.ServiceName}' (it depends on '{forService}')";
                throw new RostrvmException("ServiceControlFailed", FailureKind.InvalidOperation,
                    $"Could not {verb} {which} within {_timeout.TotalSeconds:N0} s: {ex.Message}", forService);
            }
        }
    }
}
