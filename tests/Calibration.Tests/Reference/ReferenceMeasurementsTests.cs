using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Calibration.Tests.Reference;

public class ReferenceMeasurementsTests
{
    private static readonly ReferenceMeasurements Data = ReferenceMeasurements.Load(ReferenceFile.Path);

    [Fact]
    public void All_eleven_old_rows_load_in_file_order()
    {
        Assert.Equal(
            ["baseline", "domU-vcpus-1", "domU-memory-155mb", "domU-storage-file", "domU-cpu-load", "dom0-cpu-load",
             "dom0-net-load", "xl-nice-minus20", "xl-sched-fifo", "two-domUs", "null-scheduler"],
            Data.OldRows.Select(r => r.Id));
        Assert.Equal(5, Data.OldRepetitions);
        Assert.All(Data.OldRows, r => Assert.Equal(5, r.Pause.N));
    }

    [Fact]
    public void Baseline_values_are_as_published()
    {
        var baseline = Data.OldRow("baseline");
        Assert.Equal(14777, baseline.Pause.MeanUs);
        Assert.Equal(328259, baseline.Pause.VariancePopUs2);
        Assert.Equal(15726, baseline.Pause.MaxUs);
        Assert.Equal(14170, baseline.Pause.MinUs);
        Assert.Equal([10709, 2548, 1520], baseline.Pause.PhasesMeanUs.Values);
        Assert.Equal(Phases.Pause, baseline.Pause.PhasesMeanUs.Keys);
        Assert.Equal(16579, baseline.Unpause.MeanUs);
        Assert.Equal(2741, baseline.Unpause.PhasesMeanUs["vcpu_running_to_domu_sample"]);
        Assert.Equal(1559388900, Data.OldRow("dom0-net-load").Pause.VariancePopUs2);
    }

    [Fact]
    public void Other_sections_are_typed()
    {
        Assert.Equal(new DateOnly(2021, 3, 1), Data.Source.Date);
        Assert.Equal(4000, Data.Source.DomUSamplingIntervalUs);
        Assert.Equal("4.13.0", Data.Environments["old"].Xen);
        Assert.Equal("Ubuntu 18.04.5 LTS, Linux 4.15.18", Data.Environments["new"].DomU);
        Assert.Equal(11, Data.ParameterTable.Count);
        Assert.Equal("stress (CPU hogs)", Data.ParameterTable.Single(p => p.Key == "dom0.cpu_load_procs").Tool);
        Assert.Equal(3, Data.ComparisonPatterns.Count);
        Assert.Equal(5, Data.Figure3Findings.Count);
        Assert.Equal(50, Data.NewRepetitions);
        var newBaseline = Data.NewRow("comparison-baseline");
        Assert.Equal(12141, newBaseline.Pause.MeanUs);
        Assert.Equal(23, newBaseline.Pause.PhasesMeanUs["xen_to_vcpu_paused"]);
        Assert.Equal(14362, newBaseline.Unpause.MeanUs);
        Assert.Equal(64, Data.Sha256.Length);
    }

    [Fact]
    public void Old_rows_get_the_table_baseline_with_their_one_change()
    {
        Assert.Equal(ScenarioParameters.Defaults, Data.OldBaseline); // Table 4's baseline is the contract's default
        Assert.Equal(Data.OldBaseline, Data.OldRow("baseline").Parameters);
        Assert.Equal(Data.OldBaseline with { DomUVcpus = 1 }, Data.OldRow("domU-vcpus-1").Parameters);
        Assert.Equal(Data.OldBaseline with { XenScheduler = XenScheduler.Null }, Data.OldRow("null-scheduler").Parameters);
        Assert.Equal(Data.OldBaseline with { Dom0NetLoadMbps = 1000 }, Data.OldRow("dom0-net-load").Parameters);
        Assert.Equal(Data.OldBaseline with { DomUStorage = DomUStorage.File }, Data.OldRow("domU-storage-file").Parameters);
    }

    [Fact]
    public void Ambiguous_rows_also_give_the_alternative_reading()
    {
        var nice = Data.OldRow("xl-nice-minus20");
        Assert.Equal(Data.OldBaseline with { XlNice = -20 }, nice.Parameters);
        Assert.Equal(Data.OldBaseline with { XlNice = -20, Dom0CpuLoadProcs = 4 }, nice.AlternativeParameters);
        Assert.NotNull(nice.Ambiguity);
        Assert.Null(Data.OldRow("baseline").AlternativeParameters);
        Assert.NotNull(Data.OldRow("null-scheduler").DataQuality);
    }

    [Fact]
    public void New_rows_get_the_comparison_baseline()
    {
        var expected = ScenarioParameters.Defaults with
        {
            DomUVcpus = 1,
            DomUStorage = DomUStorage.File,
            XenScheduler = XenScheduler.Null,
        };
        Assert.Equal(expected, Data.ComparisonBaseline);
        Assert.Equal(expected, Data.NewRow("comparison-baseline").Parameters);
    }

    [Fact]
    public void Hypercall_shares_keep_their_bounds()
    {
        var h = Data.HypercallVersion!;
        Assert.Equal(1000, h.CallsPerPattern);
        Assert.Equal(new ShareBound(BoundKind.AtLeast, 0.98), h.Patterns["baseline"].ShareIn10UsDecade);
        Assert.Equal(new ShareBound(BoundKind.Exactly, 0.007), h.Patterns["baseline"].ShareIn100UsDecade);
        Assert.Equal(new ShareBound(BoundKind.Exactly, 0.009), h.Patterns["dom0-net-load"].ShareIn1000UsDecade);
    }

    [Fact]
    public void The_embedded_form_loads_the_same_data()
    {
        using var stream = File.OpenRead(ReferenceFile.Path);
        var fromStream = ReferenceMeasurements.Load(stream, "embedded:reference");
        Assert.Equal(Data.Sha256, fromStream.Sha256);
        Assert.Equal(Data.OldRows.Count, fromStream.OldRows.Count);
    }
}
