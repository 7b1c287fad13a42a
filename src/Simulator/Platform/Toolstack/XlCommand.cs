using XenSwitchSim.Simulator.Engine;
using XenSwitchSim.Simulator.Platform.Linux;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform.Toolstack;

/// <summary>
/// `xl pause NAME` / `xl unpause NAME` as libxl runs it (xen-internals.md 1.1-1.3): the optional
/// nice/chrt wrapper (run at the spawner's priority, then it changes its own and execs xl),
/// exec and dynamic loading of ~20 DSOs (major faults if evicted), libxl_ctx_alloc, xl.conf and
/// the autoballoon version probe, find_domain's name lookup (getdomaininfolist, one xs_read per
/// domain up to the target, one more for the name), for unpause the type lookup (one sysctl,
/// one xs_read), the domctl, and teardown.
/// </summary>
public sealed class XlCommand : LinuxTask
{
    private readonly ToolstackContext _ts;
    private readonly SwitchOp _op;
    private readonly Domain _target;
    private readonly bool _wrapper;
    private readonly SchedPolicy _policy;
    private readonly int _nice;
    private readonly SimEvent _reply;

    public XlCommand(ToolstackContext ts, SwitchOp op, Domain target, SchedPolicy policy, int nice)
        : base(ts.Kernel, op == SwitchOp.Pause ? "xl pause" : "xl unpause")
    {
        _ts = ts;
        _op = op;
        _target = target;
        _policy = policy;
        _nice = nice;
        _wrapper = policy != SchedPolicy.Normal || nice != 0;
        _reply = new SimEvent(ts.Kernel.Sim);
    }

    /// <summary>When the domctl returned to xl (its effect is measured by the probes).</summary>
    public long DomctlReturnedNs { get; private set; } = -1;

    private PlatformParameters P => _ts.P;

    private long W(double us) => _ts.Work.Ns(us);

    protected override IEnumerable<Wait> Body()
    {
        if (_wrapper)
        {
            yield return Compute(W(P.WrapperExecCpuUs));
            SetScheduler(_policy, _nice); // chrt -f / nice -n, then execvp(xl)
        }
        var faults = _ts.Storage.MajorFaults();
        for (var i = 0; i < faults; i++)
        {
            yield return Compute(W(20));
            yield return Sleep(_ts.Storage.ReadNs());
        }
        var (reclaimCpuUs, writebackWaitNs) = _ts.Reclaim.Allocate(); // exec's allocations
        if (reclaimCpuUs > 0) yield return Compute(W(reclaimCpuUs));
        if (writebackWaitNs > 0) yield return Sleep(writebackWaitNs);
        yield return Compute(W(P.XlExecCpuUs));
        yield return Compute(W(P.XlCtxAllocCpuUs));
        yield return Compute(W(P.XlConfigCpuUs) + P.XlVersionHypercalls * W(P.HypercallEntryUs + P.VersionHypercallUs));

        // find_domain(name): libxl_list_domain, then xs_read of each name up to the target, then the name again.
        var domains = _ts.Domains;
        yield return Compute(2 * W(P.XlLookupCpuUs) + domains.Count * W(P.XlPerDomainCpuUs));
        var position = 0;
        while (position < domains.Count && domains[position] != _target) position++;
        for (var i = 0; i <= position; i++)
            foreach (var w in XenstoreRead()) yield return w;
        foreach (var w in XenstoreRead()) yield return w;

        if (_op == SwitchOp.Unpause)
        {
            // libxl__domain_type: getdomaininfolist(domid, 1) and xs_read /libxl/<domid>/type.
            yield return Compute(W(P.XlLookupCpuUs));
            foreach (var w in XenstoreRead()) yield return w;
        }

        yield return Hypercall(W(P.HypercallEntryUs), (vcpu, ret) =>
            _ts.EnterDomctl(_op, _target, vcpu, t =>
            {
                DomctlReturnedNs = t;
                ret(t);
            }));
        yield return Compute(W(P.XlExitCpuUs));
    }

    /// <summary>xs_talkv: write the request on the socket, block in read() until xenstored answers.</summary>
    private IEnumerable<Wait> XenstoreRead()
    {
        yield return Compute(W(P.XenstoreClientCpuUs));
        _ts.Xenstored.Post(_reply);
        yield return BlockOn(_reply);
    }
}
