using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>
/// A pause or unpause domctl in progress on one pCPU, as a small state machine driven by events
/// (one instance per pCPU, reused: a pCPU runs one hypercall at a time).
/// </summary>
internal sealed class DomctlCall(Hypervisor xen, Pcpu pcpu) : EventTarget
{
    public enum Kind : byte { Pause, Unpause }

    private enum Step : byte { Entry, SleepVcpu, WakeVcpu, Return }

    private Kind _kind;
    private Step _step;
    private Domain _target = null!;
    private Vcpu _caller = null!;
    private Action<long>? _onReturn;
    private Action<long, int>? _onReturnRc;
    private int _rc;
    private int _index;
    private int _token;

    public void Start(Kind kind, Domain target, Vcpu caller, Action<long>? onReturn, Action<long, int>? onReturnRc)
    {
        _kind = kind;
        _target = target;
        _caller = caller;
        _onReturn = onReturn;
        _onReturnRc = onReturnRc;
        _rc = 0;
        _index = 0;
        Next(Step.Entry, xen.Costs.DomctlBaseNs);
    }

    private void Next(Step step, long afterNs)
    {
        _step = step;
        xen.Sim.Schedule(this, xen.Sim.NowNs + afterNs, ++_token);
    }

    protected internal override void Fire(int token)
    {
        if (token != _token)
        {
            xen.Sim.StaleEvents++;
            return;
        }
        switch (_step)
        {
            case Step.Entry: Entry(); break;
            case Step.SleepVcpu: SleepVcpu(); break;
            case Step.WakeVcpu: WakeVcpu(); break;
            case Step.Return: Return(); break;
        }
    }

    private void Entry()
    {
        var errno = _kind == Kind.Pause ? xen.PauseErrno(_target, _caller) : xen.UnpauseErrno(_target);
        if (errno != 0)
        {
            // Only possible when the state changed since the call (else the caller was told at once).
            if (_onReturnRc is null)
                throw new XenDomctlException(_kind == Kind.Pause ? "pausedomain" : "unpausedomain", errno,
                    _kind == Kind.Pause ? Hypervisor.PauseErrorText(_target, errno) : Hypervisor.UnpauseErrorText(_target, errno));
            _rc = -errno;
            Return();
            return;
        }
        if (_kind == Kind.Pause)
        {
            // domain_pause_by_systemcontroller -> domain_pause: one increment makes every vCPU
            // non-runnable at once; then vcpu_sleep_sync for each vCPU in turn.
            _target.ControllerPauseCount++;
            _target.PauseCount++;
            SleepVcpu();
        }
        else
        {
            _target.ControllerPauseCount--;
            if (--_target.PauseCount == 0) WakeVcpu();
            else Return(); // still paused by someone else: no vCPU is woken
        }
    }

    /// <summary>vcpu_sleep_sync(v): sleep_nosync, then spin while it is not runnable but still is_running.</summary>
    private void SleepVcpu()
    {
        if (_index == _target.Vcpus.Count)
        {
            Return();
            return;
        }
        var v = _target.Vcpus[_index];
        xen.VcpuSleepNosync(v, pcpu.Id);
        if (!v.IsRunnable && v.IsRunning)
        {
            v.SleepSyncWaiter = this; // the core calls VcpuSaved when its context is saved
            return;
        }
        _index++;
        Next(Step.SleepVcpu, xen.Costs.PerVcpuOpNs);
    }

    /// <summary>The vCPU this pause spins on is off its pCPU: the spin ends now.</summary>
    public void VcpuSaved()
    {
        _index++;
        Next(Step.SleepVcpu, xen.Costs.PerVcpuOpNs);
    }

    private void WakeVcpu()
    {
        xen.VcpuWake(_target.Vcpus[_index], pcpu.Id);
        _index++;
        Next(_index == _target.Vcpus.Count ? Step.Return : Step.WakeVcpu, xen.Costs.PerVcpuOpNs);
    }

    private void Return()
    {
        var now = xen.Sim.NowNs;
        var onReturn = _onReturn;
        var onReturnRc = _onReturnRc;
        var rc = _rc;
        _onReturn = null;
        _onReturnRc = null;
        _target = null!;
        _caller = null!;
        pcpu.InHypervisor = false;
        // The result reaches the caller first; softirqs raised meanwhile run on the exit path at
        // the same instant, so the caller may be descheduled right after (OnStop after onReturn).
        if (onReturn is not null) onReturn(now);
        else onReturnRc!(now, rc);
        xen.LeaveHypervisorOn(pcpu);
    }
}
