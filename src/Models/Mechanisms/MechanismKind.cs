namespace XenSwitchSim.Models.Mechanisms;

public enum MechanismKind
{
    /// <summary>A fixed time in us (suffixes accepted); name ends in <c>_us</c>.</summary>
    Duration,

    /// <summary>A random time in us; bounds apply to its mean; name ends in <c>_us</c>.</summary>
    Distribution,

    /// <summary>A probability or share in [0, 1].</summary>
    Fraction,

    /// <summary>A whole number of events or steps.</summary>
    Count,

    /// <summary>Events per second; name ends in <c>_per_s</c>.</summary>
    RatePerS,

    /// <summary>A dimensionless factor (e.g. CPU speed relative to the Pi 4).</summary>
    Ratio,
}
