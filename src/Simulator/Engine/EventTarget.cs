namespace XenSwitchSim.Simulator.Engine;

/// <summary>
/// Anything the event queue can wake: a process, or a callback state machine on a hot path
/// (a CPU scheduler, a timer). An abstract class rather than an interface so that dispatch is
/// one virtual call.
/// </summary>
public abstract class EventTarget
{
    /// <summary>Index in its simulation's target table; assigned on first schedule.</summary>
    internal int SimId = -1;
    internal Simulation? Owner;

    /// <summary>
    /// Called when an event scheduled for this target comes due. <paramref name="token"/> is the
    /// value given to <see cref="Simulation.Schedule"/>; a target that cancels lazily compares it
    /// with its current token and ignores stale wake-ups.
    /// </summary>
    protected internal abstract void Fire(int token);
}
