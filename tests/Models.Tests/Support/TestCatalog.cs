using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Mechanisms;

namespace XenSwitchSim.Models.Tests.Support;

/// <summary>
/// A test-owned mechanism catalogue, one entry of each kind, so that the loader and its error
/// messages are tested independently of the platform's entries in
/// <see cref="MechanismCatalog.Default"/>. <see cref="Files.Fixtures.Model"/> sets these names
/// and the error tests quote their bounds; edit with care.
/// </summary>
internal static class TestCatalog
{
    public static MechanismCatalog Instance { get; } = new(
    [
        MechanismEntry.Duration("xl_exec_cpu_us", 2500, 100, 200_000,
            "a fixed duration (test entry)", "test fixture"),
        MechanismEntry.Random("xenstore_rtt_us", LogNormalDistribution.FromMeanSd(150, 60), 5, 50_000,
            "a random duration (test entry)", "test fixture"),
        MechanismEntry.Duration("hypercall_entry_exit_us", 0.5, 0, 100,
            "a sub-microsecond duration (test entry)", "test fixture"),
        MechanismEntry.Ratio("cpu_speed_factor", 1.0, 0.05, 20,
            "a dimensionless factor (test entry)", "test fixture"),
        MechanismEntry.Count("xl_pause_xenstore_requests", 6, 0, 100,
            "a whole number (test entry)", "test fixture"),
        MechanismEntry.Fraction("softirq_to_ksoftirqd_fraction", 0.5,
            "a share in [0, 1] (test entry)", "test fixture"),
        MechanismEntry.RatePerS("nic_irq_rate_per_s", 8000, 0, 200_000,
            "a rate per second (test entry)", "test fixture"),
    ]);
}
