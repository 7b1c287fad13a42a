using System.Globalization;
using System.Text.Json;

namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// Projections of merged records for <c>trace dump</c> (contracts.md section 3).
/// <para>
/// Text: one line per record in the layout of <c>xenalyze --dump-all</c>:
/// <c>" %3u.%09u &lt;pcpus&gt; d&lt;dom&gt;v&lt;vcpu&gt; &lt;event text&gt;"</c>. Unlike xenalyze, the time is exact
/// (cycles / cpu_hz with integer arithmetic, no qhz truncation) and is printed for the first record
/// too. As in xenalyze, a pCPU's current vCPU follows the runstate records (X->running sets it,
/// running->X of that vCPU clears it; sched_switch records are only printed), and the header shows it
/// as it was before the record, or <c>d?v?</c> when there is none. The pcpu string marks this
/// record's CPU <c>x</c>, a pCPU running a guest or dom0 <c>|</c>, an idle vCPU <c>-</c>, no vCPU
/// <c>' '</c>, not yet known <c>.</c>. Bookkeeping records (cpu_change, wrap_buffer, lost_records) are
/// printed too.
/// </para>
/// <para>
/// JSON: one object per record, <c>{"time_ns","cycles","cpu","event":"0x...","name","dom","vcpu",
/// "old","new","extra":[...]}</c>, where dom/vcpu/old/new appear only for events that carry them
/// (runstate names running|runnable|blocked|offline). time_ns counts from the first record.
/// </para>
/// </summary>
public static class TraceDump
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Smallest cycles in the records: the origin of time_ns (0 when empty).</summary>
    public static ulong FirstCycles(IReadOnlyList<TraceRecord> records)
    {
        if (records.Count == 0)
        {
            return 0;
        }

        ulong min = ulong.MaxValue;
        for (int i = 0; i < records.Count; i++)
        {
            min = Math.Min(min, records[i].Cycles);
        }

        return min;
    }

    public static void WriteText(TextWriter writer, IReadOnlyList<TraceRecord> records, ulong cpuHz)
    {
        ArgumentOutOfRangeException.ThrowIfZero(cpuHz);
        ulong first = FirstCycles(records);
        int maxCpu = -1;
        for (int i = 0; i < records.Count; i++)
        {
            if (records[i].Cpu < 0)
            {
                throw new ArgumentException($"record {i} has cpu {records[i].Cpu}", nameof(records));
            }

            maxCpu = Math.Max(maxCpu, records[i].Cpu);
        }

        var current = new (int Dom, int Vcpu)?[maxCpu + 1];
        var known = new bool[maxCpu + 1];
        var pcpu = new char[maxCpu + 1];
        for (int i = 0; i < records.Count; i++)
        {
            TraceRecord r = records[i];
            DecodedEvent decoded = TraceEventDecoder.Decode(r);
            for (int c = 0; c <= maxCpu; c++)
            {
                pcpu[c] = current[c] switch
                {
                    null => known[c] ? ' ' : '.',
                    { Dom: TraceEventIds.IdleDomain } => '-',
                    _ => '|',
                };
            }

            pcpu[r.Cpu] = 'x';
            string cur = current[r.Cpu] is { } cv ? $"d{cv.Dom}v{cv.Vcpu}" : "d?v?";
            writer.Write(' ');
            writer.Write(FormatTime(TraceTime.RelativeNs(r.Cycles, first, cpuHz)));
            writer.Write(' ');
            writer.Write(pcpu);
            writer.Write(' ');
            writer.Write(cur);
            writer.Write(' ');
            writer.WriteLine(decoded.Text);

            UpdateCurrent(current, known, r.Cpu, decoded);
        }
    }

    /// <summary>Seconds as xenalyze prints them: <c>%3u.%09u</c>.</summary>
    public static string FormatTime(ulong ns) =>
        string.Create(Inv, $"{ns / 1_000_000_000,3}.{ns % 1_000_000_000:D9}");

    private static void UpdateCurrent((int Dom, int Vcpu)?[] current, bool[] known, int cpu, DecodedEvent decoded)
    {
        if (decoded is not { Dom: { } dom, Vcpu: { } vcpu, Old: { } old, New: { } @new })
        {
            return;
        }

        if (@new == RunState.Running)
        {
            current[cpu] = (dom, vcpu);
            known[cpu] = true;
        }
        else if (old == RunState.Running && current[cpu] == (dom, vcpu))
        {
            current[cpu] = null;
            known[cpu] = true;
        }
    }

    /// <summary>Writes the records as one JSON array.</summary>
    public static void WriteJsonArray(Utf8JsonWriter writer, IReadOnlyList<TraceRecord> records, ulong cpuHz)
    {
        ArgumentOutOfRangeException.ThrowIfZero(cpuHz);
        ulong first = FirstCycles(records);
        writer.WriteStartArray();
        for (int i = 0; i < records.Count; i++)
        {
            WriteJsonElement(writer, records[i], first, cpuHz);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes one record's JSON object, with time_ns counted from <paramref name="firstCycles"/>.</summary>
    public static void WriteJsonElement(Utf8JsonWriter writer, in TraceRecord record, ulong firstCycles, ulong cpuHz)
    {
        DecodedEvent decoded = TraceEventDecoder.Decode(record);
        writer.WriteStartObject();
        writer.WriteNumber("time_ns", TraceTime.RelativeNs(record.Cycles, firstCycles, cpuHz));
        writer.WriteNumber("cycles", record.Cycles);
        writer.WriteNumber("cpu", record.Cpu);
        writer.WriteString("event", $"0x{record.Event:x8}");
        writer.WriteString("name", decoded.Name);
        if (decoded.Dom is { } dom)
        {
            writer.WriteNumber("dom", dom);
        }

        if (decoded.Vcpu is { } vcpu)
        {
            writer.WriteNumber("vcpu", vcpu);
        }

        if (decoded.Old is { } old)
        {
            writer.WriteString("old", old.Name());
        }

        if (decoded.New is { } @new)
        {
            writer.WriteString("new", @new.Name());
        }

        writer.WriteStartArray("extra");
        foreach (uint word in record.Extra.Span)
        {
            writer.WriteNumberValue(word);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The records as a JSON array element (a detached copy; for large traces prefer <see cref="WriteJsonArray"/>).</summary>
    public static JsonElement ToJsonElements(IReadOnlyList<TraceRecord> records, ulong cpuHz)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJsonArray(writer, records, cpuHz);
        }

        using JsonDocument doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }
}
