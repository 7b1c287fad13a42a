namespace XenSwitchSim.Calibration.Statistics;

/// <summary>Outcome of the gap test: the largest normalised spacing, its p-value, and where the gap lies.</summary>
public sealed record TailModeResult(double Statistic, double P, double GapFromUs, double GapToUs, int PointsAboveGap);

/// <summary>
/// A check for a second mode in the tail (the study's occasional 25-100 ms delays on a 15 ms body): a gap test on the
/// exceedances. Transformed by the fitted GPD, E_i = -ln S(y_i) are standard exponential if the GPD is right, and by
/// Rényi's representation the normalised spacings D_i = (m-i+1)·(E_(i) - E_(i-1)) (E_(0) = 0) are i.i.d. Exp(1).
/// A separate cluster of far values shows up as one huge spacing before the cluster, even when the fit has
/// stretched its shape to cover both groups. Statistic T = max D_i; p = 1 - (1 - e^-T)^m (exact for i.i.d.
/// exponentials; fitting the parameters on the same data makes it slightly conservative). Hand-written: nothing like
/// it is in MathNet 5.0.0. Chosen over a GPD-vs-mixture likelihood ratio because that ratio has no usable null
/// distribution (the mixing weight sits on the boundary) and would need a bootstrap of a five-parameter fit.
/// Only the spacings in the UPPER HALF of the exceedances are examined: a second mode sits above the bulk of the
/// exceedances, and in the lower half a mild GPD misfit (a lognormal body is never exactly GPD) inflates all spacings
/// a little, which over thousands of spacings would look like a gap. Misfit as such is the Anderson-Darling test's
/// job. With K spacings examined, p = 1 - (1 - e^-T)^K.
/// </summary>
public static class TailModeCheck
{
    public static TailModeResult MaxSpacing(GpdFit fit, double threshold = 0)
    {
        var z = fit.Sample.Z; // ascending
        var g = new GeneralizedPareto(fit.SigmaScaled, fit.Xi);
        int m = z.Length;
        int first = m / 2; // spacing i (0-based) lies below the point z[i]; i >= m/2 leaves at most ceil(m/2) points above
        double previous = first == 0 ? 0 : E(g, z[first - 1]);
        double best = -1;
        int bestIndex = first;
        for (int i = first; i < m; i++)
        {
            double e = E(g, z[i]);
            double d = (m - i) * (e - previous);
            if (d > best)
            {
                best = d;
                bestIndex = i;
            }

            previous = e;
        }

        int examined = m - first;
        // p = 1 - (1 - e^-T)^K, computed as -expm1(K·log1p(-e^-T)) so small p keep their digits.
        double p = -Precise.Expm1(examined * Precise.Log1p(-Math.Exp(-best)));
        double scale = fit.Sample.Scale;
        double from = threshold + (bestIndex == 0 ? 0 : z[bestIndex - 1] * scale);
        double to = threshold + z[bestIndex] * scale;
        return new TailModeResult(best, Math.Clamp(p, 0, 1), from, to, m - bestIndex);
    }

    /// <summary>Standard-exponential score -ln S(z); a point at the fitted endpoint scores 745 (an extreme spacing).</summary>
    private static double E(GeneralizedPareto g, double z) => Math.Min(-g.LogSurvival(z), 745);
}
