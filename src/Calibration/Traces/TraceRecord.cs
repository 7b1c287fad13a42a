namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// One xentrace record. <see cref="Extra"/> is a slice of one backing array shared by every record of a
/// trace, so a record costs no heap allocation of its own.
/// </summary>
/// <param name="Cycles">
/// Timestamp in counter ticks (CNTPCT on Arm, TSC on x86). For a record without a TSC of its own
/// (<see cref="HasTsc"/> false) it is the previous TSC on the same CPU, or, before the CPU's first
/// timestamped record, that first TSC.
/// </param>
/// <param name="Cpu">Physical CPU whose buffer held the record (from the preceding CPU-change record).</param>
/// <param name="Event">28-bit event id.</param>
/// <param name="Extra">The record's extra u32 payload words (d1, d2, ...).</param>
/// <param name="FileOffset">Byte offset of the record header in the file.</param>
/// <param name="HasTsc">
/// Whether <see cref="Cycles"/> was recorded in this record. False for records without the cycles flag,
/// and for TRC_TRACE_WRAP_BUFFER, whose payload (including any TSC) is uninitialised.
/// </param>
public readonly record struct TraceRecord(
    ulong Cycles,
    int Cpu,
    uint Event,
    ReadOnlyMemory<uint> Extra,
    long FileOffset,
    bool HasTsc)
{
    /// <summary>Number of extra u32 words (0..7), as given by the record header.</summary>
    public int ExtraCount => Extra.Length;

    /// <summary>Extra word <paramref name="index"/> (0 = d1), or null when the record has fewer words.</summary>
    public uint? Word(int index) => (uint)index < (uint)Extra.Length ? Extra.Span[index] : null;
}
