
namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Profile log-likelihood of the constraint "the fitted tail passes through (excess z, probability p)". This is the
/// reparameterisation that makes a tail probability or a return level an explicit parameter: for given (z, p) and a
/// free shape xi (and, for peaks over threshold, a free exceedance rate zeta), the scale is fixed by
/// sigma = z / g(xi, p/zeta) with g(xi, q) = (q^-xi - 1)/xi, and the likelihood is maximised over the nuisance
/// (xi) or (logit zeta, xi) with Nelder-Mead. With zeta, the likelihood is the POT likelihood
/// Binomial(k; n, zeta) × prod GPD(y_i; sigma, xi), so the binomial uncertainty of zeta enters the interval jointly
/// with the GPD's instead of being bolted on afterwards. The shape stays at or above the fit's shape floor, so an
/// interval never leaves the model the point estimate was chosen from.
/// Successive calls are warm-started from the previous solution: a profile is traced along a path of nearby
/// targets, and warm starts keep the optimiser on the branch that continues the MLE.
/// </summary>
internal sealed class CurveProfile
{
    private readonly GpdSample _sample;
    private readonly int _k;
    private readonly int _n;
    private readonly bool _withZeta;
    private readonly double _minXi;
    private double[] _warm;

    public CurveProfile(GpdSample sample, double xiHat, double? shapeFloor, int k = 0, int n = 0, bool withZeta = false)
    {
        _sample = sample;
        _minXi = shapeFloor ?? double.NegativeInfinity;
        _withZeta = withZeta;
        _k = k;
        _n = n;
        _warm = withZeta ? new[] { Logit((double)k / n), xiHat } : new[] { xiHat };
    }

    /// <summary>
    /// Maximum log-likelihood (scaled data; plus the binomial term k·log zeta + (n-k)·log(1-zeta) with zeta) subject
    /// to S(zScaled) = p; -infinity if no admissible parameter passes through the point.
    /// </summary>
    public double MaxLogLikelihood(double zScaled, double p)
    {
        double Objective(double[] v) => Nll(v, zScaled, p) / _sample.Count;

        double[]? start = FeasibleStart(Objective);
        if (start is null)
        {
            return double.NegativeInfinity;
        }

        double[] step = _withZeta ? new[] { 1.0 / Math.Sqrt(Math.Max(_k, 1)), 0.05 } : new[] { 0.05 };
        var r = NelderMead.Minimise(Objective, start, step, 1e-9, 4000);
        if (!double.IsFinite(r.Value))
        {
            return double.NegativeInfinity;
        }

        _warm = r.Point;
        return -r.Value * _sample.Count;
    }

    private double Nll(double[] v, double z, double p)
    {
        double xi = v[^1];
        if (!(xi > -1) || xi < _minXi || xi > 50)
        {
            return double.PositiveInfinity;
        }

        double zeta = 1, binomial = 0;
        if (_withZeta)
        {
            // log zeta and log(1 - zeta) straight from the logit, stable for zeta near 0 or 1.
            double logZeta = -Log1pExp(-v[0]);
            double log1mZeta = -Log1pExp(v[0]);
            zeta = Math.Exp(logZeta);
            binomial = _k * logZeta + (_n - _k) * log1mZeta;
        }

        double q = p / zeta;
        if (!(q > 0 && q < 1))
        {
            return double.PositiveInfinity;
        }

        double sigma = z / GeneralizedPareto.ExcessFactor(xi, q);
        return _sample.NegLogLik(sigma, xi) - binomial;
    }

    private double[]? FeasibleStart(Func<double[], double> objective)
    {
        if (double.IsFinite(objective(_warm)))
        {
            return _warm;
        }

        // A positive shape is always compatible with the sample maximum; the rate must exceed p.
        foreach (double x in new[] { _warm[^1], 0, 0.1, 0.3, 0.6, 1.0, 2.0, 4.0 })
        {
            double xi = Math.Max(Math.Max(x, 0), _minXi);
            if (_withZeta)
            {
                foreach (double shift in new[] { 0.0, 1.0, 3.0, 6.0 })
                {
                    var c = new[] { _warm[0] + shift, xi };
                    if (double.IsFinite(objective(c)))
                    {
                        return c;
                    }
                }
            }
            else
            {
                var c = new[] { xi };
                if (double.IsFinite(objective(c)))
                {
                    return c;
                }
            }
        }

        return null;
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    private static double Log1pExp(double x) => x > 35 ? x : Precise.Log1p(Math.Exp(x));
}
