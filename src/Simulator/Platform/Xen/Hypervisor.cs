using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// The Xen hypervisor of one simulated board: pCPUs, domains, the active scheduler, and the
/// operations guests (<see cref="Block"/>, <see cref="Kick(Vcpu)"/>, <see cref="Yield"/>) and the
/// dom0 toolstack (<see cref="PauseDomain(Domain, Vcpu, Action{long})"/>,
/// <see cref="UnpauseDomain(Domain, Vcpu, Action{long})"/>) invoke. Split by mechanism:
/// domains here, the scheduling core in Hypervisor.Core.cs, guest traps in Hypervisor.Guest.cs,
/// domctls in Hypervisor.Domctl.cs, feasibility in Hypervisor.Feasibility.cs.
/// </summary>
public sealed partial class Hypervisor
{
    private readonly List<Domain> _domains = [];

    /// <summary>Builds the board: <paramref name="pcpus"/> idle pCPUs under <paramref name="scheduler"/>.</summary>
    public Hypervisor(Simulation sim, int pcpus, SchedulerKind scheduler, XenCosts costs, IXenObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentNullException.ThrowIfNull(costs);
        if (pcpus < 1) throw new ArgumentOutOfRangeException(nameof(pcpus), pcpus, "a board has at least one pCPU");
        Sim = sim;
        SchedulerKind = scheduler;
        Costs = costs;
        Observer = observer ?? NullXenObserver.Instance;
        Pcpus = new Pcpu[pcpus];
        for (var i = 0; i < pcpus; i++)
        {
            var p = new Pcpu(i);
            p.Events = new PcpuEvents(this, p);
            Pcpus[i] = p;
        }
        Scheduler = scheduler switch
        {
            SchedulerKind.Credit2 => new Credit2Scheduler(this),
            SchedulerKind.Null => new NullScheduler(this),
            SchedulerKind.Credit => new CreditScheduler(this),
            _ => throw new ArgumentOutOfRangeException(nameof(scheduler), scheduler, "unknown Xen scheduler"),
        };
    }

    public Simulation Sim { get; }
    public Pcpu[] Pcpus { get; }
    public SchedulerKind SchedulerKind { get; }
    public XenCosts Costs { get; }
    public IXenObserver Observer { get; set; }

    /// <summary>Domains in creation order.</summary>
    public IReadOnlyList<Domain> Domains => _domains;

    internal XenScheduler Scheduler { get; }

    /// <summary>
    /// <paramref name="v"/>'s credit (credit2, credit1) as burn_credits would leave it now: its
    /// stored credit less the time it has run since it was last charged. For probes and tests.
    /// </summary>
    public long CreditNowNs(Vcpu v)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (SchedulerKind == SchedulerKind.Null || v.Pcpu is null || !ReferenceEquals(v.Pcpu.Current, v)) return v.CreditNs;
        return v.CreditNs - Math.Max(0, Sim.NowNs - v.StartTimeNs);
    }

    /// <summary>The domain's controller_pause_count (the nesting depth of xl pause).</summary>
    public long ControllerPauseCount(Domain d) => d.ControllerPauseCount;

    /// <summary>
    /// Creates a domain with one vCPU per guest, each Offline and not started. Each vCPU gets its
    /// initial processor as sched_select_initial_cpu does (vCPU 0 on pCPU 0, vCPU i on the pCPU
    /// after vCPU i-1's, cyclically; a pinned vCPU on its pin) and is inserted into the scheduler
    /// at once, so under null it takes a pCPU now (null_unit_insert: its processor if free, else
    /// the first free pCPU in its affinity, else the wait queue) and creation order decides who
    /// owns the pCPUs.
    /// </summary>
    /// <param name="pinnedPcpus">Hard affinity per vCPU (-1 = any), as xen.pinning sets it; null = none.</param>
    public Domain CreateDomain(int id, string name, IReadOnlyList<IGuestCpu> vcpuGuests, IReadOnlyList<int>? pinnedPcpus = null)
    {
        ArgumentNullException.ThrowIfNull(vcpuGuests);
        if (vcpuGuests.Count < 1) throw new ArgumentException("a domain has at least one vCPU", nameof(vcpuGuests));
        if (pinnedPcpus is not null && pinnedPcpus.Count != vcpuGuests.Count)
            throw new ArgumentException($"{pinnedPcpus.Count} pins for {vcpuGuests.Count} vCPUs", nameof(pinnedPcpus));
        foreach (var existing in _domains)
            if (existing.Id == id) throw new ArgumentException($"domain {id} already exists", nameof(id));

        var d = new Domain(id, name);
        _domains.Add(d);
        for (var i = 0; i < vcpuGuests.Count; i++)
        {
            var pin = pinnedPcpus?[i] ?? -1;
            if (pin < -1 || pin >= Pcpus.Length)
                throw new ArgumentOutOfRangeException(nameof(pinnedPcpus), pin, $"d{id}v{i} pinned to a pCPU the board does not have");
            var v = new Vcpu(d, i, vcpuGuests[i] ?? throw new ArgumentNullException(nameof(vcpuGuests)))
            {
                PinnedPcpu = pin,
                RunStateSinceNs = Sim.NowNs,
            };
            v.LastPcpu = pin >= 0 ? pin : i == 0 ? 0 : (d.Vcpus[i - 1].LastPcpu + 1) % Pcpus.Length;
            d.Vcpus.Add(v);
            Scheduler.Insert(v);
        }
        return d;
    }

    /// <summary>
    /// The domain starts (domain_unpause at the end of creation): every vCPU gets vcpu_wake, so it
    /// becomes runnable (offline->runnable record) and the scheduler places it, unless the domain
    /// is paused. Records are written on each vCPU's processor.
    /// </summary>
    public void StartDomain(Domain d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Started) throw new InvalidOperationException($"{d} has already started");
        Scheduler.DomainStarting(d);
        d.Started = true;
        if (d.PauseCount > 0) return;
        foreach (var v in d.Vcpus) VcpuWake(v, v.LastPcpu);
    }

    /// <summary>
    /// The study's standby: created, booted, then paused by the toolstack (its timers fired while
    /// paused, so no vCPU is blocked). It ends with controller pause count 1, every vCPU Offline
    /// and holding no pCPU; under null each vCPU stays assigned to its pCPU, which idles. Nothing
    /// is recorded: this happened before the measured window.
    /// </summary>
    public void StartDomainPaused(Domain d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (d.Started) throw new InvalidOperationException($"{d} has already started");
        Scheduler.DomainStarting(d);
        d.Started = true;
        d.ControllerPauseCount++;
        d.PauseCount++;
    }
}
