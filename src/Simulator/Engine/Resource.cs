namespace XenSwitchSim.Simulator.Engine;

/// <summary>
/// A pool of identical units served strictly FIFO: a request is granted at the instant a unit is
/// free and no earlier request waits. A grant is an event at the current time (the requester
/// resumes through the queue, as in SimPy); a release is a direct call that hands the unit to the
/// head waiter at the same instant. Interrupted waiters are skipped lazily by their token.
/// </summary>
public sealed class Resource
{
    private readonly Simulation _sim;
    private (Process Process, int Token)[] _queue = new (Process, int)[8];
    private int _head;
    private int _tail;

    public Resource(Simulation sim, int capacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), "capacity must be >= 1");
        _sim = sim;
        Capacity = capacity;
        Free = capacity;
    }

    public int Capacity { get; }
    public int Free { get; private set; }
    public int QueueLength => _tail - _head;

    /// <summary>Takes a unit if one is free and nobody waits (the requester continues at once).</summary>
    internal bool TryAcquireNow()
    {
        if (Free == 0 || _head != _tail) return false;
        Free--;
        return true;
    }

    internal void Enqueue(Process p, int token)
    {
        if (_tail == _queue.Length) Compact();
        _queue[_tail++] = (p, token);
    }

    /// <summary>Gives a unit back; the head waiter (if any) gets it at the same instant.</summary>
    public void Release()
    {
        if (Free >= Capacity && _head == _tail) throw new InvalidOperationException("release without a matching grant");
        while (_head < _tail)
        {
            var (p, token) = _queue[_head];
            _queue[_head++] = default;
            if (p.Token != token) continue; // interrupted while queued
            Free++;
            Grant(p, token);
            return;
        }
        _head = _tail = 0;
        Free++;
    }

    private void Grant(Process p, int token)
    {
        Free--;
        p.OnGranted(this);
        _sim.Schedule(p, _sim.NowNs, token);
    }

    private void Compact()
    {
        var n = _tail - _head;
        if (n * 2 > _queue.Length) Array.Resize(ref _queue, _queue.Length * 2);
        Array.Copy(_queue, _head, _queue, 0, n);
        Array.Clear(_queue, n, _tail - n);
        _head = 0;
        _tail = n;
    }
}
