namespace XenSwitchSim.Models.Random;

/// <summary>
/// One stream of random numbers. The engine implements it (xoshiro256**, one stream per
/// (seed, replication, source name)); distributions only consume it, so sampling stays
/// reproducible whatever the thread count.
/// </summary>
public interface IRandomSource
{
    ulong NextUInt64();

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    double NextDouble();

    /// <summary>Standard normal N(0, 1).</summary>
    double NextStandardNormal();
}
