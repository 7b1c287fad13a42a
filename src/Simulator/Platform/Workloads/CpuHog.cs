using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Linux;

namespace XenSwitchSim.Simulator.Platform.Workloads;

/// <summary>stress's hogcpu(): `while (1) sqrt(rand())`, SCHED_NORMAL nice 0, never sleeps.</summary>
public sealed class CpuHog(LinuxKernel kernel, int index) : LinuxTask(kernel, $"stress-{index}")
{
    protected override IEnumerable<Wait> Body()
    {
        yield return Compute(Forever);
    }
}
