using MathNet.Numerics.Random;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>A goodness-of-fit statistic with its p-value and how the p-value was obtained.</summary>
public sealed record GoodnessOfFitResult(double Statistic, double P, int Replicates, int BootstrapSampleSize);

/// <summary>
/// Anderson-Darling test of excesses against their own fitted GPD (both parameters estimated).
/// Hand-written: MathNet 5.0.0 has no AD or KS (dotnet-toolchain.md §3).
/// The p-value comes from a PARAMETRIC BOOTSTRAP, not from tables: we could not verify the Choulakian &amp; Stephens
/// (2001) table values, and their table is indexed by the unknown shape anyway. Each replicate draws a sample from
/// the fitted GPD, refits it by the same Nelder-Mead MLE and recomputes A²; p = (1 + #{A²* >= A²}) / (B + 1).
/// Replicates use min(m, 400) draws: with estimated parameters A²'s null distribution is essentially
/// independent of the sample size beyond a few dozen points (that is why the published tables are asymptotic), and
/// the cap keeps the cost bounded for large tails. Refits use the fit's shape floor, so the null distribution is that
/// of the estimator actually used. Seeded, so the same data give the same p.
/// </summary>
public static class GpdGoodnessOfFit
{
    public const int DefaultReplicates = 99;
    public const int MaxBootstrapSampleSize = 400;

    /// <summary>A² = -m - (1/m)·Σ (2i-1)·[ln F(y_(i)) + ln(1 - F(y_(m+1-i)))] of the fit's own excesses.</summary>
    public static double AndersonDarlingStatistic(GpdFit fit) =>
        Statistic(fit.Sample.Z, new GeneralizedPareto(fit.SigmaScaled, fit.Xi));

    public static GoodnessOfFitResult AndersonDarling(GpdFit fit, int replicates = DefaultReplicates, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicates);
        var g = new GeneralizedPareto(fit.SigmaScaled, fit.Xi);
        double a2 = Statistic(fit.Sample.Z, g);
        int mb = Math.Min(fit.Count, MaxBootstrapSampleSize);
        var rng = new Xoshiro256StarStar(seed, threadSafe: false); // call-local: no lock per draw
        var draw = new double[mb];
        int atLeast = 0;
        for (int b = 0; b < replicates; b++)
        {
            for (int i = 0; i < mb; i++)
            {
                draw[i] = g.Sample(rng);
            }

            var sample = new GpdSample(draw);
            var refit = GpdEstimator.Fit(sample, g.Sigma / sample.Scale, g.Xi, 1e-9, fit.ShapeFloor);
            double a2Star = Statistic(sample.Z, new GeneralizedPareto(refit.SigmaScaled, refit.Xi));
            if (a2Star >= a2)
            {
                atLeast++;
            }
        }

        return new GoodnessOfFitResult(a2, (1.0 + atLeast) / (replicates + 1), replicates, mb);
    }

    /// <summary>A² of ascending values against a GPD; logs via the survival function keep the top points accurate.</summary>
    internal static double Statistic(double[] ascending, GeneralizedPareto g)
    {
        int m = ascending.Length;
        double sum = 0;
        for (int i = 0; i < m; i++)
        {
            double logS = Math.Max(g.LogSurvival(ascending[i]), -745);
            double logF = Math.Log(Math.Max(-Precise.Expm1(logS), 1e-300));
            double logSMirror = Math.Max(g.LogSurvival(ascending[m - 1 - i]), -745);
            sum += (2 * i + 1) * (logF + logSMirror);
        }

        return -m - sum / m;
    }
}
