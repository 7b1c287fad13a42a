using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Models.Tests.Parameters;

public class ParameterRoundTripProperties
{
    /// <summary>Random valid scenarios: each key set to one of its accepted spellings.</summary>
    private static readonly Gen<ScenarioParameters> Scenarios =
        from vcpus in Gen.Choose(1, 4)
        from memory in Gen.Choose(64, 3072)
        from storage in Gen.Elements("logical-partition", "file")
        from domULoad in Gen.Choose(0, 16)
        from domUNet in Gen.Choose(0, 1000)
        from dom0Load in Gen.Choose(0, 16)
        from dom0Net in Gen.Elements("0", "1Gbps", "250.5", "500000kbps")
        from dom0Vcpus in Gen.Elements("auto", "1", "2", "4")
        from nice in Gen.Choose(-20, 19)
        from policy in Gen.Elements("SCHED_OTHER", "sched_fifo")
        from domUs in Gen.Choose(1, 4)
        from scheduler in Gen.Elements("credit2", "null", "credit")
        from pinning in Gen.Elements("none", "dom0", "all", "split")
        from mechanism in Gen.Elements("xl", "resident", "kernel-module")
        from interval in Gen.Elements("4000", "4ms", "100us", "0.1s", "1234.5")
        from idle in Gen.Elements("block", "poll", "from-model")
        select ScenarioParameters.Defaults
            .With("domU.vcpus", vcpus.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("domU.memory_mb", memory.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("domU.storage", storage)
            .With("domU.cpu_load_procs", domULoad.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("domU.net_load_mbps", domUNet.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("dom0.cpu_load_procs", dom0Load.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("dom0.net_load_mbps", dom0Net)
            .With("dom0.vcpus", dom0Vcpus)
            .With("xl.nice", nice.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("xl.policy", policy)
            .With("xen.domUs", domUs.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("xen.scheduler", scheduler)
            .With("xen.pinning", pinning)
            .With("switch.mechanism", mechanism)
            .With("measure.sample_interval_us", interval)
            .With("measure.domU_idle", idle);

    [Property(MaxTest = 300)]
    public Property ToDictionary_reads_back_to_the_same_parameters() =>
        Prop.ForAll(Scenarios.ToArbitrary(), p =>
        {
            var back = p.ToDictionary().Aggregate(ScenarioParameters.Defaults, (acc, kv) => acc.With(kv.Key, kv.Value));
            return back == p;
        });
}
