using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

/// <summary>The real trace must yield exactly what its provenance note states.</summary>
public class XentraceReaderFixtureTests
{
    [Fact]
    public void Yields_15374_records_consuming_the_whole_356920_bytes()
    {
        XentraceTrace trace = Fixture.Trace;

        Assert.Equal(356920, Fixture.Bytes.Length);
        Assert.Equal(356920, trace.BytesConsumed);
        Assert.Equal(15374, trace.Records.Count);
    }

    [Theory]
    [InlineData(0x0001f002u, 2)] // TRC_TRACE_WRAP_BUFFER
    [InlineData(0x0001f003u, 60)] // TRC_TRACE_CPU_CHANGE
    [InlineData(0x00021002u, 1147)] // CONTINUE_RUNNING
    [InlineData(0x00021011u, 271)] // running->runnable
    [InlineData(0x00021101u, 321)] // runnable->running
    [InlineData(0x00021021u, 49)] // running->blocked
    [InlineData(0x00021211u, 49)] // blocked->runnable
    [InlineData(0x00021031u, 1)] // running->offline
    [InlineData(0x00021131u, 2)] // runnable->offline
    [InlineData(0x00021311u, 3)] // offline->runnable
    [InlineData(0x00028003u, 3)] // SLEEP
    [InlineData(0x00028004u, 52)] // WAKE
    [InlineData(0x00028006u, 49)] // BLOCK
    [InlineData(0x0002800au, 321)] // SWITCH
    [InlineData(0x0002800eu, 321)] // SWITCH_INFPREV
    [InlineData(0x0002800fu, 321)] // SWITCH_INFNEXT
    [InlineData(0x00028011u, 1147)] // SWITCH_INFCONT
    public void Event_counts_match_the_provenance_note(uint eventId, int expected)
    {
        IReadOnlyDictionary<uint, int> counts = Fixture.Trace.CountByEvent();

        Assert.Equal(expected, counts.GetValueOrDefault(eventId));
    }

    [Fact]
    public void Credit2_class_records_are_the_rest_about_11000()
    {
        int credit2 = Fixture.Trace.CountByEvent()
            .Where(kv => kv.Key is >= 0x00022200 and <= 0x000222ff)
            .Sum(kv => kv.Value);

        // 15374 minus the 4119 records of the ids listed in the note ("~11,000").
        Assert.Equal(11255, credit2);
    }

    [Fact]
    public void Merged_records_are_in_non_decreasing_time_with_ties_by_cpu_then_file_order()
    {
        IReadOnlyList<TraceRecord> r = Fixture.Trace.Records;

        for (int i = 1; i < r.Count; i++)
        {
            Assert.True(r[i - 1].Cycles <= r[i].Cycles, $"record {i} goes back in time");
            if (r[i - 1].Cycles == r[i].Cycles)
            {
                Assert.True(r[i - 1].Cpu < r[i].Cpu
                            || (r[i - 1].Cpu == r[i].Cpu && r[i - 1].FileOffset < r[i].FileOffset),
                    $"tie at record {i} not broken by cpu then file order");
            }
        }
    }

    [Fact]
    public void Per_cpu_record_bytes_match_xenalyze_log_volume()
    {
        // Provenance: "cpu0 269732 bytes sched, cpu1 86436 bytes sched" (xenalyze counts neither
        // CPU-change nor wrap records).
        var bytes = new long[2];
        foreach (TraceRecord r in Fixture.Trace.Records)
        {
            if (r.Event is TraceEventIds.CpuChange or TraceEventIds.WrapBuffer)
            {
                continue;
            }

            bytes[r.Cpu] += 4 + (r.HasTsc ? 8 : 0) + (4 * r.ExtraCount);
        }

        Assert.Equal(269732, bytes[0]);
        Assert.Equal(86436, bytes[1]);
        Assert.Equal([0, 1], Fixture.Trace.Cpus);
    }

    [Fact]
    public void Only_cpu_change_and_wrap_records_lack_a_tsc_and_nothing_was_lost()
    {
        XentraceTrace trace = Fixture.Trace;

        Assert.Equal(62, trace.RecordsWithoutTsc);
        Assert.All(trace.Records.Where(r => !r.HasTsc),
            r => Assert.True(r.Event is TraceEventIds.CpuChange or TraceEventIds.WrapBuffer));
        Assert.Equal(0, trace.LostRecordEvents);
        Assert.Equal(0, trace.TscBackwardSteps);
        Assert.Equal(60, trace.CpuChangeRecords);
    }

    [Fact]
    public void First_bytes_decode_as_the_note_shows()
    {
        // od: 2001f003 00000000 00000fc4 | a0022215 99795178 00000059 00000000 00000000 | c0022203 ...
        TraceRecord[] fileOrder = Fixture.Trace.RecordsInFileOrder();

        TraceRecord cpuChange = fileOrder[0];
        Assert.Equal(TraceEventIds.CpuChange, cpuChange.Event);
        Assert.Equal(0, cpuChange.Cpu);
        Assert.Equal([0u, 0xfc4u], cpuChange.Extra.ToArray());

        TraceRecord schedule = fileOrder[1];
        Assert.Equal(12, schedule.FileOffset);
        Assert.Equal(TraceEventIds.Csched2Schedule, schedule.Event);
        Assert.Equal(0x59_99795178ul, schedule.Cycles);
        Assert.True(schedule.HasTsc);
        Assert.Equal([0u, 0u], schedule.Extra.ToArray());

        TraceRecord burn = fileOrder[2];
        Assert.Equal(32, burn.FileOffset);
        Assert.Equal(TraceEventIds.Csched2CreditBurn, burn.Event);
        Assert.Equal(0x59_99797d3aul, burn.Cycles);
        Assert.Equal([0u, 0xffff23b4u, 0x80000000u, 0x00530fb5u], burn.Extra.ToArray());

        Assert.Equal(0x00022217u, fileOrder[3].Event);
        Assert.Equal(60, fileOrder[3].FileOffset);

        // The CPU-change record takes the first TSC of its CPU, so it sorts first.
        Assert.Equal(schedule.Cycles, cpuChange.Cycles);
        Assert.Equal(cpuChange, Fixture.Trace.Records[0]);
        Assert.Equal(384826954104ul, Fixture.Trace.FirstCycles);
    }

    [Fact]
    public void Wrap_records_are_skipped_by_their_header_size()
    {
        TraceRecord[] wraps = Fixture.Trace.Records.Where(r => r.Event == TraceEventIds.WrapBuffer)
            .OrderBy(r => r.FileOffset).ToArray();

        Assert.Equal(2, wraps.Length);
        Assert.Equal(160980, wraps[0].FileOffset);
        Assert.Equal(0, wraps[0].ExtraCount); // 4 bytes: header only
        Assert.Equal(331500, wraps[1].FileOffset);
        Assert.Equal(6, wraps[1].ExtraCount); // 28 bytes: header + 6 words
        Assert.All(wraps, w => Assert.False(w.HasTsc));
    }

    [Fact]
    public void File_order_listing_covers_every_byte_once()
    {
        TraceRecord[] fileOrder = Fixture.Trace.RecordsInFileOrder();
        long expected = 0;
        foreach (TraceRecord r in fileOrder)
        {
            Assert.Equal(expected, r.FileOffset);
            bool tscBytes = r.HasTsc || (r.Event == TraceEventIds.WrapBuffer
                                         && (BitConverter.ToUInt32(Fixture.Bytes, (int)r.FileOffset) & 0x80000000u) != 0);
            expected += 4 + (tscBytes ? 8 : 0) + (4 * r.ExtraCount);
        }

        Assert.Equal(356920, expected);
    }
}
