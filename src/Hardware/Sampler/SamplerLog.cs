using System.Buffers.Binary;
using System.Text;

namespace XenSwitchSim.Hardware.Sampler;

/// <summary>
/// The binary log of the domU sampler (src/Hardware/sampler/xss-sampler.c), little-endian:
/// a 64-byte header, then one u64 counter value per stamp.
/// <code>
///  0  char[8] magic "XSSAMPL1"
///  8  u32 version (1)
/// 12  u32 arch: 1 = aarch64 (stamps are CNTVCT_EL0), 2 = x86_64 (stamps are the TSC)
/// 16  u64 counter_hz (CNTFRQ_EL0; on x86 the TSC rate the sampler measured against CLOCK_MONOTONIC_RAW)
/// 24  u64 interval_ns
/// 32  u64 start_realtime_ns (CLOCK_REALTIME when sampling began)
/// 40  u64 start_counter
/// 48  i64 offset_ticks: physical counter - this counter, if known (see offset_known)
/// 56  u32 offset_known (0/1; 1 when given with --offset-ticks, e.g. read by a kernel module)
/// 60  u32 read_cost_ns: median cost of one counter read (x86: hundreds of ns or more means Xen emulates rdtsc)
/// </code>
/// </summary>
public sealed record SamplerLog(
    int Arch,
    ulong CounterHz,
    ulong IntervalNs,
    ulong StartRealtimeNs,
    ulong StartCounter,
    long OffsetTicks,
    bool OffsetKnown,
    uint ReadCostNs,
    ulong[] Stamps)
{
    public const int HeaderBytes = 64;
    public static readonly byte[] Magic = "XSSAMPL1"u8.ToArray();

    public string ArchName => Arch switch { 1 => "aarch64", 2 => "x86_64", _ => $"unknown ({Arch})" };

    public static SamplerLog Read(string path) => Parse(File.ReadAllBytes(path), path);

    public static SamplerLog Parse(ReadOnlySpan<byte> data, string name = "sampler log")
    {
        if (data.Length < HeaderBytes) throw new FormatException($"{name}: offset 0: {data.Length} bytes, shorter than the 64-byte header");
        if (!data[..8].SequenceEqual(Magic)) throw new FormatException($"{name}: offset 0: magic is not XSSAMPL1 (not a xss-sampler log)");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        if (version != 1) throw new FormatException($"{name}: offset 8: version {version}, expected 1");
        var arch = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
        if (arch is not (1 or 2)) throw new FormatException($"{name}: offset 12: arch {arch}, expected 1 (aarch64) or 2 (x86_64)");
        var body = data[HeaderBytes..];
        if (body.Length % 8 != 0) throw new FormatException($"{name}: offset {HeaderBytes + body.Length - (body.Length % 8)}: {body.Length % 8} trailing byte(s), a stamp is 8");
        var stamps = new ulong[body.Length / 8];
        for (var i = 0; i < stamps.Length; i++)
        {
            stamps[i] = BinaryPrimitives.ReadUInt64LittleEndian(body[(i * 8)..]);
            if (i > 0 && stamps[i] < stamps[i - 1])
                throw new FormatException($"{name}: offset {HeaderBytes + (i * 8)}: stamp {stamps[i]} is before the previous {stamps[i - 1]}");
        }

        return new SamplerLog(arch,
            BinaryPrimitives.ReadUInt64LittleEndian(data[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[32..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(data[48..]),
            BinaryPrimitives.ReadUInt32LittleEndian(data[56..]) != 0,
            BinaryPrimitives.ReadUInt32LittleEndian(data[60..]),
            stamps);
    }

    /// <summary>Writes a log in the same format (tests, and tools converting other samplers' output).</summary>
    public byte[] ToBytes()
    {
        var b = new byte[HeaderBytes + (8 * Stamps.Length)];
        Magic.CopyTo(b, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), (uint)Arch);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), CounterHz);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), IntervalNs);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), StartRealtimeNs);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(40), StartCounter);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(48), OffsetTicks);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(56), OffsetKnown ? 1u : 0u);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(60), ReadCostNs);
        for (var i = 0; i < Stamps.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(HeaderBytes + (8 * i)), Stamps[i]);
        return b;
    }

    public override string ToString() =>
        new StringBuilder().Append($"{ArchName}, {Stamps.Length} stamps every {IntervalNs / 1000.0:F0} us, counter {CounterHz} Hz")
            .Append(OffsetKnown ? $", offset {OffsetTicks} ticks" : ", offset unknown").ToString();
}
