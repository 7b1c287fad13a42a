using System.Globalization;
using System.Text;
using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Hardware.Counters;
using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Recording;

/// <summary>What <c>hw record</c> is asked to do.</summary>
public sealed record RecordOptions
{
    public required string Domain { get; init; }

    public required MeasurementOp Op { get; init; }

    public string? Standby { get; init; }

    public required int Runs { get; init; }

    /// <summary>How long a paused domain stays paused (and a resumed one runs) before it is put back.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>Pause between runs; a uniform random extra of up to <see cref="Jitter"/> puts each operation at a random phase of the tick and sampler periods.</summary>
    public TimeSpan Gap { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan Jitter { get; init; } = TimeSpan.FromMilliseconds(20);

    public int Seed { get; init; } = 1;
}

/// <summary>What happened: the timed calls in run order, and anything that went wrong.</summary>
public sealed record RecordOutcome(IReadOnlyList<RawRun> Runs, IReadOnlyList<string> Problems, bool Cancelled, string? Aborted);

/// <summary>
/// The harness core (runs in dom0): refuses dom0 and unknown domains, reads every domain's state
/// first, then times each operation the way the study did and puts the domains back after every
/// run; a <see cref="StateGuard"/> restores them on cancellation, errors and timeouts too.
/// Nothing here touches a domain before <see cref="Run"/>; the CLI asks for --yes before calling it.
/// </summary>
public sealed class Recorder(IDomainOperations ops, RecordOptions options, Action<string> log)
{
    public DomainInfo? Active { get; private set; }

    public DomainInfo? StandbyDomain { get; private set; }

    /// <summary>Every domain as found by <see cref="Plan"/>.</summary>
    public IReadOnlyList<DomainInfo> Found { get; private set; } = [];

    /// <summary>Checks the request against the domains' states; throws <see cref="RecordRefusedException"/> when it must not run.</summary>
    public string Plan(CancellationToken cancel = default)
    {
        if (options.Runs < 1) throw new RecordRefusedException("--runs must be at least 1");
        var states = ops.States(cancel);
        Found = states;
        Active = Find(states, options.Domain, "--domain");
        if (options.Op == MeasurementOp.Switch)
        {
            if (options.Standby is null) throw new RecordRefusedException("--op switch needs --standby NAME (a booted, paused domain)");
            StandbyDomain = Find(states, options.Standby, "--standby");
            if (StandbyDomain.Id == Active.Id) throw new RecordRefusedException("--standby must be another domain than --domain");
            if (!StandbyDomain.Paused) throw new RecordRefusedException($"the standby '{options.Standby}' is running; a switch starts from a paused standby (xl pause {options.Standby} first)");
        }
        else if (options.Standby is not null)
        {
            throw new RecordRefusedException("--standby is for --op switch only");
        }

        if (options.Op is MeasurementOp.Pause or MeasurementOp.Switch && Active.Paused)
        {
            throw new RecordRefusedException($"'{options.Domain}' is paused; timing a pause needs a running domain (a second pause would only nest). Unpause it first, or use --op unpause");
        }

        var sb = new StringBuilder();
        var who = $"'{Active.Name}' (id {Active.Id}, {(Active.Paused ? "paused" : "running")})";
        var n = options.Runs;
        var hold = $"{options.Hold.TotalMilliseconds:F0} ms";
        sb.AppendLine($"hw record will, with mechanism {ops.Mechanism}:");
        switch (options.Op)
        {
            case MeasurementOp.Pause:
                sb.AppendLine($"  pause {who} {n} time(s), timing each pause, and unpause it {hold} later;");
                break;
            case MeasurementOp.Unpause:
                sb.AppendLine(Active.Paused
                    ? $"  unpause {who} {n} time(s), timing each unpause, and pause it again {hold} later;"
                    : $"  pause {who} {n} time(s) (untimed) and unpause it {hold} later, timing each unpause;");
                break;
            default:
                sb.AppendLine($"  {n} time(s): pause {who} then unpause the standby '{StandbyDomain!.Name}' (id {StandbyDomain.Id}, paused), timing the switch;");
                sb.AppendLine($"  {hold} later put them back: pause '{StandbyDomain.Name}', unpause '{Active.Name}';");
                break;
        }

        sb.AppendLine("  after every run, and on Ctrl-C, errors and timeouts, put every domain back as it was found");
        sb.Append("  (one unpause per pause it made; it never unpauses a pause it did not make).");
        return sb.ToString();
    }

    private static DomainInfo Find(IReadOnlyList<DomainInfo> states, string name, string option)
    {
        if (name is "0" or "Domain-0") throw new RecordRefusedException($"{option} {name}: refusing to pause or unpause dom0");
        var d = states.FirstOrDefault(s => s.Name == name)
            ?? (uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? states.FirstOrDefault(s => s.Id == id) : null)
            ?? throw new RecordRefusedException($"{option} {name}: no such domain (known: {string.Join(", ", states.Where(s => s.Id != 0).Select(s => s.Name ?? s.Id.ToString(CultureInfo.InvariantCulture)))})");
        if (d.Id == 0) throw new RecordRefusedException($"{option} {name}: refusing to pause or unpause dom0");
        if (d.Dying || d.Shutdown) throw new RecordRefusedException($"{option} {name}: the domain is shutting down or dying");
        return d;
    }

    /// <summary>Runs the plan. Call <see cref="Plan"/> first. Always restores, whatever happens.</summary>
    public RecordOutcome Run(CancellationToken cancel, Action? beforeFirstRun = null, Action? afterLastRun = null)
    {
        if (Active is null) throw new InvalidOperationException("Plan() first");
        var guard = new StateGuard(ops, log);
        guard.Track(Active);
        if (StandbyDomain is not null) guard.Track(StandbyDomain);
        var runs = new List<RawRun>();
        var rng = new Random(options.Seed);
        string? aborted = null;
        var cancelled = false;
        try
        {
            beforeFirstRun?.Invoke();
            for (var i = 0; i < options.Runs; i++)
            {
                if (cancel.IsCancellationRequested) { cancelled = true; break; }
                runs.Add(options.Op switch
                {
                    MeasurementOp.Pause => RunPause(i, guard),
                    MeasurementOp.Unpause => RunUnpause(i, guard),
                    _ => RunSwitch(i, guard),
                });
                if (!Sleep(options.Gap + (options.Jitter * rng.NextDouble()), cancel)) { cancelled = true; break; }
            }
        }
        catch (RecordAbortedException e)
        {
            aborted = e.Message;
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
        }
        finally
        {
            try { afterLastRun?.Invoke(); }
            catch (Exception e) when (e is not OutOfMemoryException) { log($"warning: stopping after the runs: {e.Message}"); }
        }

        var problems = guard.RestoreAll();
        return new RecordOutcome(runs, problems, cancelled, aborted);
    }

    private RawRun RunPause(int i, StateGuard guard)
    {
        var d = Active!;
        var timed = Do(guard, d, pause: true, expectPaused: true);
        Hold();
        Do(guard, d, pause: false, expectPaused: false);
        return new RawRun(i, MeasurementOp.Pause, timed, null);
    }

    private RawRun RunUnpause(int i, StateGuard guard)
    {
        var d = Active!;
        if (!guard.InitiallyPaused(d.Id) || guard.Net(d.Id) < 0)
        {
            Do(guard, d, pause: true, expectPaused: true); // set-up, untimed
            Hold();
        }

        var timed = Do(guard, d, pause: false, expectPaused: false);
        Hold();
        if (guard.InitiallyPaused(d.Id))
        {
            Do(guard, d, pause: true, expectPaused: true); // back as found
        }

        return new RawRun(i, MeasurementOp.Unpause, timed, null);
    }

    private RawRun RunSwitch(int i, StateGuard guard)
    {
        var a = Active!;
        var b = StandbyDomain!;
        // The switch: pause the active, then unpause the standby, back to back; states checked after both.
        var first = ops.Pause(a, CancellationToken.None);
        guard.Record(a.Id, true, first);
        if (!first.Ok) throw new RecordAbortedException($"run {i}: {first.Error}");
        var second = ops.Unpause(b, CancellationToken.None);
        guard.Record(b.Id, false, second);
        if (!second.Ok) throw new RecordAbortedException($"run {i}: {second.Error}");
        Expect(a, true, i);
        Expect(b, false, i);
        Hold();
        Do(guard, b, pause: true, expectPaused: true);
        Do(guard, a, pause: false, expectPaused: false);
        return new RawRun(i, MeasurementOp.Switch, first, second);
    }

    private OpResult Do(StateGuard guard, DomainInfo d, bool pause, bool expectPaused)
    {
        var r = pause ? ops.Pause(d, CancellationToken.None) : ops.Unpause(d, CancellationToken.None);
        guard.Record(d.Id, pause, r);
        if (!r.Ok) throw new RecordAbortedException(r.Error ?? "operation failed");
        Expect(d, expectPaused, -1);
        return r;
    }

    private void Expect(DomainInfo d, bool paused, int run)
    {
        var now = ops.States(CancellationToken.None).FirstOrDefault(s => s.Id == d.Id)
            ?? throw new RecordAbortedException($"'{d.Name}' disappeared");
        if (now.Paused != paused)
        {
            throw new RecordAbortedException(paused
                ? $"'{d.Name}' is not paused after the pause"
                : $"'{d.Name}' is still paused after the unpause: someone else paused it too (pauses nest)");
        }
    }

    private void Hold() => Thread.Sleep(options.Hold);

    private static bool Sleep(TimeSpan t, CancellationToken cancel) => !cancel.WaitHandle.WaitOne(t);
}

/// <summary>The request cannot be carried out safely (dom0, unknown domain, wrong state); nothing was touched.</summary>
public sealed class RecordRefusedException(string message) : Exception(message);

/// <summary>An operation failed or timed out mid-recording; the domains are restored and the recording stops.</summary>
public sealed class RecordAbortedException(string message) : Exception(message);
