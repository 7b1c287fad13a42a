namespace XenSwitchSim.Models.Distributions;

/// <summary>
/// Inverts a continuous CDF on (0, inf) to full relative precision in both tails.
/// </summary>
internal static class PositiveQuantileSolver
{
    /// <summary>
    /// Solves F(x) = p by safeguarded Newton steps on u = ln x, matching ln F (lower tail) or
    /// ln(1 - F) (upper tail): the log of the smaller tail keeps relative precision where p or
    /// 1 - p is tiny, and ln x keeps x positive. Falls back to bisection when Newton leaves the
    /// bracket.
    /// </summary>
    public static double Solve(
        double p,
        double guess,
        Func<double, double> cdf,
        Func<double, double> survival,
        Func<double, double> density)
    {
        var lowerTail = p <= 0.5;
        var target = lowerTail ? Math.Log(p) : Math.Log(1 - p); // 1 - p is exact for p > 0.5

        // g(u) increases with u in both cases once the sign is folded in.
        double G(double u)
        {
            var x = Math.Exp(u);
            return lowerTail ? Math.Log(cdf(x)) - target : target - Math.Log(survival(x));
        }

        double Slope(double u)
        {
            var x = Math.Exp(u);
            var tail = lowerTail ? cdf(x) : survival(x);
            return x * density(x) / tail;
        }

        var u0 = guess > 0 && double.IsFinite(guess) ? Math.Log(guess) : 0;
        var lo = u0;
        var hi = u0;
        var step = 1.0;
        while (G(lo) > 0)
        {
            lo -= step;
            step *= 2;
            if (lo < -745)
            {
                return Math.Exp(lo);
            }
        }

        step = 1.0;
        while (G(hi) < 0)
        {
            hi += step;
            step *= 2;
            if (hi > 709)
            {
                return Math.Exp(hi);
            }
        }

        var u = Math.Clamp(u0, lo, hi);
        for (var i = 0; i < 200 && hi - lo > 1e-15 * Math.Max(1, Math.Abs(u)); i++)
        {
            var g = G(u);
            if (g == 0)
            {
                break;
            }

            if (g < 0)
            {
                lo = u;
            }
            else
            {
                hi = u;
            }

            var slope = Slope(u);
            var next = slope > 0 && double.IsFinite(slope) ? u - (g / slope) : double.NaN;
            if (!(next > lo && next < hi))
            {
                next = 0.5 * (lo + hi);
            }

            if (Math.Abs(next - u) <= 1e-16 * Math.Max(1, Math.Abs(u)))
            {
                u = next;
                break;
            }

            u = next;
        }

        return Math.Exp(u);
    }
}
