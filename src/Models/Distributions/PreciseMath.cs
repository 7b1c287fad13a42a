namespace XenSwitchSim.Models.Distributions;

/// <summary>
/// exp(x) - 1 to full relative precision. .NET's double.ExpM1 is exp(x) - 1 computed naively,
/// and MathNet 5.0.0's SpecialFunctions.Expm1 is off by 3e-9 relative near |x| = 0.025; both
/// would spoil the lower tails of the exponential and Weibull CDFs. MathNet's Log1p is accurate
/// and is used as is.
/// </summary>
internal static class PreciseMath
{
    /// <summary>Kahan's trick: the rounding error of exp is cancelled by dividing by log of the same rounded value.</summary>
    public static double Expm1(double x)
    {
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        if (um1 == -1.0)
        {
            return -1.0;
        }

        return double.IsPositiveInfinity(u) ? u : um1 * x / Math.Log(u);
    }
}
