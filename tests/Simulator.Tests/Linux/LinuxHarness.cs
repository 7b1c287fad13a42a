using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Linux;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Tests.Linux;

/// <summary>A dom0 Linux on vCPUs that never lose their pCPU, to test CFS on its own.</summary>
internal sealed class LinuxHarness
{
    public LinuxHarness(int cpus = 1, ulong seed = 1)
    {
        Sim = new Simulation();
        Xen = new Hypervisor(Sim, cpus, SchedulerKind.Null, new XenCosts());
        Kernel = new LinuxKernel(Sim, Xen, cpus, 250, RandomStream.For(seed, 0, "tick-phase"));
        // Under null, each dom0 vCPU owns a pCPU: CFS is tested without Xen-level contention.
        var dom0 = Xen.CreateDomain(0, "dom0", Kernel.Cpus);
        Kernel.BindVcpus(dom0);
        Xen.StartDomain(dom0);
    }

    public Simulation Sim { get; }
    public Hypervisor Xen { get; }
    public LinuxKernel Kernel { get; }
}

internal sealed class Hog(LinuxKernel k, string name = "hog", int nice = 0, int pinnedCpu = -1)
    : LinuxTask(k, name, SchedPolicy.Normal, nice, pinnedCpu)
{
    protected override IEnumerable<Wait> Body() { yield return Compute(Forever); }
}

/// <summary>Needs <paramref name="workNs"/> of CPU after <paramref name="startNs"/>; records when it first ran and finished.</summary>
internal sealed class Job(LinuxKernel k, long workNs, long startNs = 0, SchedPolicy policy = SchedPolicy.Normal, int nice = 0, int pinnedCpu = -1)
    : LinuxTask(k, "job", policy, nice, pinnedCpu)
{
    public long FinishedNs = -1;

    protected override IEnumerable<Wait> Body()
    {
        if (startNs > 0) yield return Sleep(startNs);
        yield return Compute(workNs);
        FinishedNs = Sim.NowNs;
    }
}
