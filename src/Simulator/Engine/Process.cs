using System.Runtime.CompilerServices;

namespace XenSwitchSim.Simulator.Engine;

/// <summary>
/// A process in SimPy/SimSharp's process-interaction style: a C# iterator that yields
/// <see cref="Wait"/>s. Cancellation is lazy: every wait carries the process's token, and
/// <see cref="Interrupt"/> bumps the token so the pending wake-up is ignored when it pops.
/// </summary>
public abstract class Process : EventTarget
{
    private int _token;
    private IEnumerator<Wait>? _body;
    private Func<bool>? _moveNext;
    private Func<Wait>? _current;
    private Resource? _pendingGrant;
    private SimEvent? _finished;

    protected Process(Simulation sim, string name)
    {
        Sim = sim;
        Name = name;
    }

    public Simulation Sim { get; }
    public string Name { get; }
    public bool IsFinished { get; private set; }

    /// <summary>True after an interrupt until the process's next yield.</summary>
    public bool Interrupted { get; private set; }
    public object? InterruptCause { get; private set; }

    internal bool StopsSimulationWhenFinished { get; set; }

    internal int Token => _token;

    /// <summary>Signalled when the body ends.</summary>
    public SimEvent Finished => _finished ??= new SimEvent(Sim);

    protected long NowNs => Sim.NowNs;

    /// <summary>The process body. Called once, at start.</summary>
    protected abstract IEnumerator<Wait> Run();

    /// <summary>
    /// Runs the body to its first wait right now, inside the caller's event (fork() puts the child
    /// on a runqueue before the parent returns).
    /// </summary>
    public void StartNow()
    {
        if (_body is null) BindBody(Run());
        Fire(_token);
    }

    public void StartAt(long atNs)
    {
        // Created here, not at first resume, so a run's event loop allocates nothing.
        if (_body is null) BindBody(Run());
        Sim.Schedule(this, atNs, _token);
    }

    /// <summary>
    /// Wakes the process now, abandoning what it waits for (a delay, an event, a resource queue
    /// place; a unit already granted but not yet seen is given back). The process sees
    /// <see cref="Interrupted"/> = true and <see cref="InterruptCause"/> after its yield.
    /// </summary>
    public void Interrupt(object? cause = null)
    {
        if (IsFinished) throw new InvalidOperationException($"process '{Name}' has finished and cannot be interrupted");
        AbandonWait();
        Interrupted = true;
        InterruptCause = cause;
        Sim.Schedule(this, Sim.NowNs, _token);
    }

    /// <summary>Resumes a passivated process now (no interrupt flag).</summary>
    public void Activate()
    {
        if (IsFinished) return;
        AbandonWait();
        Sim.Schedule(this, Sim.NowNs, _token);
    }

    private void AbandonWait()
    {
        _token++;
        if (_pendingGrant is { } r)
        {
            _pendingGrant = null;
            r.Release();
        }
    }

    /// <summary>Reads and clears the interrupt flag; for bodies that handle interrupts.</summary>
    public bool TakeInterrupt(out object? cause)
    {
        cause = InterruptCause;
        var was = Interrupted;
        Interrupted = false;
        InterruptCause = null;
        return was;
    }

    /// <summary>
    /// Binds delegates straight to the iterator's own MoveNext and Current. Calling them through
    /// IEnumerator&lt;Wait&gt; costs an interface dispatch per resume, which profiling showed as
    /// the kernel's largest single overhead once several process types share the call site.
    /// </summary>
    private void BindBody(IEnumerator<Wait> body)
    {
        _body = body;
        _moveNext = body.MoveNext;
        var map = body.GetType().GetInterfaceMap(typeof(IEnumerator<Wait>));
        var getter = map.TargetMethods[Array.FindIndex(map.InterfaceMethods, m => m.Name == "get_Current")];
        _current = (Func<Wait>)Delegate.CreateDelegate(typeof(Func<Wait>), body, getter);
    }

    internal void OnGranted(Resource r) => _pendingGrant = r;

    protected internal sealed override void Fire(int token)
    {
        if (token != _token)
        {
            Sim.StaleEvents++;
            return;
        }
        _pendingGrant = null;
        if (_body is null) BindBody(Run());
        var moveNext = _moveNext!;
        var current = _current!;
        // Waits that are already satisfied (a free unit with nobody queued, a finished process)
        // continue at once, at the same instant, without a round trip through the event queue.
        while (true)
        {
            if (!moveNext())
            {
                Finish();
                return;
            }
            Interrupted = false;
            InterruptCause = null;
            var w = current();
            var target = w.Target;
            if (target is null)
            {
                ++_token;
                if (w.Ns >= 0) Sim.Schedule(this, Sim.NowNs + w.Ns, _token);
                return; // else passivated: only Activate or Interrupt wakes it
            }
            if (target is Resource r)
            {
                if (r.TryAcquireNow()) continue;
                r.Enqueue(this, ++_token);
                return;
            }
            if (target is SimEvent e)
            {
                e.AddWaiter(this, ++_token);
                return;
            }
            var other = Unsafe.As<Process>(target);
            if (other.IsFinished) continue;
            other.Finished.AddWaiter(this, ++_token);
            return;
        }
    }

    /// <summary>Called once when the body has ended, before waiters are woken.</summary>
    protected virtual void OnFinished()
    {
    }

    private void Finish()
    {
        IsFinished = true;
        OnFinished();
        _token++;
        _body?.Dispose();
        _finished?.Signal();
        if (StopsSimulationWhenFinished) Sim.Stop();
    }
}

/// <summary>A process whose body is an iterator given at construction (<see cref="Simulation.Start(IEnumerator{Wait}, string)"/>).</summary>
internal sealed class IteratorProcess(Simulation sim, IEnumerator<Wait> body, string name) : Process(sim, name)
{
    protected override IEnumerator<Wait> Run() => body;
}
