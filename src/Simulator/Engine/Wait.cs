namespace XenSwitchSim.Simulator.Engine;

public enum WaitKind : byte
{
    Delay,
    Event,
    Resource,
    Process,
    Passivate,
}

/// <summary>
/// What a process yields: a delay, an event, a resource grant, another process's end, or
/// passivation until someone activates or interrupts it. A 16-byte struct (the kind is implied by
/// the target's type), so yielding allocates nothing and the value comes back in registers.
/// </summary>
public readonly struct Wait
{
    private const long PassivateMarker = -1;

    public readonly long Ns;
    public readonly object? Target;

    private Wait(long ns, object? target)
    {
        Ns = ns;
        Target = target;
    }

    public WaitKind Kind => Target switch
    {
        null => Ns == PassivateMarker ? WaitKind.Passivate : WaitKind.Delay,
        SimEvent => WaitKind.Event,
        Resource => WaitKind.Resource,
        _ => WaitKind.Process,
    };

    /// <summary>Wait <paramref name="ns"/> nanoseconds (SimPy's timeout).</summary>
    public static Wait For(long ns)
    {
        if (ns < 0) throw new ArgumentOutOfRangeException(nameof(ns), ns, "a delay cannot be negative");
        return new Wait(ns, null);
    }

    public static Wait On(SimEvent e) => new(0, e);

    public static Wait Request(Resource r) => new(0, r);

    public static Wait Finished(Process p) => new(0, p);

    public static Wait Passivate() => new(PassivateMarker, null);
}
