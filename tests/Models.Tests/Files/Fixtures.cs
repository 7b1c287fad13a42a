namespace XenSwitchSim.Models.Tests.Files;

/// <summary>
/// Valid files whose line numbers the error tests rely on; edit with care. The model's
/// mechanisms are those of <see cref="Support.TestCatalog"/>: parse it with that catalogue.
/// </summary>
internal static class Fixtures
{
    public const string ModelName = "models/x.yaml";
    public const string ScenarioName = "scenarios/s.yaml";

    public const string Model = """
        name: example
        description: a model for tests
        platform:
          pcpus: 4
          cpu_clock_mhz: 1.5GHz
          hz: 250
          counter_hz: 54MHz
          xen_version: "4.14.1"
          linux_version: "5.9.0"
          arch: arm64
          schedulers: [credit2, null, credit]
          dom0_vcpus_default: 4
        defaults:
          measure.domU_idle: poll
        assumptions:
          - fact: dom0 stamps the time just before launching xl
            value: immediately
            evidence: seed-paper.md
        mechanisms:
          xl_exec_cpu_us: 2.5ms
          hypercall_entry_exit_us: 800ns
          cpu_speed_factor: 1
          xl_pause_xenstore_requests:
            value: 7
            sd: 1
            lower: 5
            upper: 9
            provenance: {data: models/reference/ipsj-os151-2021-measurements.yaml, seed: 42, date: 2026-11-26, objective: noise-aware agreement}
          xenstore_rtt_us:
            type: mixture
            components:
              - weight: 0.99
                dist: {type: lognormal, mean_us: 150, sd_us: 60}
              - weight: 0.01
                dist: {type: shifted, shift_us: 1ms, dist: {type: exponential, mean_us: 5ms}}

        """;

    public const string Scenario = """
        name: dom0-net-load
        description: the study's dom0 network load row
        parameters:
          dom0.net_load_mbps: 1Gbps
          xen.scheduler: null
          measure.sample_interval_us: 4ms
        runs: 1000
        seed: 20210301

        """;

    /// <summary>The fixture with line <paramref name="line"/> (1-based) replaced; "" deletes it.</summary>
    public static string WithLine(string text, int line, string replacement)
    {
        var lines = text.Split('\n').ToList();
        Assert.True(line <= lines.Count, $"fixture has no line {line}");
        if (replacement.Length == 0)
        {
            lines.RemoveAt(line - 1);
        }
        else
        {
            lines[line - 1] = replacement;
        }

        return string.Join('\n', lines);
    }

    /// <summary>Guards the line numbers the tests use.</summary>
    public static string Line(string text, int line) => text.Split('\n')[line - 1];
}
