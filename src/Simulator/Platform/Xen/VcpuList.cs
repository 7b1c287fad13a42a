namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// A small ordered array of vCPUs for run queues and wait queues (they hold fewer than 16 on the
/// Pi): insert and remove shift a few references, iteration is by index, nothing is allocated
/// once the array has grown to the run's peak.
/// </summary>
internal sealed class VcpuList
{
    private Vcpu[] _items = new Vcpu[16];

    public int Count { get; private set; }

    public Vcpu this[int index] => _items[index];

    public void Add(Vcpu v) => Insert(Count, v);

    public void Insert(int index, Vcpu v)
    {
        if (Count == _items.Length) Array.Resize(ref _items, Count * 2);
        if (index < Count) Array.Copy(_items, index, _items, index + 1, Count - index);
        _items[index] = v;
        Count++;
    }

    public void RemoveAt(int index)
    {
        Count--;
        if (index < Count) Array.Copy(_items, index + 1, _items, index, Count - index);
        _items[Count] = null!;
    }

    public bool Remove(Vcpu v)
    {
        var i = IndexOf(v);
        if (i < 0) return false;
        RemoveAt(i);
        return true;
    }

    public int IndexOf(Vcpu v)
    {
        for (var i = 0; i < Count; i++)
            if (ReferenceEquals(_items[i], v)) return i;
        return -1;
    }
}
