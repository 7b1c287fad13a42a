using XenSwitchSim.Cli.Common;
using XenSwitchSim.Simulator.Experiments;

namespace XenSwitchSim.Cli.Tests.Deadlines;

public class MetricChoiceTests
{
    /// <summary>deadline runs only the board its metric needs; each board has its own streams, so the numbers are simulate's.</summary>
    [Fact]
    public void Running_one_board_gives_the_numbers_of_running_both()
    {
        var m = EmbeddedModels.Load(null);
        var s = ResolvedScenario.From(m, m.DefaultParameters.With("dom0.cpu_load_procs", "4"));
        var both = s.Run(24, 8, 1);
        var sw = s.Run(24, 8, 1, options: MetricChoice.SwitchTrue.Options());
        var pause = new MetricChoice(OperationMetric.Pause, TimeView.Observed);
        var pu = s.Run(24, 8, 1, options: pause.Options());
        for (int i = 0; i < both.Length; i++)
        {
            Assert.Equal(both[i].SwitchTrueUs, sw[i].SwitchTrueUs);
            Assert.Equal(both[i].SwitchObservedUs, sw[i].SwitchObservedUs);
            Assert.True(double.IsNaN(sw[i].PauseTrueUs));
            Assert.Equal(both[i].PauseObservedUs, pu[i].PauseObservedUs);
            Assert.Equal(both[i].UnpauseTrueUs, pu[i].UnpauseTrueUs);
            Assert.True(double.IsNaN(pu[i].SwitchTrueUs));
        }
    }

    [Theory]
    [InlineData("switch", "true", true)]
    [InlineData("Pause", "observed", true)]
    [InlineData("unpause", "TRUE", true)]
    [InlineData("migrate", "true", false)]
    [InlineData("switch", "measured", false)]
    public void Metric_and_view_parse(string metric, string view, bool ok) =>
        Assert.Equal(ok, MetricChoice.TryParse(metric, view, out _, out _));
}
