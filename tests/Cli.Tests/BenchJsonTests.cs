using System.Text.Json;

namespace XenSwitchSim.Cli.Tests;

/// <summary>Runs alone: its zero-allocation check counts the thread's allocations, which concurrent tests (tier-up under CPU contention) disturb.</summary>
[CollectionDefinition("alone", DisableParallelization = true)]
public sealed class AloneCollection;

[Collection("alone")]
public class BenchJsonTests
{
    [Fact]
    public void Bench_engine_json_has_the_contract_shape_and_reproduces_the_reference_switch_model()
    {
        var (code, output, _) = CliRunner.Run("bench", "engine", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var a = doc.RootElement.GetProperty("a");
        var b = doc.RootElement.GetProperty("b");
        foreach (var k in new[] { "events", "run_s", "events_per_s", "alloc_bytes_per_event" }) Assert.True(a.TryGetProperty(k, out _), k);
        foreach (var k in new[] { "switches", "run_s", "switches_per_s", "alloc_bytes_per_event", "xl_mean_ms", "xl_p50_ms", "xl_p99_ms" })
            Assert.True(b.TryGetProperty(k, out _), k);
        Assert.Equal(1_000_100, a.GetProperty("events").GetInt64());
        Assert.Equal(100_000, b.GetProperty("switches").GetInt64());
        Assert.Equal(0, a.GetProperty("alloc_bytes_per_event").GetDouble());
        Assert.Equal(0, b.GetProperty("alloc_bytes_per_event").GetDouble());
        // des-performance.md: mean about 10.02 ms, p50 about 9.86, p99 16.2-16.3 (seed 42, 100,000 switches).
        Assert.InRange(b.GetProperty("xl_mean_ms").GetDouble(), 10.00, 10.04);
        Assert.InRange(b.GetProperty("xl_p50_ms").GetDouble(), 9.84, 9.88);
        Assert.InRange(b.GetProperty("xl_p99_ms").GetDouble(), 16.2, 16.3);
    }
}
