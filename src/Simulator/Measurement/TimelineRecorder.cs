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
    private readonly List<TimelineEvent> _events = [];

    /// <summary>The entries as (time, lane, text), in recording order.</summary>
    public IReadOnlyList<(long Ns, string Lane, string What)> Entries => _events.Select(e => (e.Ns, e.Lane, e.What)).ToList();

    /// <summary>The same entries with their structure, for drawing: which entries hand a CPU to a new holder.</summary>
    public IReadOnlyList<TimelineEvent> Events => _events;

    public string Board { get; private set; } = "";

    public void Attach(Board board, string name)
    {
        Board = name;
        board.Probes.Next = this;
        board.Kernel.Observer = (t, cpu, prev, next) =>
            _events.Add(new(t, $"dom0 cpu{cpu}", $"{prev?.Name ?? "idle"} -> {next?.Name ?? "idle"}", TimelineEventKind.Handover, next?.Name));
        board.Toolstack.OnDomctl = (op, d, t) =>
            _events.Add(new(t, "domctl", $"{op.ToString().ToLowerInvariant()} d{d.Id} enters Xen", TimelineEventKind.Domctl, null));
    }

    public void RunstateChange(long atNs, int pcpu, Vcpu vcpu, RunState from, RunState to) =>
        _events.Add(new(atNs, $"xen pcpu{pcpu}", $"{vcpu} {Name(from)}->{Name(to)}", TimelineEventKind.Runstate, null));

    public void Sleep(long atNs, int pcpu, Vcpu vcpu) => _events.Add(new(atNs, $"xen pcpu{pcpu}", $"vcpu_sleep {vcpu}", TimelineEventKind.SleepWake, null));

    public void Wake(long atNs, int pcpu, Vcpu vcpu) => _events.Add(new(atNs, $"xen pcpu{pcpu}", $"vcpu_wake {vcpu}", TimelineEventKind.SleepWake, null));

    public void Switch(long atNs, int pcpu, Vcpu? prev, Vcpu? next) =>
        _events.Add(new(atNs, $"xen pcpu{pcpu}", $"switch {prev?.ToString() ?? "idle"} -> {next?.ToString() ?? "idle"}", TimelineEventKind.Handover, next?.ToString()));

    private static string Name(RunState s) => s.ToString().ToLowerInvariant();

    /// <summary>The entries between two times, as text lines relative to <paramref name="originNs"/>.</summary>
    public IEnumerable<string> Lines(long fromNs, long toNs, long originNs) =>
        _events.Where(e => e.Ns >= fromNs && e.Ns <= toNs)
            .OrderBy(e => e.Ns)
            .Select(e => $"{(e.Ns - originNs) / 1000.0,12:F3} us  {e.Lane,-12} {e.What}");
}

/// <summary>What a timeline entry records.</summary>
public enum TimelineEventKind
{
    /// <summary>The lane's CPU passes to <see cref="TimelineEvent.Holder"/> (null: idle) until the lane's next handover.</summary>
    Handover,

    /// <summary>A vCPU's runstate change (xentrace TRC_SCHED_RUNSTATE_CHANGE).</summary>
    Runstate,

    /// <summary>vcpu_sleep / vcpu_wake.</summary>
    SleepWake,

    /// <summary>A pause/unpause domctl entering Xen.</summary>
    Domctl,
}

/// <summary>One timeline entry: when (simulated ns), on which lane ("dom0 cpu0", "xen pcpu2", "domctl"), as text, and its structure.</summary>
public readonly record struct TimelineEvent(long Ns, string Lane, string What, TimelineEventKind Kind, string? Holder);
