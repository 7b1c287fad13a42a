using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Linux;

namespace XenSwitchSim.Simulator.Platform.Workloads;

/// <summary>
/// A dom0 task woken every period to do a share of a stream's work (iperf copying to user
/// space, netback's guest-rx kthread copying grants, blkback). It stops while its source is
/// quiet (the receiving domU is paused) and resumes when the source flows again.
/// </summary>
public sealed class PeriodicTask(
    LinuxKernel kernel, string name, CpuWork work, double periodUs, Func<double> coreShare, Func<bool> flowing,
    int nice = 0, long phaseNs = 0) : LinuxTask(kernel, name, SchedPolicy.Normal, nice)
{
    protected override IEnumerable<Wait> Body()
    {
        var periodNs = (long)(periodUs * 1000);
        if (phaseNs > 0) yield return Sleep(phaseNs);
        while (true)
        {
            var due = Sim.NowNs + periodNs;
            if (flowing())
            {
                var share = coreShare();
                if (share > 0) yield return Compute(work.Ns(share * periodUs));
            }
            var rest = due - Sim.NowNs;
            yield return Sleep(rest > 0 ? rest : 0);
        }
    }
}
