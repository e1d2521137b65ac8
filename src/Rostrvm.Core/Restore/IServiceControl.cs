namespace Rostrvm.Core.Restore
{
    /// <summary>
    /// Stops and starts the rostrvm application service around a restore: one backend per
    /// platform (Windows services, systemd units), chosen once by <see cref="ServiceControl"/>.
    /// </summary>
    public interface IServiceControl
    {
        /// <summary>Throws ServiceNotFound when the service does not exist (checked before anything changes).</summary>
        void EnsureExists(string name);

        /// <summary>Stops the service (and what depends on it), waiting up to the timeout; ServiceControlFailed otherwise.</summary>
        void Stop(string name);

        /// <summary>Starts the service again, with what <see cref="Stop"/> stopped that depends on it.</summary>
        void Start(string name);
    }
}
