using System.Runtime.CompilerServices;

namespace XenSwitchSim.Simulator.Engine;

/// <summary>
/// The pending-event set: an array-backed 4-ary min-heap of struct entries ordered by
/// (time, priority, insertion sequence), so ties are broken deterministically and FIFO
/// within a priority. Pushes and pops move a hole instead of swapping. No allocation once the
/// array has grown to the run's peak population. Entries hold the target's index, not a
/// reference, so moving them in the heap needs no GC write barrier.
/// </summary>
public sealed class EventQueue
{
    internal struct Entry
    {
        public long TimeNs;
        /// <summary>Priority in the top 8 bits (biased), insertion sequence in the low 56.</summary>
        public ulong Order;
        public int TargetId;
        public int Token;
    }

    private const int SeqBits = 56;
    private const ulong SeqMask = (1UL << SeqBits) - 1;

    private Entry[] _heap;
    private int _count;
    private ulong _seq;

    public EventQueue(int initialCapacity = 64) => _heap = new Entry[Math.Max(4, initialCapacity)];

    public int Count => _count;

    public long PeekTimeNs => _count > 0 ? _heap[0].TimeNs : long.MaxValue;

    /// <summary>Lower <paramref name="priority"/> runs first among events at the same time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(long timeNs, int targetId, int token, sbyte priority = 0)
    {
        if (_count == _heap.Length) Grow();
        var order = ((ulong)(byte)(priority + 128) << SeqBits) | (_seq++ & SeqMask);
        SiftUp(_count++, new Entry { TimeNs = timeNs, Order = order, TargetId = targetId, Token = token });
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryPop(long untilNs, out Entry top)
    {
        if (_count == 0 || _heap[0].TimeNs > untilNs)
        {
            top = default;
            return false;
        }
        top = _heap[0];
        var last = _heap[--_count];
        if (_count > 0) SiftDown(last);
        return true;
    }

    public void Clear()
    {
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Less(in Entry a, in Entry b) =>
        a.TimeNs < b.TimeNs || (a.TimeNs == b.TimeNs && a.Order < b.Order);

    private void SiftUp(int hole, Entry item)
    {
        var heap = _heap;
        while (hole > 0)
        {
            var parent = (hole - 1) >> 2;
            if (!Less(item, heap[parent])) break;
            heap[hole] = heap[parent];
            hole = parent;
        }
        heap[hole] = item;
    }

    private void SiftDown(Entry item)
    {
        var heap = _heap;
        var count = _count;
        var hole = 0;
        while (true)
        {
            var first = (hole << 2) + 1;
            if (first >= count) break;
            var best = first;
            var end = Math.Min(first + 4, count);
            for (var c = first + 1; c < end; c++)
                if (Less(heap[c], heap[best])) best = c;
            if (!Less(heap[best], item)) break;
            heap[hole] = heap[best];
            hole = best;
        }
        heap[hole] = item;
    }

    private void Grow() => Array.Resize(ref _heap, _heap.Length * 2);
}
