using System.Collections.Immutable;
using XenSwitchSim.Models.Random;

namespace XenSwitchSim.Models.Distributions;

public sealed record MixtureComponent(double Weight, Distribution Distribution);

/// <summary>
/// With probability w_i (weights normalised to sum 1) a draw from component i. Models a typical
/// time plus occasional long delays.
/// </summary>
public sealed record MixtureDistribution : Distribution
{
    private readonly double[] cumulative;
    private readonly Distribution[] parts;

    public MixtureDistribution(IEnumerable<MixtureComponent> components)
    {
        var list = components.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("a mixture needs at least one component", nameof(components));
        }

        foreach (var c in list)
        {
            Require(c.Weight, c.Weight > 0 && double.IsFinite(c.Weight), "weight", "> 0");
        }

        var total = list.Sum(c => c.Weight);
        Components = [.. list.Select(c => c with { Weight = c.Weight / total })];
        parts = [.. Components.Select(c => c.Distribution)];
        cumulative = new double[Components.Length];
        var sum = 0.0;
        for (var i = 0; i < Components.Length; i++)
        {
            sum += Components[i].Weight;
            cumulative[i] = sum;
        }

        // Rounding must not leave a gap above the last component.
        cumulative[^1] = 1.0;
    }

    /// <summary>Components with normalised weights.</summary>
    public ImmutableArray<MixtureComponent> Components { get; }

    public override string TypeName => "mixture";

    public override double Sample(IRandomSource random)
    {
        var u = random.NextDouble();
        var i = 0;
        while (u >= cumulative[i])
        {
            i++;
        }

        return parts[i].Sample(random);
    }

    public override double Cdf(double xUs)
    {
        var sum = 0.0;
        foreach (var c in Components)
        {
            sum += c.Weight * c.Distribution.Cdf(xUs);
        }

        return Math.Min(sum, 1.0);
    }

    /// <summary>
    /// Bisection on the CDF. The answer lies between the smallest and the largest component
    /// quantile at p: below every component's quantile each CDF is under p, at the largest each
    /// is at least p.
    /// </summary>
    public override double Quantile(double p)
    {
        CheckProbability(p);
        var lo = double.PositiveInfinity;
        var hi = double.NegativeInfinity;
        foreach (var c in Components)
        {
            var q = c.Distribution.Quantile(p);
            lo = Math.Min(lo, q);
            hi = Math.Max(hi, q);
        }

        if (lo == hi || double.IsInfinity(hi))
        {
            return hi;
        }

        if (Cdf(lo) >= p)
        {
            return lo;
        }

        // Invariant: Cdf(lo) < p <= Cdf(hi).
        for (var i = 0; i < 2000; i++)
        {
            var mid = lo + (0.5 * (hi - lo));
            if (mid <= lo || mid >= hi)
            {
                break;
            }

            if (Cdf(mid) >= p)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi;
    }

    public override double Mean => Components.Sum(c => c.Weight * c.Distribution.Mean);

    public override double Variance
    {
        get
        {
            var mean = Mean;
            var secondMoment = Components.Sum(c =>
                c.Weight * (c.Distribution.Variance + (c.Distribution.Mean * c.Distribution.Mean)));
            return Math.Max(0, secondMoment - (mean * mean));
        }
    }

    public override bool HasDensity => Components.All(c => c.Distribution.HasDensity);

    public override double Density(double xUs)
    {
        if (!HasDensity)
        {
            throw NoDensity();
        }

        return Components.Sum(c => c.Weight * c.Distribution.Density(xUs));
    }

    protected override string DescribeParameters() =>
        "mixture(" + string.Join(", ", Components.Select(c => $"{Format(c.Weight)}: {c.Distribution.Describe()}")) + ")";

    public bool Equals(MixtureDistribution? other) =>
        other is not null && Components.AsSpan().SequenceEqual(other.Components.AsSpan());

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var c in Components)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }
}
