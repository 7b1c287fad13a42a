using System.Text.Json;
using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

/// <summary>The contract's trace dump --json element: {"time_ns","cycles","cpu","event","name","dom","vcpu","old","new","extra"}.</summary>
public class TraceDumpJsonTests
{
    private static readonly Lazy<JsonElement> Json = new(() => TraceDump.ToJsonElements(Fixture.Trace.Records, Fixture.CpuHz));

    private static JsonElement At(long fileOffset)
    {
        int index = Fixture.Trace.Records.ToList().FindIndex(r => r.FileOffset == fileOffset);
        return Json.Value[index];
    }

    private static string[] Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void One_element_per_record_time_from_the_first()
    {
        Assert.Equal(JsonValueKind.Array, Json.Value.ValueKind);
        Assert.Equal(15374, Json.Value.GetArrayLength());
        Assert.Equal(0ul, Json.Value[0].GetProperty("time_ns").GetUInt64());
        Assert.Equal(384826954104ul, Json.Value[0].GetProperty("cycles").GetUInt64());
    }

    [Fact]
    public void Sleep_element()
    {
        JsonElement e = At(99824);

        Assert.Equal(["time_ns", "cycles", "cpu", "event", "name", "dom", "vcpu", "extra"], Keys(e));
        Assert.Equal(672246549ul, e.GetProperty("time_ns").GetUInt64()); // 1411717754 cycles / 2.1 GHz
        Assert.Equal(386238671858ul, e.GetProperty("cycles").GetUInt64());
        Assert.Equal(0, e.GetProperty("cpu").GetInt32());
        Assert.Equal("0x00028003", e.GetProperty("event").GetString());
        Assert.Equal("vcpu_sleep", e.GetProperty("name").GetString());
        Assert.Equal(1, e.GetProperty("dom").GetInt32());
        Assert.Equal(0, e.GetProperty("vcpu").GetInt32());
        Assert.Equal([1u, 0u], e.GetProperty("extra").EnumerateArray().Select(x => x.GetUInt32()).ToArray());
    }

    [Fact]
    public void Runstate_element_names_the_states()
    {
        JsonElement e = At(203212);

        Assert.Equal(["time_ns", "cycles", "cpu", "event", "name", "dom", "vcpu", "old", "new", "extra"], Keys(e));
        Assert.Equal("0x00021031", e.GetProperty("event").GetString());
        Assert.Equal("runstate_change", e.GetProperty("name").GetString());
        Assert.Equal("running", e.GetProperty("old").GetString());
        Assert.Equal("offline", e.GetProperty("new").GetString());
        Assert.Equal(1, e.GetProperty("cpu").GetInt32());
        Assert.Equal([0x10000u], e.GetProperty("extra").EnumerateArray().Select(x => x.GetUInt32()).ToArray());
    }

    [Fact]
    public void Events_without_a_single_vcpu_omit_dom_and_vcpu()
    {
        Assert.Equal(["time_ns", "cycles", "cpu", "event", "name", "extra"], Keys(At(203184))); // sched_switch
        Assert.Equal(4, At(203184).GetProperty("extra").GetArrayLength());
        Assert.Equal(["time_ns", "cycles", "cpu", "event", "name", "extra"], Keys(At(0))); // cpu_change
        Assert.Equal("cpu_change", At(0).GetProperty("name").GetString());
        Assert.Equal("csched2:schedule", At(12).GetProperty("name").GetString());
        Assert.Equal("0x00022215", At(12).GetProperty("event").GetString());
    }

    [Fact]
    public void Streaming_writer_gives_the_same_json()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            TraceDump.WriteJsonArray(writer, Fixture.Trace.Records, Fixture.CpuHz);
        }

        Assert.Equal(Json.Value.GetRawText(), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
