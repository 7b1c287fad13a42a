using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Platform;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>
/// Which mechanisms <c>calibrate --measurements</c> fits: the ones named with <c>--free</c>, or by
/// default those the sets exercise (a mechanism no measured scenario runs through cannot be
/// fitted, only dragged by noise):
/// <list type="bullet">
/// <item>any set timed through xl: xl's exec, libxl start-up and xl.conf, the name lookup, xenstored's service time;</item>
/// <item>any set timed through the resident switcher: the hypercall entry and the domctl's base cost;</item>
/// <item>always: the run-to-run spread of CPU bursts (the variances); the sampler's period slack when a pause phase is measured;</item>
/// <item>two or more domUs: xl's per-domain lookup work; dom0 network load: the NIC softirq and iperf;
/// domU network load: netback and the domU's receive path; a file-backed domU disk: loop, blkback and the sampler's I/O interval.</item>
/// </list>
/// A mechanism whose start value is 0 (e.g. a testbed's page-cache miss probability) is skipped:
/// the search is in log space. Everything not free keeps the template's value.
/// </summary>
public static class MeasurementFreeSet
{
    public static IReadOnlyList<(string Mechanism, string Why)> Default(CalibrationData data, ModelDefinition priors)
    {
        var rows = data.Rows;
        var list = new List<(string, string)>();
        void Add(string m, string why)
        {
            if (priors.Mechanisms.Value(m) > 0 && !list.Any(x => x.Item1 == m)) list.Add((m, why));
        }

        if (rows.Any(r => r.Parameters.SwitchMechanism == SwitchMechanism.Xl))
        {
            Add("xl_exec_cpu_us", "xl's exec and dynamic loading: the largest part of every xl launch");
            Add("xl_config_cpu_us", "libxl start-up and xl.conf: with exec it sets the unloaded totals (the two trade off: see the sd)");
            Add("xl_lookup_cpu_us", "getdomaininfolist: unpause does one more than pause");
            Add("xenstored_cpu_us", "xenstored's service time: each xs_read of xl waits for it");
        }

        if (rows.Any(r => r.Parameters.SwitchMechanism == SwitchMechanism.Resident))
        {
            Add("hypercall_entry_us", "the resident switcher's ioctl to the hypervisor and back");
            Add("xen_domctl_base_us", "the domctl's entry, copy and lock: most of a resident pause");
        }

        Add("cpu_work_sd_rel", "run-to-run spread of CPU bursts: the measured variances");
        if (rows.Any(r => r.Pause is { } p && p.PhasesUs.ContainsKey("domu_last_sample_to_xen")))
            Add("sampler_overhead_us", "the sampler's period slack: the pause's last-sample-to-Xen phase");
        if (rows.Any(r => r.Parameters.XenDomUs > 1))
            Add("xl_per_domain_cpu_us", "per-domain work of xl's name lookup: the sets with more domUs");
        if (rows.Any(r => r.Parameters.Dom0NetLoadMbps > 0))
        {
            Add("net_rx_softirq_core_per_gbps", "the NIC's receive softirq on dom0's vCPU: the dom0 network load sets");
            Add("iperf_core_per_gbps", "iperf's copy in dom0: the dom0 network load sets");
        }

        if (rows.Any(r => r.Parameters.DomUNetLoadMbps > 0))
        {
            Add("netback_core_per_gbps", "netback's grant copies in dom0: the domU network load sets");
            Add("domu_net_stack_core_per_gbps", "the domU's receive path: the domU network load sets");
        }

        if (rows.Any(r => r.Parameters.DomUStorage == DomUStorage.File))
        {
            Add("loop_cpu_us", "the loop worker per sampler batch: the file-disk sets");
            Add("blkback_cpu_us", "blkback per sampler batch: the file-disk sets");
            Add("sampler_io_interval_us", "how often the sampler's log reaches the disk: the file-disk sets");
        }

        return list;
    }

    /// <summary>The mechanisms named with <c>--free</c> (comma-separated or repeated), checked.</summary>
    public static IReadOnlyList<(string Mechanism, string Why)> Parse(IEnumerable<string> arguments, ModelDefinition priors)
    {
        var names = arguments.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
        if (names.Count == 0) throw new InputError(SourceLocation.Of("--free"), "names no mechanism", "expected mechanism names, e.g. --free xl_exec_cpu_us,cpu_work_sd_rel");
        var known = PlatformBinding.Mechanisms.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var n in names)
        {
            if (!PlatformBinding.Mechanisms.ContainsKey(n))
            {
                throw new InputError(SourceLocation.Of("--free"), $"unknown mechanism '{n}'",
                    $"{ClosestMatch.Suggestion(n, known)}expected one of: {string.Join(", ", known)}");
            }

            if (!(priors.Mechanisms.Value(n) > 0))
            {
                throw new InputError(SourceLocation.Of("--free"), $"'{n}' is {priors.Mechanisms.Value(n)} in {priors.SourceName}",
                    "a fit searches in log space: give the mechanism a positive start value in the template (or --priors) first");
            }
        }

        return names.Select(n => (n, "named with --free")).ToList();
    }
}
