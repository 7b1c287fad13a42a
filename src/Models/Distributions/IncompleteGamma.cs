using MathNet.Numerics;

namespace XenSwitchSim.Models.Distributions;

/// <summary>
/// Regularised incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x), each evaluated
/// directly where it is the small one. MathNet 5.0.0's GammaLowerRegularized returns exactly 0
/// below x ~ 1e-15 (shape 0.5), so its lower tail cannot be inverted; this is the textbook
/// series (x &lt; a + 1) and Lentz continued fraction (x &gt;= a + 1).
/// </summary>
internal static class IncompleteGamma
{
    private const double Tiny = 1e-300;
    private const int MaxIterations = 100_000;

    public static double Lower(double a, double x) =>
        x <= 0 ? 0 : x < a + 1 ? Series(a, x) : 1 - ContinuedFraction(a, x);

    public static double Upper(double a, double x) =>
        x <= 0 ? 1 : x < a + 1 ? 1 - Series(a, x) : ContinuedFraction(a, x);

    /// <summary>x^a e^-x / Gamma(a), in logs so large a does not overflow.</summary>
    private static double Prefactor(double a, double x) => Math.Exp((a * Math.Log(x)) - x - SpecialFunctions.GammaLn(a));

    private static double Series(double a, double x)
    {
        var term = 1 / a;
        var sum = term;
        var ap = a;
        for (var i = 0; i < MaxIterations; i++)
        {
            ap += 1;
            term *= x / ap;
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * 1e-17)
            {
                break;
            }
        }

        return sum * Prefactor(a, x);
    }

    private static double ContinuedFraction(double a, double x)
    {
        var b = x + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < MaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return h * Prefactor(a, x);
    }
}
