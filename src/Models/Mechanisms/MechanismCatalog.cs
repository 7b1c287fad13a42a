using XenSwitchSim.Models.Distributions;
using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Models.Mechanisms;

/// <summary>
/// The mechanism parameters a model file may set. Adding one is one line in
/// <see cref="DefaultEntries"/>. The entries below are illustrative seeds; the platform
/// engineer owns their values.
/// </summary>
public sealed class MechanismCatalog
{
    private static readonly MechanismEntry[] DefaultEntries =
    [
        MechanismEntry.Duration("xl_exec_cpu_us", 2500, 100, 200_000,
            "CPU time of xl's fork, exec and dynamic loading in dom0 before libxl starts", "placeholder estimate; to be calibrated"),
        MechanismEntry.Random("xenstore_rtt_us", LogNormalDistribution.FromMeanSd(150, 60), 5, 50_000,
            "one xenstore request/response between xl and xenstored, excluding scheduling waits", "placeholder estimate; to be calibrated"),
        MechanismEntry.Duration("hypercall_entry_exit_us", 0.5, 0, 100,
            "trap into Xen and return for one hypercall on the Cortex-A72", "placeholder; the study's version hypercall (10s of us) includes libxenctrl and privcmd"),
        MechanismEntry.Ratio("cpu_speed_factor", 1.0, 0.05, 20,
            "CPU speed relative to the Raspberry Pi 4 at 1.5 GHz (work times are divided by it)", "1 on the Pi 4 by definition"),
        MechanismEntry.Count("xl_pause_xenstore_requests", 6, 0, 100,
            "xenstore round trips xl makes for one pause or unpause", "placeholder; to be read from libxl's code path"),
        MechanismEntry.Fraction("softirq_to_ksoftirqd_fraction", 0.5, "share of network softirq work deferred to ksoftirqd under sustained load", "placeholder estimate"),
        MechanismEntry.RatePerS("nic_irq_rate_per_s", 8000, 0, 200_000, "NIC interrupts per second at 1000 Mbps receive", "placeholder estimate"),
    ];

    public MechanismCatalog(IEnumerable<MechanismEntry> entries)
    {
        Entries = [.. entries];
        foreach (var group in Entries.GroupBy(e => e.Name).Where(g => g.Count() > 1))
        {
            throw new ArgumentException($"mechanism '{group.Key}' is listed twice", nameof(entries));
        }

        foreach (var entry in Entries)
        {
            if (entry.Problem() is { } problem)
            {
                throw new ArgumentException($"mechanism '{entry.Name}': {problem}", nameof(entries));
            }
        }
    }

    public static MechanismCatalog Default { get; } = new(DefaultEntries);

    public IReadOnlyList<MechanismEntry> Entries { get; }

    public IEnumerable<string> Names => Entries.Select(e => e.Name);

    public MechanismEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    /// <summary>For code asking for a mechanism by name: a typo there is a programming error.</summary>
    public MechanismEntry Get(string name) =>
        Find(name) ?? throw new ArgumentException(
            $"unknown mechanism '{name}'; {ClosestMatch.Suggestion(name, Names)}known: {string.Join(", ", Names)}", nameof(name));
}
