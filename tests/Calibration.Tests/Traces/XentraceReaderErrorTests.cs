using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

/// <summary>Each kind of malformed input gets a TraceFormatException naming the offset and the problem.</summary>
public class XentraceReaderErrorTests
{
    private const uint Ev = 0x00022201;

    private static TraceFormatException Fails(byte[] file) =>
        Assert.Throws<TraceFormatException>(() => XentraceReader.Read(file));

    [Fact]
    public void Record_whose_extra_words_run_past_the_end()
    {
        // Window claims 20 bytes, the file has them, but the record says 3 words and only 5 bytes follow.
        byte[] file = new XentraceBuilder()
            .CpuChange(0, 8)
            .Word(XentraceBuilder.Header(0x22202, false, 3))
            .Bytes(1, 2, 3, 4)
            .Build();

        TraceFormatException ex = Fails(file);

        Assert.Equal(12, ex.ByteOffset);
        Assert.Equal("offset 12: record header 0x30022202 says 3 extra words (16 bytes) but only 8 bytes remain", ex.Message);
    }

    [Fact]
    public void Window_size_larger_than_the_file()
    {
        byte[] file = new XentraceBuilder().CpuChange(1, 99999999).Record(Ev, 5).Build();

        TraceFormatException ex = Fails(file);

        Assert.Equal(0, ex.ByteOffset);
        Assert.Equal("offset 0: window_size 99999999 of cpu 1 exceeds the 12 bytes left", ex.Message);
    }

    [Fact]
    public void Record_before_any_cpu_change()
    {
        byte[] file = new XentraceBuilder().Record(Ev, 5).Build();

        TraceFormatException ex = Fails(file);

        Assert.Equal("offset 0: record (header 0x80022201) before any CPU-change record", ex.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4096)]
    [InlineData(int.MaxValue)]
    public void Absurd_cpu_number(int cpu)
    {
        byte[] file = new XentraceBuilder().CpuChange(cpu, 0).Build();

        TraceFormatException ex = Fails(file);

        Assert.Equal($"offset 0: CPU-change record names cpu {cpu}, outside 0..4095", ex.Message);
    }

    [Fact]
    public void Trailing_bytes_too_short_for_a_header()
    {
        byte[] file = new XentraceBuilder().Window(0, w => w.Record(Ev, 1)).Bytes(0xaa, 0xbb, 0xcc).Build();

        TraceFormatException ex = Fails(file);

        Assert.Equal(24, ex.ByteOffset);
        Assert.Contains("3 trailing byte(s), too short for a 4-byte record header", ex.Message);
    }

    [Fact]
    public void Truncated_cpu_change_record()
    {
        byte[] file = new XentraceBuilder().Word(TraceEventIds.CpuChangeHeader).Word(0).Build();

        Assert.Equal("offset 0: CPU-change record needs 12 bytes but only 8 remain", Fails(file).Message);
    }

    [Fact]
    public void Cpu_change_with_a_wrong_header_shape()
    {
        byte[] file = new XentraceBuilder().Record(TraceEventIds.CpuChange, 7, 0, 0).Build();

        Assert.Contains("CPU-change record header 0xa001f003 should be 0x2001f003", Fails(file).Message);
    }

    [Fact]
    public void Cpu_change_inside_a_window()
    {
        byte[] file = new XentraceBuilder().CpuChange(0, 24).CpuChange(1, 0).Record(Ev, 1).Build();

        TraceFormatException ex = Fails(file);

        Assert.Equal("offset 12: CPU-change record inside the window of cpu 0, which has 24 bytes left", ex.Message);
    }

    [Fact]
    public void Record_after_the_window_ended()
    {
        byte[] file = new XentraceBuilder().Window(0, w => w.Record(Ev, 1)).Record(Ev, 2).Build();

        TraceFormatException ex = Fails(file);

        Assert.Equal(24, ex.ByteOffset);
        Assert.Contains("after the end of cpu 0's window (ended at offset 24); expected a CPU-change record", ex.Message);
    }

    [Fact]
    public void Record_crossing_the_window_end()
    {
        byte[] file = new XentraceBuilder().CpuChange(0, 8).Record(Ev, 1).Build();

        Assert.Equal("offset 12: record header 0x80022201 says 12 bytes, which cross the end of cpu 0's window at offset 20",
            Fails(file).Message);
    }

    [Fact]
    public void Window_size_not_a_multiple_of_four()
    {
        byte[] file = new XentraceBuilder().CpuChange(0, 6).Record(Ev, 1).Build();

        Assert.Equal("offset 0: window_size 6 of cpu 0 is not a whole number of 4-byte words", Fails(file).Message);
    }

    [Fact]
    public void Error_is_a_format_exception_with_the_offset()
    {
        byte[] file = new XentraceBuilder().Window(0, w => w.Record(Ev, 1)).Window(0, w => w.Record(Ev, 2)).Build();
        file[^12] = 0x00;
        file[^9] = 0x70; // header 0x70022201 -> 7 extra words, no TSC: 32 bytes in a 12-byte window

        FormatException ex = Assert.ThrowsAny<FormatException>(() => XentraceReader.Read(file));

        Assert.IsType<TraceFormatException>(ex);
        Assert.Equal(36, ((TraceFormatException)ex).ByteOffset);
    }
}
