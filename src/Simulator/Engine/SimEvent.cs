namespace XenSwitchSim.Simulator.Engine;

/// <summary>
/// A reusable event: <see cref="Signal"/> wakes every process waiting now, at the current time,
/// in the order they started waiting. Not latched: a process that waits after the signal waits
/// for the next one. The waiter array grows to the peak and is reused, so signalling allocates
/// nothing in steady state.
/// </summary>
public sealed class SimEvent(Simulation sim)
{
    private (Process Process, int Token)[] _waiters = new (Process, int)[4];
    private int _count;

    public int WaiterCount => _count;

    /// <summary>Times <see cref="Signal"/> was called.</summary>
    public long SignalCount { get; private set; }

    internal void AddWaiter(Process p, int token)
    {
        if (_count == _waiters.Length) Array.Resize(ref _waiters, _count * 2);
        _waiters[_count++] = (p, token);
    }

    public void Signal(sbyte priority = 0)
    {
        SignalCount++;
        var n = _count;
        _count = 0;
        for (var i = 0; i < n; i++)
        {
            var (p, token) = _waiters[i];
            _waiters[i] = default;
            if (p.Token == token) sim.Schedule(p, sim.NowNs, token, priority);
        }
    }
}
