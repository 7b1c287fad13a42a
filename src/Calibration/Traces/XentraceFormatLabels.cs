namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// The labels of the <c>formats</c> file shipped with xentrace_format (Xen 4.14 and 4.17) for the
/// GEN, SCHED and DOM0 classes, mapped to the id they are listed under. xentrace_format looks a record
/// up by its real id, so the id a label is listed under is the record's real id even where the label
/// text is wrong: the last five credit2 labels are shifted by one (a real 0x22215 SCHEDULE record
/// prints as "csched2:ratelimit", a real 0x22213 PICKED_CPU as "csched2:runq_candidate"; 0x22217
/// RUNQ_CAND_CHECK has no rule and prints as "unknown (0x...)").
/// </summary>
public static class XentraceFormatLabels
{
    private static readonly Dictionary<string, uint> LabelToId = new(StringComparer.Ordinal)
    {
        ["lost_records"] = 0x0001f001,
        ["wrap_buffer"] = 0x0001f002,
        ["cpu_change"] = 0x0001f003,
        ["trace_irq"] = 0x0001f004,
        ["continue_running"] = 0x00021002,
        ["sched_add_domain"] = 0x00028001,
        ["sched_rem_domain"] = 0x00028002,
        ["domain_sleep"] = 0x00028003,
        ["domain_wake"] = 0x00028004,
        ["do_yield"] = 0x00028005,
        ["do_block"] = 0x00028006,
        ["domain_shutdown"] = 0x00028007,
        ["sched_ctl"] = 0x00028008,
        ["sched_adjdom"] = 0x00028009,
        ["__enter_scheduler"] = 0x0002800a,
        ["s_timer_fn"] = 0x0002800b,
        ["t_timer_fn"] = 0x0002800c,
        ["dom_timer_fn"] = 0x0002800d,
        ["switch_infprev"] = 0x0002800e,
        ["switch_infnext"] = 0x0002800f,
        ["domain_shutdown_code"] = 0x00028010,
        ["switch_infcont"] = 0x00028011,
        ["csched:sched_tasklet"] = 0x00022001,
        ["csched:account_start"] = 0x00022002,
        ["csched:account_stop"] = 0x00022003,
        ["csched:stolen_vcpu"] = 0x00022004,
        ["csched:picked_cpu"] = 0x00022005,
        ["csched:tickle"] = 0x00022006,
        ["csched:boost"] = 0x00022007,
        ["csched:unboost"] = 0x00022008,
        ["csched:schedule"] = 0x00022009,
        ["csched:ratelimit"] = 0x0002200a,
        ["csched:steal_check"] = 0x0002200b,
        ["csched2:tick"] = 0x00022201,
        ["csched2:runq_pos"] = 0x00022202,
        ["csched2:credit burn"] = 0x00022203,
        ["csched2:credit_add"] = 0x00022204,
        ["csched2:tickle_check"] = 0x00022205,
        ["csched2:tickle"] = 0x00022206,
        ["csched2:credit_reset"] = 0x00022207,
        ["csched2:sched_tasklet"] = 0x00022208,
        ["csched2:update_load"] = 0x00022209,
        ["csched2:runq_assign"] = 0x0002220a,
        ["csched2:updt_vcpu_load"] = 0x0002220b,
        ["csched2:updt_runq_load"] = 0x0002220c,
        ["csched2:tickle_new"] = 0x0002220d,
        ["csched2:runq_max_weight"] = 0x0002220e,
        ["csched2:migrrate"] = 0x0002220f,
        ["csched2:load_check"] = 0x00022210,
        ["csched2:load_balance"] = 0x00022211,
        ["csched2:pick_cpu"] = 0x00022212,
        ["csched2:runq_candidate"] = 0x00022213,
        ["csched2:schedule"] = 0x00022214,
        ["csched2:ratelimit"] = 0x00022215,
        ["csched2:runq_cand_chk"] = 0x00022216,
        ["rtds:tickle"] = 0x00022801,
        ["rtds:runq_pick"] = 0x00022802,
        ["rtds:burn_budget"] = 0x00022803,
        ["rtds:repl_budget"] = 0x00022804,
        ["rtds:sched_tasklet"] = 0x00022805,
        ["rtds:schedule"] = 0x00022806,
        ["null:pick_cpu"] = 0x00022a01,
        ["null:assign"] = 0x00022a02,
        ["null:deassign"] = 0x00022a03,
        ["null:migrate"] = 0x00022a04,
        ["null:schedule"] = 0x00022a05,
        ["null:sched_tasklet"] = 0x00022a06,
        ["domain_create"] = 0x00041001,
        ["domain_destroy"] = 0x00041002,
    };

    /// <summary>
    /// The real event id of a record printed with <paramref name="label"/>: the id the label is listed
    /// under in the shipped formats file, or, for runstate labels <c>&lt;old&gt;_to_&lt;new&gt;</c>, the
    /// runstate-change id.
    /// </summary>
    public static bool TryGetEventId(string label, out uint eventId)
    {
        if (LabelToId.TryGetValue(label, out eventId))
        {
            return true;
        }

        int to = label.IndexOf("_to_", StringComparison.Ordinal);
        if (to > 0
            && RunStateNames.TryParse(label[..to], out RunState oldState)
            && RunStateNames.TryParse(label[(to + 4)..], out RunState newState))
        {
            eventId = TraceEventIds.RunstateChange(oldState, newState);
            return true;
        }

        eventId = 0;
        return false;
    }
}
