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
        var dom0 = new Domain(0, "dom0");
        foreach (var c in Kernel.Cpus) dom0.Vcpus.Add(new Vcpu(dom0, c.Index, c));
        Kernel.BindVcpus(dom0);
        foreach (var v in dom0.Vcpus) Xen.StartRunning(v);
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
