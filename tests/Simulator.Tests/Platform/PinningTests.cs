using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Platform;

namespace XenSwitchSim.Simulator.Tests.Platform;

/// <summary>xen.pinning: where the pins put each vCPU, and what that does to xl.</summary>
public class PinningTests
{
    private static readonly PlatformParameters TwoPcpus = new() { Pcpus = 2 };

    private static int[] Pins(Simulator.Platform.Xen.Domain d) => [.. d.Vcpus.Select(v => v.PinnedPcpu)];

    [Fact]
    public void Split_keeps_dom0_on_its_own_pcpus_and_the_domUs_on_the_rest()
    {
        var s = new PlatformScenario { Pinning = XenPinning.Split, Dom0Vcpus = 1, DomUVcpus = 1, XenDomUs = 2 };
        var b = new Board(TwoPcpus, s, 1, 0, withStandby: true, "pinning");
        Assert.Equal([0], Pins(b.Dom0));
        Assert.Equal([1], Pins(b.ActiveDomain));
        Assert.Equal([1], Pins(b.StandbyDomain!));
        Assert.All(b.Xen.Domains.Where(d => d.Id >= 2), d => Assert.Equal([1], Pins(d)));

        // Round-robin (all) puts the second domU back on dom0's pCPU 0.
        var all = new Board(TwoPcpus, s with { Pinning = XenPinning.All }, 1, 0, withStandby: false, "pinning");
        Assert.Contains(all.Xen.Domains.Where(d => d.Id >= 1), d => Pins(d).Contains(0));
    }

    [Fact]
    public void Split_with_dom0_on_every_pcpu_puts_the_domUs_on_the_last()
    {
        var s = new PlatformScenario { Pinning = XenPinning.Split, Dom0Vcpus = 2, DomUVcpus = 2 };
        var b = new Board(TwoPcpus, s, 1, 0, withStandby: false, "pinning");
        Assert.Equal([0, 1], Pins(b.Dom0));
        Assert.Equal([1, 1], Pins(b.ActiveDomain));
    }

    [Fact]
    public void A_busy_second_domU_slows_xl_only_when_the_pins_put_it_beside_dom0()
    {
        double MeanPause(XenPinning pinning) => ReplicationRunner.Run(40, r => SwitchExperiment.Run(TwoPcpus,
                new PlatformScenario { Pinning = pinning, Dom0Vcpus = 1, DomUVcpus = 1, XenDomUs = 2, DomUIdlePolls = true }, 3, r,
                new SwitchExperiment.Options { PauseUnpause = true }))
            .Select(t => t.PauseTrueUs).Where(double.IsFinite).Average();
        var split = MeanPause(XenPinning.Split);
        var all = MeanPause(XenPinning.All);
        Assert.True(all > 1.3 * split, $"all {all:F0} us vs split {split:F0} us");
    }
}
