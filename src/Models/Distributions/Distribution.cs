using System.Globalization;
using XenSwitchSim.Models.Random;

namespace XenSwitchSim.Models.Distributions;

/// <summary>
/// A probability distribution of a duration in microseconds.
/// </summary>
/// <remarks>
/// Samplers are written by hand against <see cref="IRandomSource"/> rather than taken from
/// MathNet: MathNet's samplers draw from a <see cref="System.Random"/> held by the distribution
/// object (so a stream could not be chosen per replication and process) and go through extra
/// indirection and allocation on some paths. Sampling sits on the simulator's hot path, so every
/// <see cref="Sample"/> here allocates nothing. MathNet is used for CDFs and quantiles, which
/// are not hot.
/// </remarks>
public abstract record Distribution
{
    /// <summary>The <c>type:</c> name in YAML.</summary>
    public abstract string TypeName { get; }

    public abstract double Sample(IRandomSource random);

    /// <summary>P(X &lt;= x), x in us.</summary>
    public abstract double Cdf(double xUs);

    /// <summary>
    /// The smallest x with Cdf(x) &gt;= p (the generalised inverse; for continuous families the
    /// usual inverse CDF). p in [0, 1].
    /// </summary>
    public abstract double Quantile(double p);

    public abstract double Mean { get; }

    public abstract double Variance { get; }

    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>False for distributions with atoms (constant, empirical).</summary>
    public abstract bool HasDensity { get; }

    /// <summary>Probability density per us; throws when <see cref="HasDensity"/> is false.</summary>
    public abstract double Density(double xUs);

    /// <summary>One line for reports and logs, e.g. <c>lognormal(mu=9.6, sigma=0.039) mean 14777 us sd 573 us</c>.</summary>
    public string Describe() =>
        $"{DescribeParameters()} mean {Format(Mean)} us sd {Format(StandardDeviation)} us";

    protected abstract string DescribeParameters();

    protected static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    protected static void CheckProbability(double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "a probability must lie in [0, 1]");
        }
    }

    protected static double Require(double value, bool ok, string name, string rule)
    {
        if (!ok || double.IsNaN(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {rule}");
        }

        return value;
    }

    protected InvalidOperationException NoDensity() =>
        new($"{TypeName} has atoms and no density; use Cdf");

    /// <summary>The <c>type:</c> names accepted in YAML, in the order they are documented.</summary>
    public static IReadOnlyList<string> TypeNames { get; } =
        ["lognormal", "gamma", "weibull", "exponential", "uniform", "constant", "empirical", "mixture", "shifted"];
}
