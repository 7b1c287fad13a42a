using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

/// <summary>Hand-built files for the framing cases the fixture has few or none of.</summary>
public class XentraceReaderSyntheticTests
{
    private const uint Ev = 0x00022201; // csched2:tick, no payload needed

    [Fact]
    public void Two_cpus_interleaved_windows_merge_by_time()
    {
        byte[] file = new XentraceBuilder()
            .Window(0, w => w.Record(Ev, 100).Record(Ev, 300))
            .Window(1, w => w.Record(Ev, 200).Record(Ev, 400))
            .Window(0, w => w.Record(Ev, 500))
            .Window(1, w => w.Record(Ev, 450))
            .Build();

        XentraceTrace trace = XentraceReader.Read(file);

        ulong[] timed = trace.Records.Where(r => r.HasTsc).Select(r => r.Cycles).ToArray();
        int[] cpus = trace.Records.Where(r => r.HasTsc).Select(r => r.Cpu).ToArray();
        Assert.Equal([100ul, 200, 300, 400, 450, 500], timed);
        Assert.Equal([0, 1, 0, 1, 1, 0], cpus);
        Assert.Equal(4, trace.CpuChangeRecords);
        Assert.Equal(file.Length, trace.BytesConsumed);
    }

    [Fact]
    public void Equal_timestamps_are_ordered_by_cpu_then_file_order()
    {
        byte[] file = new XentraceBuilder()
            .Window(1, w => w.Record(0x22202, 100, 1).Record(0x22202, 100, 2))
            .Window(0, w => w.Record(0x22202, 100, 3).Record(0x22202, 100, 4))
            .Build();

        XentraceTrace trace = XentraceReader.Read(file);

        uint[] order = trace.Records.Where(r => r.HasTsc).Select(r => r.Extra.Span[0]).ToArray();
        Assert.Equal([3u, 4, 1, 2], order);
    }

    [Fact]
    public void Record_without_tsc_takes_the_previous_tsc_of_its_cpu_and_is_flagged()
    {
        byte[] file = new XentraceBuilder()
            .Window(0, w => w.Record(Ev, 1000).Record(0x22202, null, 7).Record(Ev, 2000))
            .Window(1, w => w.Record(Ev, 1500))
            .Build();

        XentraceTrace trace = XentraceReader.Read(file);

        TraceRecord untimed = trace.Records.Single(r => r.Event == 0x22202);
        Assert.False(untimed.HasTsc);
        Assert.Equal(1000ul, untimed.Cycles);
        Assert.Equal(0, untimed.Cpu);
        Assert.Equal(7u, untimed.Word(0));
        Assert.Equal(3, trace.RecordsWithoutTsc); // two CPU-change records and this one
        Assert.Equal([1000ul, 1000, 1000, 1500, 1500, 2000], trace.Records.Select(r => r.Cycles).ToArray());
    }

    [Fact]
    public void Untimed_records_before_a_cpus_first_tsc_take_that_first_tsc()
    {
        byte[] file = new XentraceBuilder()
            .Window(0, w => w.Record(0x22202, null, 1).Record(Ev, 5000))
            .Window(1, w => w.Record(Ev, 100))
            .Build();

        XentraceTrace trace = XentraceReader.Read(file);

        TraceRecord early = trace.Records.Single(r => r.Event == 0x22202);
        Assert.Equal(5000ul, early.Cycles);
        Assert.Equal(100ul, trace.FirstCycles);
    }

    [Fact]
    public void A_cpu_without_any_tsc_sorts_at_the_start_of_the_file()
    {
        byte[] file = new XentraceBuilder()
            .Window(0, w => w.Record(Ev, 5000).Record(Ev, 6000))
            .Window(1, w => w.Record(0x22202, null, 9))
            .Build();

        XentraceTrace trace = XentraceReader.Read(file);

        Assert.All(trace.Records.Where(r => r.Cpu == 1), r => Assert.Equal(5000ul, r.Cycles));
        Assert.Equal(5000ul, trace.FirstCycles);
    }

    [Fact]
    public void File_without_any_tsc_reads_with_time_zero()
    {
        byte[] file = new XentraceBuilder().Window(2, w => w.Record(Ev, null)).Build();

        XentraceTrace trace = XentraceReader.Read(file);

        Assert.Equal(2, trace.Records.Count);
        Assert.All(trace.Records, r => Assert.Equal(0ul, r.Cycles));
        Assert.Equal([2], trace.Cpus);
    }

    [Fact]
    public void Wrap_record_is_skipped_by_size_and_its_garbage_tsc_ignored()
    {
        // A wrapped window: records up to the ring end, the wrap padding (with a TSC slot full of
        // garbage), then the records from the ring start, all after one CPU-change record.
        byte[] file = new XentraceBuilder()
            .Window(0, w => w
                .Record(Ev, 1000)
                .Wrap(40, garbage: 0xffffffff_ffffffff)
                .Record(Ev, 1100)
                .Wrap(4)
                .Record(0x22202, 1200, 42))
            .Build();

        XentraceTrace trace = XentraceReader.Read(file);

        TraceRecord[] wraps = trace.Records.Where(r => r.Event == TraceEventIds.WrapBuffer).ToArray();
        Assert.Equal(2, wraps.Length);
        Assert.Equal(7, wraps[0].ExtraCount); // 4 + 8 + 28 = 40 bytes
        Assert.Equal(0, wraps[1].ExtraCount);
        Assert.All(wraps, w => Assert.False(w.HasTsc));
        Assert.Equal(1000ul, wraps[0].Cycles); // previous real TSC, not 0xffff...
        Assert.Equal(1100ul, wraps[1].Cycles);
        Assert.Equal(42u, trace.Records[^1].Word(0));
        Assert.Equal(file.Length, trace.BytesConsumed);
    }

    [Fact]
    public void Lost_records_are_decoded_and_totalled()
    {
        byte[] file = new XentraceBuilder()
            .Window(1, w => w.Lost(2000, lost: 17, dom: 3, vcpu: 2, firstTsc: 0x1_0000_0010).Record(Ev, 2100))
            .Window(1, w => w.Lost(3000, lost: 5, dom: 0, vcpu: 1, firstTsc: 2500))
            .Build();

        XentraceTrace trace = XentraceReader.Read(file);

        Assert.Equal(2, trace.LostRecordEvents);
        Assert.Equal(22, trace.LostRecordsTotal);
        TraceRecord lost = trace.Records.First(r => r.Event == TraceEventIds.LostRecords);
        DecodedEvent decoded = TraceEventDecoder.Decode(lost);
        Assert.Equal("lost_records", decoded.Name);
        Assert.Equal(3, decoded.Dom);
        Assert.Equal(2, decoded.Vcpu);
        Assert.Equal("lost_records count 17, while d3v2 ran, first lost tsc 4294967312", decoded.Text);
    }

    [Fact]
    public void Empty_windows_and_an_empty_file_are_valid()
    {
        Assert.Empty(XentraceReader.Read(Array.Empty<byte>()).Records);

        byte[] file = new XentraceBuilder().Window(0, _ => { }).Window(1, w => w.Record(Ev, 10)).Build();
        XentraceTrace trace = XentraceReader.Read(file);
        Assert.Equal(3, trace.Records.Count);
        Assert.Equal([0, 1], trace.Cpus);
    }

    [Fact]
    public void Extra_words_are_slices_of_one_shared_array()
    {
        byte[] file = new XentraceBuilder()
            .Window(0, w => w.Record(0x22202, 1, 10, 11).Record(0x22202, 2, 20, 21, 22))
            .Build();

        XentraceTrace trace = XentraceReader.Read(file);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(trace.Records[1].Extra, out ArraySegment<uint> a));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(trace.Records[2].Extra, out ArraySegment<uint> b));
        Assert.Same(a.Array, b.Array);
        Assert.Equal([10u, 11], a.ToArray());
        Assert.Equal([20u, 21, 22], b.ToArray());
    }

    [Fact]
    public void Cpu_limit_is_configurable()
    {
        byte[] file = new XentraceBuilder().Window(8, w => w.Record(Ev, 1)).Build();

        Assert.Single(XentraceReader.Read(file).Cpus);
        var ex = Assert.Throws<TraceFormatException>(() => XentraceReader.Read(file, new XentraceReaderOptions { MaxCpu = 3 }));
        Assert.Contains("cpu 8, outside 0..3", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => XentraceReader.Read(file, new XentraceReaderOptions { MaxCpu = int.MaxValue }));
    }
}
