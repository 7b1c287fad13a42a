namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// log1p and expm1 accurate to a few ulps over the whole range. Written here because MathNet 5.0.0's
/// Precise.Expm1 truncates its series near 0 (expm1(-0.05) is off in the 9th digit), which is visible in
/// GPD tail probabilities; the Goldberg/Kahan correction tricks below are exact up to rounding.
/// </summary>
internal static class Precise
{
    public static double Log1p(double x)
    {
        double u = 1 + x;
        if (u == 1)
        {
            return x;
        }

        return Math.Log(u) * x / (u - 1);
    }

    public static double Expm1(double x)
    {
        if (Math.Abs(x) > 0.5)
        {
            return Math.Exp(x) - 1;
        }

        double u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }

        double um1 = u - 1;
        return um1 * x / Math.Log(u);
    }
}
