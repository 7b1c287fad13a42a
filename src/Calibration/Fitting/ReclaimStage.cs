namespace XenSwitchSim.Calibration.Fitting;

/// <summary>
/// A search of the direct-reclaim mechanism on its own (<c>kswapd_wakes_per_s</c>, <c>kswapd_cpu_us</c>,
/// <c>writeback_wait_prob</c> per environment, <c>writeback_wait_mean_us</c>), after the main search has fitted the
/// rows with it held at its priors. Only the rare-mode counts and the file-disk rows see it, and its parameters act
/// through a product (kswapd's exposure x writeback_wait_prob): the study's 3 in 100 need an exposure of a few
/// percent under load, which the priors do not give, so a joint 26-dimensional simplex from the priors ended with the
/// old environment's loaded count expected 0.44 times and the rows' fit worse (objective 514 against 346 without the
/// mechanism). Here the stage searches only these coordinates (log space), from the current point and from heavier
/// kswapd work per wake-up, keeps the best, then sets each environment's writeback_wait_prob by a golden section over its log range;
/// the polish after it lets everything follow.
/// </summary>
public static class ReclaimStage
{
    public static readonly string[] Mechanisms =
        ["kswapd_wakes_per_s", "kswapd_cpu_us", "writeback_wait_prob", "writeback_wait_mean_us"];

    /// <summary>Starting kswapd work per wake-up: the current value times these factors (clamped to the bounds).</summary>
    private static readonly double[] CpuFactors = [1, 3, 10];

    /// <summary>Indices of the stage's parameters in the free set (empty when none is free).</summary>
    public static int[] Indices(ParameterSpace space) =>
        [.. Enumerable.Range(0, space.Dimension).Where(i => Mechanisms.Contains(space.Free[i].Mechanism))];

    public static int PlannedEvaluations(ParameterSpace space, int evaluations) =>
        Indices(space).Length == 0 || evaluations <= 0 ? 0 : evaluations + GoldenSectionEvaluations(space);

    /// <summary>The best of <paramref name="best"/> and the stage's searches (never worse).</summary>
    public static Optimiser.Point Refit(ParameterSpace space, Optimiser.Point best, Func<double[], double> objective, int evaluations)
    {
        var idx = Indices(space);
        if (idx.Length == 0 || evaluations <= 0) return best;
        var cpu = Array.FindIndex(idx, i => space.Free[i].Mechanism == "kswapd_cpu_us");

        double[] ToX(double[] y, double[] from)
        {
            var x = (double[])from.Clone();
            for (var k = 0; k < idx.Length; k++) x[idx[k]] = y[k];
            return space.Clamp(x);
        }

        double[] ToY(double[] x) => [.. idx.Select(i => x[i])];

        var result = best;
        var perStart = Math.Max(4, evaluations / CpuFactors.Length);
        var left = evaluations;
        foreach (var factor in CpuFactors)
        {
            if (left <= 0) break;
            var budget = Math.Min(perStart, left);
            left -= budget;
            var y0 = ToY(best.X);
            if (cpu >= 0) y0[cpu] = Math.Min(space.Free[idx[cpu]].LogUpper, y0[cpu] + Math.Log(factor));
            var step = y0.Select(_ => 0.5).ToArray();
            var from = best.X;
            var found = Optimiser.NelderMead(y => objective(ToX(y, from)), y0, step, y => ToY(ToX(y, from)), budget);
            if (found.Value < result.Value) result = new Optimiser.Point(ToX(found.X, from), found.Value);
        }

        // Each environment's writeback_wait_prob on its own, by golden section over its whole log range: given
        // kswapd's exposure, the counts want it at one value per environment (the new environment's none in 300 want
        // it near its floor), which a simplex sharing its budget with four other coordinates may stop short of.
        for (var k = 0; k < idx.Length; k++)
        {
            var i = idx[k];
            if (space.Free[i].Mechanism != "writeback_wait_prob") continue;
            var from = result.X;
            double At(double logQ)
            {
                var x = (double[])from.Clone();
                x[i] = logQ;
                return objective(space.Clamp(x));
            }
            var lo = space.Free[i].LogLower;
            var hi = space.Free[i].LogUpper;
            var (logQ, value) = GoldenSection(At, lo, hi, GoldenSectionEvaluationsEach);
            if (value < result.Value)
            {
                var x = (double[])from.Clone();
                x[i] = logQ;
                result = new Optimiser.Point(space.Clamp(x), value);
            }
        }

        return result;
    }

    private const int GoldenSectionEvaluationsEach = 20;

    /// <summary>
    /// The best point a golden section over [lo, hi] evaluates, the bounds included. Written here because MathNet's
    /// GoldenSectionMinimizer widens the bracket past the bounds when the minimum sits on one (the new environment's
    /// count wants its floor), which a bounded parameter cannot follow.
    /// </summary>
    public static (double X, double Value) GoldenSection(Func<double, double> f, double lo, double hi, int evaluations)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var best = (X: lo, Value: f(lo));
        var atHi = f(hi);
        if (atHi < best.Value) best = (hi, atHi);
        double a = lo, b = hi;
        double c = b - ratio * (b - a), d = a + ratio * (b - a);
        double fc = f(c), fd = f(d);
        for (var used = 4; ; used++)
        {
            if (fc < best.Value) best = (c, fc);
            if (fd < best.Value) best = (d, fd);
            if (used >= evaluations) break;
            if (fc <= fd) { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = f(c); }
            else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = f(d); }
        }
        return best;
    }

    /// <summary>Evaluations of the golden sections (one per environment), on top of the simplex's budget.</summary>
    public static int GoldenSectionEvaluations(ParameterSpace space) =>
        Indices(space).Count(i => space.Free[i].Mechanism == "writeback_wait_prob") * GoldenSectionEvaluationsEach;
}
