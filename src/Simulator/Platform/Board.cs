using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Measurement;
using XenSwitchSim.Simulator.Platform.DomU;
using XenSwitchSim.Simulator.Platform.Linux;
using XenSwitchSim.Simulator.Platform.Toolstack;
using XenSwitchSim.Simulator.Platform.Workloads;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform;

/// <summary>
/// One simulated board for one replication: Xen with its scheduler, dom0's Linux and
/// workloads, xenstored, the active domU (and any other running domUs), optionally the paused
/// standby, the switch controller, and the probes. Every random source draws from its own
/// stream (seed, replication, source), so a board is the same whatever else runs.
/// </summary>
public sealed class Board
{
    public Board(PlatformParameters p, PlatformScenario s, ulong seed, long replication, bool withStandby, string experiment)
    {
        P = p;
        Scenario = s;
        RandomStream Stream(string source) => RandomStream.For(seed, replication, experiment + "/" + source);

        Sim = new Simulation(128);
        Probes = new ProbeObserver();
        Xen = new Hypervisor(Sim, p.Pcpus, s.Scheduler, XenCostsFrom(p), Probes);
        var dom0Vcpus = s.ResolveDom0Vcpus(p.Pcpus);
        Kernel = new LinuxKernel(Sim, Xen, dom0Vcpus, p.Hz, Stream("dom0-tick-phase"));
        Work = new CpuWork(p, Stream("cpu-work"));

        var nextPcpu = 0;
        var nextDomUPcpu = 0;
        int[]? Pins(int n, bool isDom0)
        {
            if (s.Pinning == XenPinning.None || (s.Pinning == XenPinning.Dom0 && !isDom0)) return null;
            var pins = new int[n];
            if (s.Pinning == XenPinning.Split && !isDom0)
            {
                // The pCPUs dom0 does not have, or the last one when it has them all.
                var first = Math.Min(dom0Vcpus, p.Pcpus - 1);
                for (var i = 0; i < n; i++) pins[i] = first + nextDomUPcpu++ % (p.Pcpus - first);
                return pins;
            }
            for (var i = 0; i < n; i++) pins[i] = nextPcpu++ % p.Pcpus;
            return pins;
        }

        Dom0 = Xen.CreateDomain(0, "Domain-0", Kernel.Cpus, Pins(dom0Vcpus, true));
        Kernel.BindVcpus(Dom0);
        var domains = new List<Domain> { Dom0 };

        var netIntoDomU = s.DomUNetLoadMbps / 1000.0;
        Active = new DomUGuest(Sim, Xen, "domU1", s.DomUVcpus, Math.Min(s.DomUCpuLoadProcs, s.DomUVcpus), s.DomUIdlePolls, p,
            Stream("domU1"), netIntoDomU > 0 ? () => netIntoDomU * p.DomUNetStackCorePerGbps : null);
        Active.Sampler.SetInterval((long)(s.SampleIntervalUs * 1000));
        ActiveDomain = Xen.CreateDomain(1, "domU1", Active.GuestCpus, Pins(s.DomUVcpus, false));
        Active.Bind(ActiveDomain);
        domains.Add(ActiveDomain);
        ActiveProbe = new DomainProbe(Active);
        Probes.Add(ActiveProbe);

        var others = new List<DomUGuest>();
        for (var k = 2; k <= s.XenDomUs; k++)
        {
            var g = new DomUGuest(Sim, Xen, $"domU{k}", s.DomUVcpus, 0, s.DomUIdlePolls, p, Stream($"domU{k}"));
            var d = Xen.CreateDomain(k, g.Name, g.GuestCpus, Pins(s.DomUVcpus, false));
            g.Bind(d);
            domains.Add(d);
            others.Add(g);
        }

        if (withStandby)
        {
            var id = s.XenDomUs + 1;
            Standby = new DomUGuest(Sim, Xen, "standby", s.DomUVcpus, 0, s.DomUIdlePolls, p, Stream("standby"));
            Standby.Sampler.SetInterval((long)(s.SampleIntervalUs * 1000));
            StandbyDomain = Xen.CreateDomain(id, "standby", Standby.GuestCpus, Pins(s.DomUVcpus, false));
            Standby.Bind(StandbyDomain);
            domains.Add(StandbyDomain);
            StandbyProbe = new DomainProbe(Standby);
            Probes.Add(StandbyProbe);
        }

        Xen.StartDomain(Dom0);
        Xen.StartDomain(ActiveDomain);
        Active.Sampler.Start();
        foreach (var g in others)
        {
            Xen.StartDomain(g.Domain);
            g.Sampler.Start();
        }
        if (Standby is not null)
        {
            Xen.StartDomainPaused(StandbyDomain!);
            Standby.Sampler.Start();
        }

        StartDom0Workloads(p, s, Stream);

        Xenstored = new Xenstored(Kernel, Work, p);
        Xenstored.StartAt(0);
        Toolstack = new ToolstackContext(Kernel, Xen, Xenstored, Work, p, domains, new StorageStalls(p, Stream("storage")),
            new DirectReclaim(Kswapd, p, Stream("direct-reclaim")));
        Controller = s.Mechanism switch
        {
            SwitchMechanism.Xl => new XlSpawner(Toolstack, s.XlPolicy, s.XlNice),
            SwitchMechanism.Resident => new ResidentSwitcher(Toolstack, s.XlPolicy, s.XlNice),
            _ => new KernelModuleSwitcher(Toolstack),
        };
        if (Controller is LinuxTask t) t.StartAt(0);
    }

    public PlatformParameters P { get; }
    public PlatformScenario Scenario { get; }
    public Simulation Sim { get; }
    public Hypervisor Xen { get; }
    public LinuxKernel Kernel { get; }
    public CpuWork Work { get; }
    public ProbeObserver Probes { get; }
    public Domain Dom0 { get; }
    public DomUGuest Active { get; }
    public Domain ActiveDomain { get; }
    public DomainProbe ActiveProbe { get; }
    public DomUGuest? Standby { get; }
    public Domain? StandbyDomain { get; }
    public DomainProbe? StandbyProbe { get; }
    public Xenstored Xenstored { get; }
    public ToolstackContext Toolstack { get; }
    public ISwitchController Controller { get; }

    /// <summary>dom0's background reclaimer, present with a file-backed domU disk.</summary>
    public Kswapd? Kswapd { get; private set; }

    private void StartDom0Workloads(PlatformParameters p, PlatformScenario s, Func<string, RandomStream> stream)
    {
        for (var i = 0; i < s.Dom0CpuLoadProcs; i++) new CpuHog(Kernel, i).StartAt(0);

        // NIC receive on dom0 vCPU0: traffic to dom0 (iperf in dom0) and traffic bridged to the
        // domU; the latter stops while the domU is paused (its rings fill, TCP stops sending).
        var dom0Gbps = s.Dom0NetLoadMbps / 1000.0;
        var domUGbps = s.DomUNetLoadMbps / 1000.0;
        bool DomUFlows() => ActiveDomain.PauseCount == 0;
        if (dom0Gbps > 0 || domUGbps > 0)
        {
            new NetRxSoftirq(Kernel, Work, p,
                () => (dom0Gbps + (DomUFlows() ? domUGbps : 0)) * p.NetRxSoftirqCorePerGbps, stream("net-rx"));
        }
        var rng = stream("dom0-tasks");
        if (dom0Gbps > 0)
            new PeriodicTask(Kernel, "iperf", Work, 1000, () => dom0Gbps * p.IperfCorePerGbps, () => true,
                phaseNs: rng.NextLong(1_000_000) + 1).StartAt(0);
        if (domUGbps > 0)
            new PeriodicTask(Kernel, "vif1.0-q0-guest-rx", Work, 1000, () => domUGbps * p.NetbackCorePerGbps, DomUFlows,
                phaseNs: rng.NextLong(1_000_000) + 1).StartAt(0);

        new SamplerBlockIo(Kernel, Work, p, s.DomUFileStorage, () => ActiveDomain.PauseCount == 0, stream("block-io"));
        if (s.DomUFileStorage && p.KswapdWakesPerS > 0)
        {
            Kswapd = new Kswapd(Kernel, Work, p, stream("kswapd"));
            Kswapd.StartAt(0);
        }
    }

    public static XenCosts XenCostsFrom(PlatformParameters p) => new()
    {
        ContextSwitchNs = (long)(p.XenContextSwitchUs * 1000),
        IpiLatencyNs = (long)(p.XenIpiLatencyUs * 1000),
        IdleWakeNs = (long)(p.XenIdleWakeUs * 1000),
        DomctlBaseNs = (long)(p.XenDomctlBaseUs * 1000),
        PerVcpuOpNs = (long)(p.XenPerVcpuOpUs * 1000),
    };
}
