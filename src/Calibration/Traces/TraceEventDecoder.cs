using System.Globalization;

namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// Names and fields of the scheduler and bookkeeping events, with the payload layouts of Xen 4.14-4.17
/// (xen/common/sched/*.c) and texts modelled on <c>xenalyze --dump-all</c>. credit2 ids are the
/// hypervisor's (PICKED_CPU 0x22213 ... RUNQ_CAND_CHECK 0x22217), not the shifted labels of the shipped
/// xentrace_format <c>formats</c> file. A record with fewer payload words than its event needs is
/// named but described as short; decoding never throws.
/// </summary>
public static class TraceEventDecoder
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Short name of an event id, independent of payload.</summary>
    public static string NameOf(uint eventId)
    {
        if (TraceEventIds.TryGetRunstateChange(eventId, out _, out _))
        {
            return "runstate_change";
        }

        return eventId switch
        {
            TraceEventIds.LostRecords => "lost_records",
            TraceEventIds.WrapBuffer => "wrap_buffer",
            TraceEventIds.CpuChange => "cpu_change",
            TraceEventIds.TraceIrq => "trace_irq",
            TraceEventIds.ContinueRunning => "runstate_continue",
            TraceEventIds.DomAdd => "sched_init_domain",
            TraceEventIds.DomRem => "sched_destroy_domain",
            TraceEventIds.Sleep => "vcpu_sleep",
            TraceEventIds.Wake => "vcpu_wake",
            TraceEventIds.Yield => "vcpu_yield",
            TraceEventIds.Block => "vcpu_block",
            TraceEventIds.Shutdown => "sched_shutdown",
            TraceEventIds.SchedCtl => "sched_ctl",
            TraceEventIds.AdjDom => "sched_adjust",
            TraceEventIds.Switch => "sched_switch",
            TraceEventIds.STimerFn => "s_timer_fn",
            TraceEventIds.TTimerFn => "t_timer_fn",
            TraceEventIds.DomTimerFn => "dom_timer_fn",
            TraceEventIds.SwitchInfPrev => "switch_infprev",
            TraceEventIds.SwitchInfNext => "switch_infnext",
            TraceEventIds.ShutdownCode => "sched_shutdown_code",
            TraceEventIds.SwitchInfCont => "switch_infcont",

            0x00022001 => "csched:sched_tasklet",
            0x00022002 => "csched:acct_start",
            0x00022003 => "csched:acct_stop",
            0x00022004 => "csched:stolen_vcpu",
            0x00022005 => "csched:pick_cpu",
            0x00022006 => "csched:runq_tickle",
            0x00022007 => "csched:boost_start",
            0x00022008 => "csched:boost_end",
            0x00022009 => "csched:schedule",
            0x0002200a => "csched:ratelimit",
            0x0002200b => "csched:steal_check",

            TraceEventIds.Csched2Tick => "csched2:tick",
            TraceEventIds.Csched2RunqPos => "csched2:runq_insert",
            TraceEventIds.Csched2CreditBurn => "csched2:burn_credits",
            TraceEventIds.Csched2CreditAdd => "csched2:credit_add",
            TraceEventIds.Csched2TickleCheck => "csched2:tickle_check",
            TraceEventIds.Csched2Tickle => "csched2:runq_tickle",
            TraceEventIds.Csched2CreditReset => "csched2:reset_credits",
            TraceEventIds.Csched2SchedTasklet => "csched2:sched_tasklet",
            TraceEventIds.Csched2UpdateLoad => "csched2:update_load",
            TraceEventIds.Csched2RunqAssign => "csched2:runq_assign",
            TraceEventIds.Csched2UpdateUnitLoad => "csched2:update_vcpu_load",
            TraceEventIds.Csched2UpdateRunqLoad => "csched2:update_rq_load",
            TraceEventIds.Csched2TickleNew => "csched2:runq_tickle_new",
            TraceEventIds.Csched2RunqMaxWeight => "csched2:update_max_weight",
            TraceEventIds.Csched2Migrate => "csched2:migrate",
            TraceEventIds.Csched2LoadCheck => "csched2:load_balance_check",
            TraceEventIds.Csched2LoadBalance => "csched2:load_balance_begin",
            TraceEventIds.Csched2PickedCpu => "csched2:picked_cpu",
            TraceEventIds.Csched2RunqCandidate => "csched2:runq_candidate",
            TraceEventIds.Csched2Schedule => "csched2:schedule",
            TraceEventIds.Csched2Ratelimit => "csched2:ratelimit",
            TraceEventIds.Csched2RunqCandCheck => "csched2:runq_cand_check",

            0x00022801 => "rtds:runq_tickle",
            0x00022802 => "rtds:runq_pick",
            0x00022803 => "rtds:burn_budget",
            0x00022804 => "rtds:repl_budget",
            0x00022805 => "rtds:sched_tasklet",
            0x00022806 => "rtds:schedule",
            0x00022807 => "rtds:runq_tickle_new",

            TraceEventIds.NullPickedCpu => "null:picked_cpu",
            TraceEventIds.NullUnitAssign => "null:vcpu_assign",
            TraceEventIds.NullUnitDeassign => "null:vcpu_deassign",
            TraceEventIds.NullMigrate => "null:migrate",
            TraceEventIds.NullSchedule => "null:schedule",
            TraceEventIds.NullTasklet => "null:sched_tasklet",

            TraceEventIds.Dom0DomAdd => "domain_create",
            TraceEventIds.Dom0DomRem => "domain_destroy",
            _ => "unknown",
        };
    }

    public static DecodedEvent Decode(in TraceRecord record) => Decode(record.Event, record.Extra.Span);

    public static DecodedEvent Decode(uint eventId, ReadOnlySpan<uint> d)
    {
        string name = NameOf(eventId);

        if (TraceEventIds.TryGetRunstateChange(eventId, out RunState oldState, out RunState newState))
        {
            if (d.Length < 1)
            {
                return Short(name, eventId, d);
            }

            (int dom, int vcpu) = UnitDom(d[0]);
            return new DecodedEvent(name,
                $"runstate_change {DV(dom, vcpu)} {oldState.Name()}->{newState.Name()}",
                dom, vcpu, oldState, newState);
        }

        switch (eventId)
        {
            case TraceEventIds.ContinueRunning:
            {
                if (d.Length < 1)
                {
                    return Short(name, eventId, d);
                }

                (int dom, int vcpu) = UnitDom(d[0]);
                return new DecodedEvent(name, $"runstate_continue {DV(dom, vcpu)} running->running",
                    dom, vcpu, RunState.Running, RunState.Running);
            }

            case TraceEventIds.Sleep:
            case TraceEventIds.Wake:
            case TraceEventIds.Yield:
            case TraceEventIds.Block:
            {
                if (d.Length < 2)
                {
                    return Short(name, eventId, d);
                }

                int dom = (int)d[0];
                int vcpu = (int)d[1];
                return new DecodedEvent(name, $"{name} {DV(dom, vcpu)}", dom, vcpu);
            }

            case TraceEventIds.Shutdown:
            case TraceEventIds.ShutdownCode:
            {
                if (d.Length < 3)
                {
                    return Short(name, eventId, d);
                }

                return new DecodedEvent(name, $"{name} {DV((int)d[0], (int)d[1])}, reason = {d[2]}",
                    (int)d[0], (int)d[1]);
            }

            case TraceEventIds.DomAdd:
            case TraceEventIds.DomRem:
            case TraceEventIds.AdjDom:
            case TraceEventIds.Dom0DomAdd:
            case TraceEventIds.Dom0DomRem:
                return d.Length < 1
                    ? Short(name, eventId, d)
                    : new DecodedEvent(name, $"{name} d{d[0]}", (int)d[0]);

            case TraceEventIds.Switch:
                return d.Length < 4
                    ? Short(name, eventId, d)
                    : new DecodedEvent(name,
                        $"sched_switch prev {DV((int)d[0], (int)d[1])} next {DV((int)d[2], (int)d[3])}");

            case TraceEventIds.SwitchInfPrev:
                return d.Length < 3
                    ? Short(name, eventId, d)
                    : new DecodedEvent(name,
                        $"sched_switch prev {DV((int)d[0], (int)d[1])}, run for {Us(d[2])}",
                        (int)d[0], (int)d[1]);

            case TraceEventIds.SwitchInfNext:
            {
                if (d.Length < 4)
                {
                    return Short(name, eventId, d);
                }

                string text = $"sched_switch next {DV((int)d[0], (int)d[1])}";
                if (d[2] != 0)
                {
                    text += $", was runnable for {Us(d[2])}";
                }

                if ((int)d[3] > 0)
                {
                    text += $", next slice {Us(d[3])}";
                }

                return new DecodedEvent(name, text, (int)d[0], (int)d[1]);
            }

            case TraceEventIds.SwitchInfCont:
            {
                if (d.Length < 4)
                {
                    return Short(name, eventId, d);
                }

                string text = $"sched_switch continue {DV((int)d[0], (int)d[1])}, run for {Us(d[2])}";
                if ((int)d[3] > 0)
                {
                    text += $", next slice {Us(d[3])}";
                }

                return new DecodedEvent(name, text, (int)d[0], (int)d[1]);
            }

            case TraceEventIds.LostRecords:
            {
                if (d.Length < 2)
                {
                    return Short(name, eventId, d);
                }

                int dom = (int)(d[1] & 0xffff);
                int vcpu = (int)(d[1] >> 16);
                string text = $"lost_records count {d[0]}, while {DV(dom, vcpu)} ran";
                if (d.Length >= 4)
                {
                    ulong first = d[2] | ((ulong)d[3] << 32);
                    text += $", first lost tsc {first}";
                }

                return new DecodedEvent(name, text, dom, vcpu);
            }

            case TraceEventIds.WrapBuffer:
                return new DecodedEvent(name, $"wrap_buffer, {4 + (4 * d.Length)} bytes of padding");

            case TraceEventIds.CpuChange:
                return d.Length < 2
                    ? Short(name, eventId, d)
                    : new DecodedEvent(name, $"cpu_change cpu {(int)d[0]}, window_size {d[1]}");
        }

        if (eventId is >= 0x00022200 and <= 0x000222ff)
        {
            return DecodeCredit2(name, eventId, d);
        }

        if (eventId is >= TraceEventIds.NullPickedCpu and <= TraceEventIds.NullTasklet)
        {
            return DecodeNull(name, eventId, d);
        }

        return name == "unknown"
            ? new DecodedEvent(name, $"unknown 0x{eventId:x8} {Words(d)}")
            : Generic(name, d);
    }

    private static DecodedEvent DecodeCredit2(string name, uint eventId, ReadOnlySpan<uint> d)
    {
        switch (eventId)
        {
            case TraceEventIds.Csched2Tick:
            case TraceEventIds.Csched2CreditAdd:
            case TraceEventIds.Csched2SchedTasklet:
            case TraceEventIds.Csched2UpdateLoad:
                return new DecodedEvent(name, name);

            case TraceEventIds.Csched2RunqPos:
                return UnitDomEvent(name, eventId, d, 2, (dv, w) => $"{dv}, position {w[1]}");

            case TraceEventIds.Csched2CreditBurn:
                return UnitDomEvent(name, eventId, d, 4, (dv, w) =>
                    (int)w[2] == int.MinValue
                        ? $"{dv}, credit = {(int)w[1]}, delta = {(int)w[3]}"
                        : $"{dv}, credit = {(int)w[1]}, budget = {(int)w[2]}, delta = {(int)w[3]}");

            case TraceEventIds.Csched2TickleCheck:
                return UnitDomEvent(name, eventId, d, 3, (dv, w) => $"{dv}, credit = {(int)w[1]}, score = {(int)w[2]}");

            case TraceEventIds.Csched2Tickle:
                return d.Length < 1 ? Short(name, eventId, d) : new DecodedEvent(name, $"{name} cpu {d[0] & 0xffff}");

            case TraceEventIds.Csched2CreditReset:
                return UnitDomEvent(name, eventId, d, 3, (dv, w) =>
                    $"{dv}, credit_start = {(int)w[1]}, credit_end = {(int)w[2]}");

            case TraceEventIds.Csched2RunqAssign:
                return UnitDomEvent(name, eventId, d, 2, (dv, w) => $"{dv} on rq# {w[1] & 0xffff}");

            case TraceEventIds.Csched2UpdateUnitLoad:
            {
                if (d.Length < 4)
                {
                    return Short(name, eventId, d);
                }

                ulong load = d[0] | ((ulong)d[1] << 32);
                (int dom, int vcpu) = UnitDom(d[2]);
                return new DecodedEvent(name,
                    $"{name} {DV(dom, vcpu)}, vcpu_load = {Percent(load, d[3])} ({load})", dom, vcpu);
            }

            case TraceEventIds.Csched2UpdateRunqLoad:
            {
                if (d.Length < 5)
                {
                    return Short(name, eventId, d);
                }

                ulong avg = d[0] | ((ulong)d[1] << 32);
                ulong bavg = d[2] | ((ulong)d[3] << 32);
                uint load = d[4] & 0xffff;
                uint rq = (d[4] >> 16) & 0xff;
                uint shift = d[4] >> 24;
                return new DecodedEvent(name,
                    $"{name} rq# {rq}, load = {load}, avgload = {Percent(avg, shift)} ({avg}), b_avgload = {Percent(bavg, shift)} ({bavg})");
            }

            case TraceEventIds.Csched2TickleNew:
                return UnitDomEvent(name, eventId, d, 3, (dv, w) => $"{dv}, processor = {w[1]}, credit = {(int)w[2]}");

            case TraceEventIds.Csched2RunqMaxWeight:
                return d.Length < 1
                    ? Short(name, eventId, d)
                    : new DecodedEvent(name, $"{name} rq# {d[0] & 0xffff}, max_weight = {d[0] >> 16}");

            case TraceEventIds.Csched2Migrate:
                return UnitDomEvent(name, eventId, d, 2, (dv, w) => $"{dv} rq# {w[1] & 0xffff} --> rq# {w[1] >> 16}");

            case TraceEventIds.Csched2LoadCheck:
                return d.Length < 2
                    ? Short(name, eventId, d)
                    : new DecodedEvent(name, $"{name} lrq# {d[0] & 0xffff}, orq# {d[0] >> 16}, delta = {d[1]}");

            case TraceEventIds.Csched2PickedCpu:
            {
                if (d.Length < 4)
                {
                    return Short(name, eventId, d);
                }

                (int dom, int vcpu) = UnitDom(d[2]);
                return new DecodedEvent(name, $"{name} {DV(dom, vcpu)}, rq# {d[3] & 0xffff}, cpu {d[3] >> 16}", dom, vcpu);
            }

            case TraceEventIds.Csched2RunqCandidate:
                return UnitDomEvent(name, eventId, d, 3, (dv, w) =>
                    w[1] == uint.MaxValue
                        ? $"{dv}, credit = {(int)w[2]}, no cpu was tickled"
                        : $"{dv}, credit = {(int)w[2]}, cpu {w[1]} was tickled");

            case TraceEventIds.Csched2Schedule:
            {
                if (d.Length < 2)
                {
                    return Short(name, eventId, d);
                }

                uint cpu = d[0] & 0xffff;
                uint rq = d[0] >> 16;
                bool tasklet = (d[1] & 0xff) != 0;
                bool idle = ((d[1] >> 8) & 0xff) != 0;
                bool smtIdle = ((d[1] >> 16) & 0xff) != 0;
                bool tickled = (d[1] >> 24) != 0;
                string text = $"{name} cpu {cpu}, rq# {rq}"
                              + (tasklet ? ", tasklet scheduled" : "")
                              + (idle ? ", idle" : ", busy")
                              + (idle ? (smtIdle ? ", SMT idle" : ", SMT busy") : "")
                              + (tickled ? ", tickled" : ", not tickled");
                return new DecodedEvent(name, text);
            }

            case TraceEventIds.Csched2Ratelimit:
                return UnitDomEvent(name, eventId, d, 2, (dv, w) => $"{dv} run only {Us(w[1])}");

            case TraceEventIds.Csched2RunqCandCheck:
                return UnitDomEvent(name, eventId, d, 1, (dv, _) => dv);

            default:
                return Generic(name, d);
        }
    }

    private static DecodedEvent DecodeNull(string name, uint eventId, ReadOnlySpan<uint> d)
    {
        switch (eventId)
        {
            case TraceEventIds.NullPickedCpu:
                return UnitDomEvent(name, eventId, d, 2, (dv, w) => $"{dv}, cpu {w[1]}");
            case TraceEventIds.NullUnitAssign:
                return UnitDomEvent(name, eventId, d, 2, (dv, w) => $"{dv} to cpu {w[1]}");
            case TraceEventIds.NullUnitDeassign:
                return UnitDomEvent(name, eventId, d, 2, (dv, w) => $"{dv} from cpu {w[1]}");
            case TraceEventIds.NullMigrate:
                return UnitDomEvent(name, eventId, d, 2, (dv, w) => $"{dv}, cpu {w[1] & 0xffff}, new_cpu {w[1] >> 16}");
            case TraceEventIds.NullSchedule:
            {
                if (d.Length < 2)
                {
                    return Short(name, eventId, d);
                }

                uint tasklet = d[0] & 0xffff;
                uint cpu = d[0] >> 16;
                short unit = (short)(d[1] & 0xffff);
                short dom = (short)(d[1] >> 16);
                string text = $"{name} cpu {cpu}" + (tasklet != 0 ? ", tasklet scheduled" : "");
                if (unit == -1)
                {
                    return new DecodedEvent(name, text + ", no vcpu");
                }

                return new DecodedEvent(name, text + $", vcpu {DV(dom, unit)}", dom, unit);
            }

            default:
                return new DecodedEvent(name, name);
        }
    }

    /// <summary>Events whose first word is the credit2/null packing <c>unit | dom &lt;&lt; 16</c>.</summary>
    private static DecodedEvent UnitDomEvent(string name, uint eventId, ReadOnlySpan<uint> d, int needed,
        Func<string, uint[], string> text)
    {
        if (d.Length < needed)
        {
            return Short(name, eventId, d);
        }

        (int dom, int vcpu) = UnitDom(d[0]);
        return new DecodedEvent(name, $"{name} {text(DV(dom, vcpu), d.ToArray())}", dom, vcpu);
    }

    /// <summary>Splits the packed word <c>vcpu | dom &lt;&lt; 16</c>.</summary>
    public static (int Dom, int Vcpu) UnitDom(uint word) => ((int)(word >> 16), (int)(word & 0xffff));

    private static string DV(int dom, int vcpu) => $"d{dom}v{vcpu}";

    /// <summary>ns as µs with the fraction zero-padded (xenalyze does not pad; see XenalyzeTextReader).</summary>
    private static string Us(uint ns) => string.Create(Inv, $"{ns / 1000}.{ns % 1000:D3}us");

    private static string Percent(ulong value, uint shift) =>
        shift >= 64 ? "?%" : ((value * 100.0) / Math.Pow(2, shift)).ToString("0.000", Inv) + "%";

    private static string Words(ReadOnlySpan<uint> d)
    {
        var parts = new string[d.Length];
        for (int i = 0; i < d.Length; i++)
        {
            parts[i] = $"0x{d[i]:x8}";
        }

        return "[ " + string.Join(' ', parts) + (parts.Length > 0 ? " ]" : "]");
    }

    private static DecodedEvent Generic(string name, ReadOnlySpan<uint> d) =>
        new(name, d.Length == 0 ? name : $"{name} {Words(d)}");

    private static DecodedEvent Short(string name, uint eventId, ReadOnlySpan<uint> d) =>
        new(name, $"{name} (short record: 0x{eventId:x8} with {d.Length} extra word(s)) {Words(d)}");
}
