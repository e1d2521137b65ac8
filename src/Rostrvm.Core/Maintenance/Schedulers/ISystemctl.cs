namespace Rostrvm.Core.Maintenance.Schedulers
{
    /// <summary>systemd's control tool, behind an interface so the systemd scheduler is tested without systemd.</summary>
    public interface ISystemctl
    {
        /// <summary>systemd is the init system here.</summary>
        bool Running { get; }

        /// <summary>Runs systemctl; a failure throws SystemctlFailed unless <paramref name="quiet"/>.</summary>
        string Run(bool quiet, params string[] arguments);
    }
}
