using XenSwitchSim.Hardware.Counters;
using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Recording;

/// <summary>
/// One pause or unpause as issued: the dom0 counter just before and just after, and how it ended.
/// <see cref="Uncertain"/>: it timed out, so whether Xen applied it is not known (the guard looks).
/// </summary>
public sealed record OpResult(ulong Before, ulong After, bool Ok, bool Uncertain, string? Error);

/// <summary>How dom0 issues pause and unpause: by spawning <c>xl</c> or by calling libxenctrl.</summary>
public interface IDomainOperations
{
    string Mechanism { get; }

    /// <summary>Every domain with its name and state.</summary>
    IReadOnlyList<DomainInfo> States(CancellationToken cancel);

    OpResult Pause(DomainInfo domain, CancellationToken cancel);

    OpResult Unpause(DomainInfo domain, CancellationToken cancel);
}

/// <summary>The study's way: stamp, then launch <c>[nice -n N] [chrt -f P] xl pause NAME</c> and wait for it.</summary>
public sealed class XlOperations(XlClient xl, ICounter counter, int nice, bool fifo, int fifoPriority) : IDomainOperations
{
    public string Mechanism => "xl";

    public IReadOnlyList<DomainInfo> States(CancellationToken cancel) => xl.List(cancel);

    public OpResult Pause(DomainInfo d, CancellationToken cancel) => Run("pause", d, cancel);

    public OpResult Unpause(DomainInfo d, CancellationToken cancel) => Run("unpause", d, cancel);

    private OpResult Run(string op, DomainInfo d, CancellationToken cancel)
    {
        var cmd = XlClient.OperationCommand(op, d.Name ?? d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), nice, fifo, fifoPriority);
        var before = counter.Read();
        var r = xl.Runner.Run(cmd, xl.Timeout, cancel);
        var after = counter.Read();
        if (r.TimedOut) return new OpResult(before, after, false, true, $"{string.Join(' ', cmd)} did not finish within {xl.Timeout.TotalSeconds:F0} s and was killed");
        var err = r.Stderr.Trim();
        if (r.ExitCode != 0 || err.Length > 0)
            return new OpResult(before, after, false, false, $"{string.Join(' ', cmd)}: exit {r.ExitCode}{(err.Length > 0 ? ": " + err : "")}");
        return new OpResult(before, after, true, false, null);
    }
}

/// <summary>
/// A resident process calling libxenctrl (no process creation): stamp, then <c>xc_domain_pause</c>.
/// Names come from one <c>xl list</c> at the start; states from <c>xc_domain_getinfolist</c>.
/// </summary>
public sealed class ResidentOperations(IXenControl xc, IReadOnlyDictionary<uint, string> names, ICounter counter) : IDomainOperations
{
    public string Mechanism => "resident";

    public IReadOnlyList<DomainInfo> States(CancellationToken cancel) =>
        xc.ListDomains().Select(d => d with { Name = names.GetValueOrDefault(d.Id) }).ToList();

    public OpResult Pause(DomainInfo d, CancellationToken cancel) => Call(() => xc.Pause(d.Id));

    public OpResult Unpause(DomainInfo d, CancellationToken cancel) => Call(() => xc.Unpause(d.Id));

    private OpResult Call(Action a)
    {
        var before = counter.Read();
        try
        {
            a();
            return new OpResult(before, counter.Read(), true, false, null);
        }
        catch (XenControlException e)
        {
            return new OpResult(before, counter.Read(), false, false, e.Message);
        }
    }
}
