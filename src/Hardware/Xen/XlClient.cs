using System.Globalization;
using System.Text.RegularExpressions;

namespace XenSwitchSim.Hardware.Xen;

/// <summary>
/// The <c>xl</c> commands the harness uses, run as processes: <c>xl list</c> (domain states),
/// <c>xl pause/unpause NAME</c> (optionally under <c>nice -n N</c> and <c>chrt -f P</c>, as the study
/// launched them), <c>xl info</c> and <c>xl dmesg</c> (version, scheduler, CPUs, TSC frequency).
/// <c>xl pause</c> exits 0 even when libxl fails (xen-internals.md 1.1 step 4), so a line on stderr
/// counts as a failure too.
/// </summary>
public sealed partial class XlClient(ProcessRunner runner, TimeSpan timeout)
{
    public ProcessRunner Runner { get; } = runner;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>The state of every domain from <c>xl list</c>.</summary>
    public IReadOnlyList<DomainInfo> List(CancellationToken cancel = default)
    {
        var r = Runner.Run(["xl", "list"], Timeout, cancel);
        if (r.TimedOut) throw new TimeoutException($"xl list did not finish within {Timeout.TotalSeconds:F0} s");
        if (r.ExitCode != 0) throw new InvalidOperationException($"xl list failed (exit {r.ExitCode}): {r.Stderr.Trim()}");
        return ParseList(r.Stdout);
    }

    /// <summary>Parses <c>xl list</c>: a header, then "Name ID Mem VCPUs State Time(s)" per domain.</summary>
    public static IReadOnlyList<DomainInfo> ParseList(string text)
    {
        var result = new List<DomainInfo>();
        foreach (var line in text.Split('\n'))
        {
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5 || f[0] == "Name") continue;
            if (!uint.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) continue;
            int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var vcpus);
            int? mem = int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : null;
            var state = f[4].PadRight(6, '-');
            result.Add(new DomainInfo(id, f[0], Paused: state[2] == 'p', Running: state[0] == 'r', Blocked: state[1] == 'b',
                Dying: state[5] == 'd', Shutdown: state[3] == 's', vcpus, mem));
        }

        return result;
    }

    /// <summary>The command line of a timed operation: [nice -n N] [chrt -f P] xl OP NAME.</summary>
    public static List<string> OperationCommand(string op, string domain, int nice, bool fifo, int fifoPriority)
    {
        var cmd = new List<string>();
        if (nice != 0) cmd.AddRange(["nice", "-n", nice.ToString(CultureInfo.InvariantCulture)]);
        if (fifo) cmd.AddRange(["chrt", "-f", fifoPriority.ToString(CultureInfo.InvariantCulture)]);
        cmd.AddRange(["xl", op, domain]);
        return cmd;
    }

    public sealed record XenHostInfo(string? XenVersion, string? Scheduler, int? Pcpus, string? Machine, double? TscHz);

    /// <summary><c>xl info</c> (xen_major/minor/extra, xen_scheduler, nr_cpus, machine) and, for the TSC, <c>xl dmesg</c>.</summary>
    public XenHostInfo Info(CancellationToken cancel = default)
    {
        var r = Runner.Run(["xl", "info"], Timeout, cancel);
        var kv = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in r.Stdout.Split('\n'))
        {
            var i = line.IndexOf(':');
            if (i > 0) kv[line[..i].Trim()] = line[(i + 1)..].Trim();
        }

        string? version = kv.TryGetValue("xen_major", out var ma) && kv.TryGetValue("xen_minor", out var mi)
            ? $"{ma}.{mi}{(kv.TryGetValue("xen_extra", out var ex) ? ex : "")}"
            : kv.GetValueOrDefault("xen_version");
        int? cpus = kv.TryGetValue("nr_cpus", out var n) && int.TryParse(n, CultureInfo.InvariantCulture, out var c) ? c : null;
        double? tsc = null;
        var d = Runner.Run(["xl", "dmesg"], Timeout, cancel);
        var m = DetectedMhz().Match(d.Stdout);
        if (m.Success) tsc = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1e6;
        return new XenHostInfo(version, kv.GetValueOrDefault("xen_scheduler"), cpus, kv.GetValueOrDefault("machine"), tsc);
    }

    [GeneratedRegex(@"Detected ([0-9.]+) MHz processor")]
    private static partial Regex DetectedMhz();
}
