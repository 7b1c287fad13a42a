using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Linux;

namespace XenSwitchSim.Simulator.Platform.Toolstack;

/// <summary>
/// xenstored: a single-threaded dom0 daemon (SCHED_NORMAL nice 0) answering requests in
/// order. Every xs_read of xl is a synchronous round trip to it, so it must itself be
/// scheduled; chrt and nice on xl do not touch it.
/// </summary>
public sealed class Xenstored : LinuxTask
{
    private readonly CpuWork _work;
    private readonly double _cpuUs;
    private readonly SimEvent _request;
    private SimEvent[] _queue = new SimEvent[8];
    private int _head;
    private int _count;

    public Xenstored(LinuxKernel kernel, CpuWork work, PlatformParameters p) : base(kernel, "xenstored")
    {
        _work = work;
        _cpuUs = p.XenstoredCpuUs;
        _request = new SimEvent(kernel.Sim);
    }

    public long Served { get; private set; }

    /// <summary>A client's request arrives on the socket; <paramref name="reply"/> is signalled with the answer.</summary>
    public void Post(SimEvent reply)
    {
        if (_count == _queue.Length)
        {
            var bigger = new SimEvent[_queue.Length * 2];
            for (var i = 0; i < _count; i++) bigger[i] = _queue[(_head + i) % _queue.Length];
            _queue = bigger;
            _head = 0;
        }
        _queue[(_head + _count++) % _queue.Length] = reply;
        _request.Signal();
    }

    protected override IEnumerable<Wait> Body()
    {
        while (true)
        {
            while (_count == 0) yield return BlockOn(_request);
            var reply = _queue[_head];
            _queue[_head] = null!;
            _head = (_head + 1) % _queue.Length;
            _count--;
            yield return Compute(_work.Ns(_cpuUs));
            Served++;
            reply.Signal();
        }
    }
}
