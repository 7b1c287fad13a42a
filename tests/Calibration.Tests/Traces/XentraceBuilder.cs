using System.Buffers.Binary;
using XenSwitchSim.Calibration.Traces;

namespace XenSwitchSim.Calibration.Tests.Traces;

/// <summary>Encodes synthetic xentrace files: CPU-change framed windows of trace.h records, little-endian.</summary>
internal sealed class XentraceBuilder
{
    private readonly List<byte> _bytes = new();

    /// <summary>A CPU-change record whose window_size is the size of what <paramref name="body"/> writes.</summary>
    public XentraceBuilder Window(int cpu, Action<WindowBuilder> body)
    {
        var window = new WindowBuilder();
        body(window);
        byte[] content = window.Bytes();
        CpuChange(cpu, (uint)content.Length);
        _bytes.AddRange(content);
        return this;
    }

    /// <summary>A CPU-change record with an explicit window size (for malformed files).</summary>
    public XentraceBuilder CpuChange(int cpu, uint windowSize)
    {
        Word(TraceEventIds.CpuChangeHeader);
        Word((uint)cpu);
        Word(windowSize);
        return this;
    }

    public XentraceBuilder Record(uint eventId, ulong? tsc, params uint[] extra)
    {
        _bytes.AddRange(EncodeRecord(eventId, tsc, extra));
        return this;
    }

    public XentraceBuilder Word(uint word)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, word);
        _bytes.AddRange(b.ToArray());
        return this;
    }

    public XentraceBuilder Bytes(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public byte[] Build() => _bytes.ToArray();

    public static uint Header(uint eventId, bool tsc, int extraCount) =>
        (eventId & 0x0fffffff) | ((uint)extraCount << 28) | (tsc ? 0x80000000u : 0u);

    public static byte[] EncodeRecord(uint eventId, ulong? tsc, uint[] extra)
    {
        if (extra.Length > 7)
        {
            throw new ArgumentException("at most 7 extra words", nameof(extra));
        }

        var bytes = new byte[4 + (tsc.HasValue ? 8 : 0) + (4 * extra.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Header(eventId, tsc.HasValue, extra.Length));
        int at = 4;
        if (tsc is { } t)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), (uint)t);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), (uint)(t >> 32));
            at += 8;
        }

        foreach (uint w in extra)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), w);
            at += 4;
        }

        return bytes;
    }
}

internal sealed class WindowBuilder
{
    private readonly List<byte> _bytes = new();

    public WindowBuilder Record(uint eventId, ulong? tsc, params uint[] extra)
    {
        _bytes.AddRange(XentraceBuilder.EncodeRecord(eventId, tsc, extra));
        return this;
    }

    public WindowBuilder Runstate(ulong tsc, int dom, int vcpu, RunState from, RunState to) =>
        Record(TraceEventIds.RunstateChange(from, to), tsc, (uint)vcpu | ((uint)dom << 16));

    public WindowBuilder Sleep(ulong tsc, int dom, int vcpu) => Record(TraceEventIds.Sleep, tsc, (uint)dom, (uint)vcpu);

    public WindowBuilder Wake(ulong tsc, int dom, int vcpu) => Record(TraceEventIds.Wake, tsc, (uint)dom, (uint)vcpu);

    /// <summary>
    /// TRC_TRACE_WRAP_BUFFER padding of <paramref name="totalBytes"/> as Xen's insert_wrap_record lays
    /// it out (a TSC slot only when 7 extra words are not enough); payload filled with garbage.
    /// </summary>
    public WindowBuilder Wrap(int totalBytes, ulong garbage = 0xdeadbeefcafef00d)
    {
        int extraSpace = totalBytes - 4;
        bool cycles = extraSpace / 4 > 7;
        if (cycles)
        {
            extraSpace -= 8;
        }

        var extra = new uint[extraSpace / 4];
        for (int i = 0; i < extra.Length; i++)
        {
            extra[i] = (uint)(garbage >> (i % 2 * 32));
        }

        return Record(TraceEventIds.WrapBuffer, cycles ? garbage : null, extra);
    }

    /// <summary>TRC_LOST_RECORDS: {u32 lost, u16 did, u16 vid, u64 first_tsc}.</summary>
    public WindowBuilder Lost(ulong tsc, uint lost, int dom, int vcpu, ulong firstTsc) =>
        Record(TraceEventIds.LostRecords, tsc, lost, (uint)dom | ((uint)vcpu << 16), (uint)firstTsc, (uint)(firstTsc >> 32));

    public byte[] Bytes() => _bytes.ToArray();
}
