namespace XenSwitchSim.Models.Randomness;

/// <summary>
/// A source of uniform random bits. Distributions sample through this so that the
/// engine's generator (xoshiro256** in Simulator/Engine) stays the only RNG in a run.
/// </summary>
public interface IRandomSource
{
    ulong NextUInt64();

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    double NextDouble();

    double NextStandardNormal();
}
