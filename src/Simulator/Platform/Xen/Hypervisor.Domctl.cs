namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// XEN_DOMCTL_pausedomain / unpausedomain as the toolstack issues them: executed in Xen on the
/// caller's vCPU, which keeps its pCPU throughout (it is in hypervisor context: softirqs raised on
/// its pCPU wait until the hypercall returns, then run before guest code resumes).
/// </summary>
/// <remarks>
/// Timeline (xen-internals.md 1.4): DomctlBaseNs of entry (copy_from_guest, xsm, domctl lock)
/// before the command; the command's work; return. The domctl lock is not modelled: two domctls
/// on different pCPUs at once (not the study's case) would overlap instead of serialising.
/// </remarks>
public sealed partial class Hypervisor
{
    /// <summary>
    /// domain_pause_by_systemcontroller(<paramref name="target"/>) issued by <paramref name="caller"/>
    /// now. After DomctlBaseNs the controller count rises (nesting), d->pause_count rises (no vCPU
    /// is runnable from that instant), then each vCPU in turn gets vcpu_sleep_sync: SLEEP on the
    /// caller's pCPU; a runnable-not-running vCPU goes offline at once; a running one is poked
    /// with an SGI, is descheduled IpiLatencyNs later (running->offline on its pCPU) and the
    /// caller spins until its context has been saved (ContextSwitchNs more); a blocked one costs
    /// nothing and gets no record (its blocked->offline comes at its next <see cref="Kick(Vcpu)"/>).
    /// Each vCPU adds PerVcpuOpNs after it is off. <paramref name="onReturn"/> gets the instant
    /// the hypercall returns, from an event at that instant.
    /// </summary>
    /// <exception cref="XenDomctlException">Checked now: EINVAL when pausing the caller's own
    /// domain, EOVERFLOW beyond 255 nested pauses, ESRCH for an unknown domain. Use the
    /// overload with a return code to get them after the hypercall's time instead.</exception>
    public void PauseDomain(Domain target, Vcpu caller, Action<long> onReturn)
    {
        ArgumentNullException.ThrowIfNull(onReturn);
        var errno = PauseErrno(target, caller);
        if (errno != 0) throw new XenDomctlException("pausedomain", errno, PauseErrorText(target, errno));
        StartDomctl(DomctlCall.Kind.Pause, target, caller, onReturn, null);
    }

    /// <summary>
    /// As <see cref="PauseDomain(Domain, Vcpu, Action{long})"/>, but a refused pause costs its
    /// DomctlBaseNs and returns its code: <paramref name="onReturn"/>(returnAtNs, rc) with rc 0
    /// or -errno, as the hypercall would.
    /// </summary>
    public void PauseDomain(Domain target, Vcpu caller, Action<long, int> onReturn)
    {
        ArgumentNullException.ThrowIfNull(onReturn);
        StartDomctl(DomctlCall.Kind.Pause, target, caller, null, onReturn);
    }

    /// <summary>
    /// domain_unpause_by_systemcontroller(<paramref name="target"/>) issued by <paramref name="caller"/>
    /// now. After DomctlBaseNs the controller count drops; if d->pause_count reaches 0, each vCPU in
    /// turn, PerVcpuOpNs apart, gets vcpu_wake on the caller's pCPU (WAKE, offline->runnable for a
    /// runnable vCPU, the scheduler's wake and tickle; a blocked vCPU stays blocked until kicked).
    /// Nothing waits for the vCPUs to run: <paramref name="onReturn"/> gets DomctlBaseNs plus the
    /// per-vCPU work after now.
    /// </summary>
    /// <exception cref="XenDomctlException">Checked now: EINVAL when the domain is not paused by
    /// the controller (the count would go below 0), ESRCH for an unknown domain.</exception>
    public void UnpauseDomain(Domain target, Vcpu caller, Action<long> onReturn)
    {
        ArgumentNullException.ThrowIfNull(onReturn);
        var errno = UnpauseErrno(target);
        if (errno != 0) throw new XenDomctlException("unpausedomain", errno, UnpauseErrorText(target, errno));
        StartDomctl(DomctlCall.Kind.Unpause, target, caller, onReturn, null);
    }

    /// <summary>
    /// As <see cref="UnpauseDomain(Domain, Vcpu, Action{long})"/>, with the return code
    /// (0 or -errno) given to <paramref name="onReturn"/> after the hypercall's time.
    /// </summary>
    public void UnpauseDomain(Domain target, Vcpu caller, Action<long, int> onReturn)
    {
        ArgumentNullException.ThrowIfNull(onReturn);
        StartDomctl(DomctlCall.Kind.Unpause, target, caller, null, onReturn);
    }

    private void StartDomctl(DomctlCall.Kind kind, Domain target, Vcpu caller, Action<long>? onReturn, Action<long, int>? onReturnRc)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.ExecutingGuest || caller.Pcpu is not { } p)
            throw new InvalidOperationException($"domctl from {caller}: the caller is not executing guest code");
        if (p.InHypervisor)
            throw new InvalidOperationException($"domctl from {caller}: pCPU {p.Id} is already in a hypercall");
        p.InHypervisor = true;
        p.Events.Domctl.Start(kind, target, caller, onReturn, onReturnRc);
    }

    internal int PauseErrno(Domain target, Vcpu caller)
    {
        if (!_domains.Contains(target)) return XenErrno.ESRCH;
        if (ReferenceEquals(target, caller.Domain)) return XenErrno.EINVAL;
        if (target.ControllerPauseCount >= 255) return XenErrno.EOVERFLOW;
        return 0;
    }

    internal int UnpauseErrno(Domain target)
    {
        if (!_domains.Contains(target)) return XenErrno.ESRCH;
        if (target.ControllerPauseCount <= 0) return XenErrno.EINVAL;
        return 0;
    }

    internal static string PauseErrorText(Domain target, int errno) => errno switch
    {
        XenErrno.EINVAL => $"{target} cannot pause itself",
        XenErrno.EOVERFLOW => $"{target} is already paused 255 times",
        _ => $"{target} does not exist",
    };

    internal static string UnpauseErrorText(Domain target, int errno) => errno switch
    {
        XenErrno.EINVAL => $"{target} is not paused (controller pause count 0)",
        _ => $"{target} does not exist",
    };
}
