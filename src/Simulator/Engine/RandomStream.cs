using System.Numerics;
using System.Runtime.CompilerServices;
using XenSwitchSim.Models.Random;

namespace XenSwitchSim.Simulator.Engine;

/// <summary>
/// xoshiro256** (Blackman and Vigna): fast, 256 bits of state, passes BigCrush. Each random
/// source of a run owns one stream, derived from (seed, replication, source name) by
/// <see cref="StreamKey"/>, so what one source draws never shifts another's numbers: results do
/// not depend on thread count or on the order in which sources draw, and two scenarios that
/// share a seed share their random numbers source by source (common random numbers).
/// </summary>
public sealed class RandomStream : IRandomSource
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    public RandomStream(ulong key)
    {
        var x = key;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1; // the all-zero state is a fixed point
    }

    public static RandomStream For(ulong seed, long replication, string source) =>
        new(StreamKey(seed, replication, source));

    /// <summary>
    /// Mixes the three coordinates with SplitMix64's finaliser (a bijection with full avalanche),
    /// hashing the source name with 64-bit FNV-1a, which is stable across runs and platforms
    /// (string.GetHashCode is randomised per process).
    /// </summary>
    public static ulong StreamKey(ulong seed, long replication, string source)
    {
        var h = Mix(seed ^ 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (ulong)replication);
        h = Mix(h ^ Fnv1a64(source));
        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1]: safe under a logarithm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) by Lemire's multiply-shift with rejection (unbiased).</summary>
    public long NextLong(long n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        var un = (ulong)n;
        var m = Math.BigMul(NextUInt64(), un, out var low);
        if (low < un)
        {
            var threshold = (0 - un) % un;
            while (low < threshold) m = Math.BigMul(NextUInt64(), un, out low);
        }
        return (long)m;
    }

    /// <summary>Exponential with the given mean, by inversion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextExponential(double mean) => -Math.Log(NextDoubleNonZero()) * mean;

    /// <summary>Standard normal by Marsaglia's polar method (the pair's second value is kept).</summary>
    public double NextStandardNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        _hasSpare = true;
        return u * f;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a64(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }
}
