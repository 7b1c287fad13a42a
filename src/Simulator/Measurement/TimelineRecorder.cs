using XenSwitchSim.Simulator.Platform;
using XenSwitchSim.Simulator.Platform.Linux;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Measurement;

/// <summary>
/// Records one board's timeline for --trace-run: which vCPU each pCPU ran, runstate changes,
/// which task each dom0 vCPU ran, and the domctls, so a user sees why a switch was slow.
/// </summary>
public sealed class TimelineRecorder : IXenObserver
{
    private readonly List<(long Ns, string Lane, string What)> _entries = [];

    public IReadOnlyList<(long Ns, string Lane, string What)> Entries => _entries;

    public string Board { get; private set; } = "";

    public void Attach(Board board, string name)
    {
        Board = name;
        board.Probes.Next = this;
        board.Kernel.Observer = (t, cpu, prev, next) =>
            _entries.Add((t, $"dom0 cpu{cpu}", $"{prev?.Name ?? "idle"} -> {next?.Name ?? "idle"}"));
        board.Toolstack.OnDomctl = (op, d, t) => _entries.Add((t, "domctl", $"{op.ToString().ToLowerInvariant()} d{d.Id} enters Xen"));
    }

    public void RunstateChange(long atNs, int pcpu, Vcpu vcpu, RunState from, RunState to) =>
        _entries.Add((atNs, $"xen pcpu{pcpu}", $"{vcpu} {Name(from)}->{Name(to)}"));

    public void Sleep(long atNs, int pcpu, Vcpu vcpu) => _entries.Add((atNs, $"xen pcpu{pcpu}", $"vcpu_sleep {vcpu}"));

    public void Wake(long atNs, int pcpu, Vcpu vcpu) => _entries.Add((atNs, $"xen pcpu{pcpu}", $"vcpu_wake {vcpu}"));

    public void Switch(long atNs, int pcpu, Vcpu? prev, Vcpu? next) =>
        _entries.Add((atNs, $"xen pcpu{pcpu}", $"switch {prev?.ToString() ?? "idle"} -> {next?.ToString() ?? "idle"}"));

    private static string Name(RunState s) => s.ToString().ToLowerInvariant();

    /// <summary>The entries between two times, as text lines relative to <paramref name="originNs"/>.</summary>
    public IEnumerable<string> Lines(long fromNs, long toNs, long originNs) =>
        _entries.Where(e => e.Ns >= fromNs && e.Ns <= toNs)
            .OrderBy(e => e.Ns)
            .Select(e => $"{(e.Ns - originNs) / 1000.0,12:F3} us  {e.Lane,-12} {e.What}");
}
