using XenSwitchSim.Calibration.Statistics;

namespace XenSwitchSim.Calibration.Tests.Statistics;

public class FactorialEffectsTests
{
    private static List<FactorialCell> Cells(Func<int, int, int, double> y) =>
        (from a in new[] { 0, 1 } from b in new[] { 0, 1 } from c in new[] { 0, 1 }
         select new FactorialCell([a.ToString(), b.ToString(), c.ToString()], y(a, b, c), 0.01)).ToList();

    [Fact]
    public void Additive_effects_show_as_main_effects_and_no_interaction()
    {
        var r = FactorialEffects.Analyze("y", ["A", "B", "C"], Cells((a, b, c) => 10 + 5 * a + 2 * b));
        Assert.Equal(5, r.MainEffects.Single(m => m.Factor == "A").Effect, 12);
        Assert.Equal(2, r.MainEffects.Single(m => m.Factor == "B").Effect, 12);
        Assert.Equal(0, r.MainEffects.Single(m => m.Factor == "C").Effect, 12);
        Assert.All(r.Interactions, i => Assert.False(i.Interacts));
    }

    [Fact]
    public void A_pure_interaction_is_found_and_attributed_to_its_pair()
    {
        var r = FactorialEffects.Analyze("y", ["A", "B", "C"], Cells((a, b, c) => 10 + 4 * a * b + c));
        var top = r.Interactions[0];
        Assert.Equal(("A", "B"), (top.A, top.B));
        Assert.True(top.Interacts);
        Assert.True(top.P < 1e-6);
        Assert.DoesNotContain(r.Interactions, i => i.Interacts && (i.A, i.B) != ("A", "B"));
    }

    [Fact]
    public void An_interaction_within_monte_carlo_noise_is_not_claimed()
    {
        var cells = Cells((a, b, c) => 10 + 0.05 * a * b + a).Select(c => c with { NoiseVariance = 1.0 }).ToList();
        var r = FactorialEffects.Analyze("y", ["A", "B", "C"], cells);
        Assert.All(r.Interactions, i => Assert.False(i.Interacts));
    }
}
