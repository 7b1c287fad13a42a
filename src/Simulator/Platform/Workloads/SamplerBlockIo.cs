using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Linux;

namespace XenSwitchSim.Simulator.Platform.Workloads;

/// <summary>
/// The block I/O the domU's sampler log causes: its writes reach blkfront every so often and
/// dom0 serves them: blkback's kthread (nice 0) and, for a file-backed disk, the loop device's
/// worker at nice -20 plus the filesystem under it (libxl attaches a raw file through the
/// `block` hotplug script and losetup; no QEMU). Nothing is written while the domU is paused.
/// </summary>
public sealed class SamplerBlockIo
{
    public SamplerBlockIo(LinuxKernel kernel, CpuWork work, PlatformParameters p, bool fileBacked, Func<bool> domURuns, RandomStream rng)
    {
        var interval = (long)(p.SamplerIoIntervalUs * 1000);
        var request = new SimEvent(kernel.Sim);
        var loopRequest = new SimEvent(kernel.Sim);
        new Blkback(kernel, work, p, request, fileBacked ? loopRequest : null).StartAt(0);
        if (fileBacked) new LoopWorker(kernel, work, p, loopRequest).StartAt(0);
        new Source(kernel.Sim, interval, request, domURuns, rng.NextLong(Math.Max(1, interval)));
    }

    private sealed class Source : EventTarget
    {
        private readonly Simulation _sim;
        private readonly long _intervalNs;
        private readonly SimEvent _request;
        private readonly Func<bool> _domURuns;

        public Source(Simulation sim, long intervalNs, SimEvent request, Func<bool> domURuns, long phaseNs)
        {
            _sim = sim;
            _intervalNs = intervalNs;
            _request = request;
            _domURuns = domURuns;
            sim.Schedule(this, phaseNs);
        }

        protected internal override void Fire(int token)
        {
            _sim.Schedule(this, _sim.NowNs + _intervalNs);
            if (_domURuns()) _request.Signal();
        }
    }

    private sealed class Blkback(LinuxKernel k, CpuWork work, PlatformParameters p, SimEvent request, SimEvent? loop)
        : LinuxTask(k, "blkback")
    {
        protected override IEnumerable<Wait> Body()
        {
            while (true)
            {
                yield return BlockOn(request);
                yield return Compute(work.Ns(p.BlkbackCpuUs));
                loop?.Signal();
            }
        }
    }

    private sealed class LoopWorker(LinuxKernel k, CpuWork work, PlatformParameters p, SimEvent request)
        : LinuxTask(k, "loop0", SchedPolicy.Normal, nice: -20)
    {
        protected override IEnumerable<Wait> Body()
        {
            while (true)
            {
                yield return BlockOn(request);
                yield return Compute(work.Ns(p.LoopCpuUs));
            }
        }
    }
}
