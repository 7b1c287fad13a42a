using MathNet.Numerics.RootFinding;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Finds a profile-likelihood interval {t : deviance(t) &lt;= crit} on a working scale t (log p, log z or xi):
/// steps outward from the MLE doubling the step until the deviance crosses crit, then solves deviance = crit with
/// MathNet's Brent method (bisection if Brent gives up on the slightly noisy, optimiser-evaluated deviance). If the
/// deviance stays below crit up to a limit, that limit is returned: the data do not bound the quantity there.
/// </summary>
internal static class ProfileSearch
{
    /// <summary>Deviance values above this are clipped so that root finders never see infinities.</summary>
    private const double Clip = 1e6;

    public static Bounds Interval(Func<double, double> deviance, double tHat, double crit, double step, double tMin, double tMax)
    {
        double Clipped(double t)
        {
            double d = deviance(t);
            return double.IsNaN(d) ? Clip : Math.Min(d, Clip);
        }

        return new Bounds(Side(Clipped, tHat, crit, step, tMin, -1), Side(Clipped, tHat, crit, step, tMax, +1));
    }

    private static double Side(Func<double, double> dev, double tHat, double crit, double step, double limit, int dir)
    {
        double inner = tHat;
        double h = step;
        for (int i = 0; i < 64; i++)
        {
            double t = tHat + dir * h;
            bool atLimit = dir * (t - limit) >= 0;
            if (atLimit)
            {
                t = limit;
            }

            double d = dev(t);
            if (d >= crit)
            {
                double a = Math.Min(inner, t), b = Math.Max(inner, t);
                double accuracy = 1e-5 * Math.Max(1, Math.Abs(tHat));
                if (Brent.TryFindRoot(x => dev(x) - crit, a, b, accuracy, 100, out double root))
                {
                    return root;
                }

                return Bisect(dev, crit, inner, t, accuracy);
            }

            if (atLimit)
            {
                return limit;
            }

            inner = t;
            h *= 2;
        }

        return limit;
    }

    /// <summary>Bisection between a point inside (deviance &lt; crit) and one outside.</summary>
    private static double Bisect(Func<double, double> dev, double crit, double inside, double outside, double accuracy)
    {
        for (int i = 0; i < 200 && Math.Abs(outside - inside) > accuracy; i++)
        {
            double mid = 0.5 * (inside + outside);
            if (dev(mid) < crit)
            {
                inside = mid;
            }
            else
            {
                outside = mid;
            }
        }

        return 0.5 * (inside + outside);
    }
}
