using System.Collections.Immutable;
using XenSwitchSim.Models.Random;

namespace XenSwitchSim.Models.Distributions;

/// <summary>
/// The observed values themselves: a draw picks one of them uniformly (a bootstrap draw).
/// </summary>
/// <remarks>
/// Picking, rather than interpolating between order statistics, keeps what the measurements
/// say and nothing more: the study has five runs per row, several of them one outlier plus four
/// similar runs, and interpolation would invent times between the outlier and the rest and
/// shrink the variance. With picking, the mean is the sample mean, the variance is the
/// population variance (as the study reports it), and the CDF is the empirical step function.
/// </remarks>
public sealed record EmpiricalDistribution : Distribution
{
    private readonly double[] sorted;

    public EmpiricalDistribution(IEnumerable<double> valuesUs)
    {
        sorted = valuesUs.ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("an empirical distribution needs at least one value", nameof(valuesUs));
        }

        foreach (var v in sorted)
        {
            Require(v, double.IsFinite(v), nameof(valuesUs), "finite");
        }

        Array.Sort(sorted);
        var mean = sorted.Average();
        Mean = mean;
        Variance = sorted.Sum(v => (v - mean) * (v - mean)) / sorted.Length;
    }

    /// <summary>The values in ascending order.</summary>
    public ImmutableArray<double> SortedValuesUs => ImmutableArray.Create(sorted);

    public override string TypeName => "empirical";

    public override double Sample(IRandomSource random)
    {
        var i = (int)(random.NextDouble() * sorted.Length);
        return sorted[Math.Min(i, sorted.Length - 1)];
    }

    public override double Cdf(double xUs)
    {
        // Number of values <= x, found by binary search for the first value > x.
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= xUs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return (double)lo / sorted.Length;
    }

    public override double Quantile(double p)
    {
        CheckProbability(p);
        var k = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(k - 1, 0, sorted.Length - 1)];
    }

    public override double Mean { get; }

    /// <summary>Population variance of the values (divided by n), the variance of a draw.</summary>
    public override double Variance { get; }

    public override bool HasDensity => false;

    public override double Density(double xUs) => throw NoDensity();

    protected override string DescribeParameters() =>
        $"empirical({sorted.Length} values, {Format(sorted[0])}..{Format(sorted[^1])} us)";

    public bool Equals(EmpiricalDistribution? other) =>
        other is not null && sorted.AsSpan().SequenceEqual(other.sorted);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in sorted)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }
}
