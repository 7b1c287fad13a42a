using System.Runtime.CompilerServices;

namespace XenSwitchSim.Simulator.Engine;

/// <summary>
/// The discrete-event kernel: a clock in integer nanoseconds and the pending-event queue.
/// One instance per replication; nothing is static, so replications run on any thread.
/// </summary>
public sealed class Simulation
{
    private readonly EventQueue _queue;
    private bool _stop;
    private EventTarget[] _targets = new EventTarget[16];
    private int _targetCount;

    public Simulation(int initialQueueCapacity = 64) => _queue = new EventQueue(initialQueueCapacity);

    public long NowNs { get; private set; }

    /// <summary>Events delivered to a live target.</summary>
    public long DispatchedEvents { get; private set; }

    /// <summary>Entries popped whose target had moved on (a cancelled timeout, an interrupted wait).</summary>
    public long StaleEvents { get; internal set; }

    public int PendingEvents => _queue.Count;

    /// <summary>Optional observer of every dispatched event (time, target); null on the fast path.</summary>
    public Action<long, EventTarget>? Tracer { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Schedule(EventTarget target, long atNs, int token = 0, sbyte priority = 0)
    {
        if (atNs < NowNs) throw new ArgumentOutOfRangeException(nameof(atNs), $"cannot schedule in the past ({atNs} < now {NowNs})");
        if (target.Owner != this) Register(target);
        _queue.Push(atNs, target.SimId, token, priority);
    }

    private void Register(EventTarget target)
    {
        if (target.Owner is not null) throw new InvalidOperationException("an event target belongs to one simulation");
        if (_targetCount == _targets.Length) Array.Resize(ref _targets, _targetCount * 2);
        target.Owner = this;
        target.SimId = _targetCount;
        _targets[_targetCount++] = target;
    }

    public void ScheduleAfter(EventTarget target, long delayNs, int token = 0, sbyte priority = 0) =>
        Schedule(target, NowNs + delayNs, token, priority);

    /// <summary>Starts an iterator as a process at the current time (SimPy's <c>env.process</c>).</summary>
    public Process Start(IEnumerator<Wait> body, string name = "process")
    {
        var p = new IteratorProcess(this, body, name);
        p.StartAt(NowNs);
        return p;
    }

    public Process Start(IEnumerable<Wait> body, string name = "process") => Start(body.GetEnumerator(), name);

    /// <summary>Makes <see cref="Run(long)"/> return after the current event.</summary>
    public void Stop() => _stop = true;

    /// <summary>Runs events with time &lt;= <paramref name="untilNs"/>; the clock ends at the last event run.</summary>
    /// <remarks>Fully optimised at first call: it runs once per replication, so tiered compilation
    /// would otherwise leave the whole run in on-stack-replaced code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long untilNs = long.MaxValue)
    {
        _stop = false;
        var tracer = Tracer;
        while (!_stop && _queue.TryPop(untilNs, out var e))
        {
            NowNs = e.TimeNs;
            DispatchedEvents++;
            var target = _targets[e.TargetId];
            tracer?.Invoke(NowNs, target);
            target.Fire(e.Token);
        }
    }

    /// <summary>Runs until <paramref name="process"/> finishes (SimPy's <c>run(until=proc)</c>).</summary>
    public void RunUntilFinished(Process process)
    {
        process.StopsSimulationWhenFinished = true;
        Run();
        process.StopsSimulationWhenFinished = false;
    }

    /// <summary>Advances the clock to <paramref name="untilNs"/> after running every event up to it.</summary>
    public void RunTo(long untilNs)
    {
        Run(untilNs);
        if (!_stop && NowNs < untilNs) NowNs = untilNs;
    }
}
