using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using MathNet.Numerics.RootFinding;
using XenSwitchSim.Calibration.Statistics;

namespace XenSwitchSim.Calibration.Tests.Statistics;

/// <summary>
/// The three reference populations of the tail tests, each with its exact survival function so that true tail
/// probabilities and quantiles are computed analytically, not estimated.
/// </summary>
internal abstract class Population
{
    public abstract double Sample(Random rng);

    public abstract double Survival(double x);

    /// <summary>The level exceeded with probability p, by bracketing root search on the exact survival function.</summary>
    public virtual double Quantile(double p) =>
        Brent.FindRoot(x => Math.Log(Survival(x)) - Math.Log(p), 1, 1e7, 1e-9, 500);

    public double[] Draw(int n, int seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = Sample(rng);
        }

        return x;
    }
}

/// <summary>10 ms plus a GPD(sigma = 1 ms, xi = 0.1) excess: a tail that is exactly GPD above any threshold.</summary>
internal sealed class GpdTail : Population
{
    public const double Location = 10000;
    public static readonly GeneralizedPareto Excess = new(1000, 0.1);

    public override double Sample(Random rng) => Location + Excess.Sample(rng);

    public override double Survival(double x) => x <= Location ? 1 : Excess.Survival(x - Location);

    public override double Quantile(double p) => Location + Excess.InverseSurvival(p);
}

/// <summary>A lognormal body around 15 ms (sigma_log 0.25): Gumbel domain, so any GPD fit is an approximation.</summary>
internal sealed class LogNormalBody : Population
{
    public static readonly double Mu = Math.Log(15000);
    public const double SigmaLog = 0.25;

    public override double Sample(Random rng) => LogNormal.Sample(rng, Mu, SigmaLog);

    public override double Survival(double x) => Normal.CDF(0, 1, -(Math.Log(x) - Mu) / SigmaLog);

    public override double Quantile(double p) => Math.Exp(Mu - SigmaLog * Normal.InvCDF(0, 1, p));
}

/// <summary>
/// The study's pattern: 99.5% lognormal around 15 ms (sigma_log 0.1) and 0.5% far delays lognormal around 60 ms
/// (sigma_log 0.2). Above ~25 ms the tail is entirely the rare far mode.
/// </summary>
internal sealed class RareFarMode : Population
{
    public const double FarWeight = 0.005;
    public static readonly double BodyMu = Math.Log(15000);
    public static readonly double FarMu = Math.Log(60000);

    public override double Sample(Random rng) =>
        rng.NextDouble() < FarWeight ? LogNormal.Sample(rng, FarMu, 0.2) : LogNormal.Sample(rng, BodyMu, 0.1);

    public override double Survival(double x) =>
        (1 - FarWeight) * Normal.CDF(0, 1, -(Math.Log(x) - BodyMu) / 0.1)
        + FarWeight * Normal.CDF(0, 1, -(Math.Log(x) - FarMu) / 0.2);
}
