using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Tests;

/// <summary>A private copy of Fixtures/fake-xl with its own domain table, call log and misbehaviours.</summary>
internal sealed class FakeXl : IDisposable
{
    public FakeXl(params (string Name, int Id, int PauseCount)[] domains)
    {
        Dir = Path.Combine(Path.GetTempPath(), "xss-fakexl-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Dir);
        var script = Path.Combine(Dir, "xl");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "fake-xl"), script);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllLines(Path.Combine(Dir, "domains"), new[] { "Domain-0 0 0" }.Concat(domains.Select(d => $"{d.Name} {d.Id} {d.PauseCount}")));
        File.WriteAllText(Path.Combine(Dir, "behaviour"), "");
    }

    public string Dir { get; }

    public ProcessRunner Runner => new(Dir + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"));

    public void Misbehave(string line) => File.AppendAllText(Path.Combine(Dir, "behaviour"), line + "\n");

    /// <summary>The pause count of a domain (Xen's controller_pause_count).</summary>
    public int PauseCount(string name) =>
        int.Parse(File.ReadAllLines(Path.Combine(Dir, "domains")).Select(l => l.Split(' ')).Single(f => f[0] == name)[2]);

    public IReadOnlyList<string> Calls =>
        File.Exists(Path.Combine(Dir, "calls.log")) ? File.ReadAllLines(Path.Combine(Dir, "calls.log")) : [];

    /// <summary>The pause/unpause calls only, e.g. "pause d1".</summary>
    public IReadOnlyList<string> Operations => Calls.Where(c => c.StartsWith("pause", StringComparison.Ordinal) || c.StartsWith("unpause", StringComparison.Ordinal)).ToList();

    public void Dispose()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}

/// <summary>A fake libxenctrl: pause counts per domain, calls logged, failures on request.</summary>
internal sealed class FakeXenControl : IXenControl
{
    public Dictionary<uint, int> Counts { get; } = new() { [0] = 0 };

    public List<string> Calls { get; } = [];

    /// <summary>Fail the N-th call of this kind ("pause" or "unpause") with this errno.</summary>
    public Dictionary<(string, int), int> FailOn { get; } = [];

    private readonly Dictionary<string, int> _n = [];

    public (int Major, int Minor) Version() => (4, 17);

    public IReadOnlyList<DomainInfo> ListDomains() =>
        Counts.OrderBy(kv => kv.Key).Select(kv => new DomainInfo(kv.Key, null, kv.Value > 0, kv.Key == 0, kv.Key != 0 && kv.Value == 0, false, false, 1)).ToList();

    public void Pause(uint domid) => Do("pause", domid, +1);

    public void Unpause(uint domid) => Do("unpause", domid, -1);

    private void Do(string op, uint domid, int delta)
    {
        var n = _n[op] = _n.GetValueOrDefault(op) + 1;
        Calls.Add($"{op} {domid}");
        if (FailOn.TryGetValue((op, n), out var errno)) throw new XenControlException($"xc_domain_{op}", errno);
        if (!Counts.ContainsKey(domid)) throw new XenControlException($"xc_domain_{op}", 3);
        if (domid == 0) throw new XenControlException($"xc_domain_{op}", 22);
        if (delta < 0 && Counts[domid] == 0) throw new XenControlException($"xc_domain_{op}", 22);
        Counts[domid] += delta;
    }

    public int VersionCalls { get; private set; }

    public void VersionHypercall() => VersionCalls++;

    public void Dispose()
    {
    }
}
