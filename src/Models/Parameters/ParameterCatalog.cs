using System.Globalization;
using XenSwitchSim.Models.Units;

namespace XenSwitchSim.Models.Parameters;

/// <summary>
/// The scenario keys of contracts.md section 1, in its order. Defaults live in
/// <see cref="ScenarioParameters"/>'s initialisers; this table gives types, ranges and meaning.
/// </summary>
public static class ParameterCatalog
{
    /// <summary>Keyword for <c>dom0.vcpus</c> = null.</summary>
    public const string Auto = "auto";

    /// <summary>Keyword for <c>measure.domU_idle</c> = null (the model decides).</summary>
    public const string FromModel = "from-model";

    public static IReadOnlyList<ParameterSpec> All { get; } =
    [
        Int("domU.vcpus", 1, 4, "vCPUs of the active domU (and of the standby in a switch)",
            p => p.DomUVcpus, (p, v) => p with { DomUVcpus = v }),
        Int("domU.memory_mb", 64, 3072, "domU memory",
            p => p.DomUMemoryMb, (p, v) => p with { DomUMemoryMb = v }),
        Enum("domU.storage", Keywords.DomUStorage,
            "disk backend (phy: blkback / file: blkback on a loop device)",
            p => p.DomUStorage, (p, v) => p with { DomUStorage = v }),
        Int("domU.cpu_load_procs", 0, 16, "CPU hogs inside the active domU",
            p => p.DomUCpuLoadProcs, (p, v) => p with { DomUCpuLoadProcs = v }),
        Range("domU.net_load_mbps", 0, 1000, "network receive into the active domU (through dom0's netback)",
            p => p.DomUNetLoadMbps, (p, v) => p with { DomUNetLoadMbps = v }),
        Int("dom0.cpu_load_procs", 0, 16, "CPU hogs in dom0",
            p => p.Dom0CpuLoadProcs, (p, v) => p with { Dom0CpuLoadProcs = v }),
        Range("dom0.net_load_mbps", 0, 1000, "network receive into dom0",
            p => p.Dom0NetLoadMbps, (p, v) => p with { Dom0NetLoadMbps = v }),
        IntOrAuto("dom0.vcpus",
            "dom0 vCPUs; auto = all pCPUs with credit/credit2, pCPUs minus the domU vCPUs (at least 1) with null",
            p => p.Dom0Vcpus, (p, v) => p with { Dom0Vcpus = v }),
        Int("xl.nice", -20, 19, "nice of the xl launch (as nice -n)",
            p => p.XlNice, (p, v) => p with { XlNice = v }),
        Enum("xl.policy", Keywords.XlPolicy, "policy of the xl launch (as chrt -f)",
            p => p.XlPolicy, (p, v) => p with { XlPolicy = v }),
        Int("xen.domUs", 1, 4, "domUs that exist and run (the study's meaning); a switch adds one paused standby",
            p => p.XenDomUs, (p, v) => p with { XenDomUs = v }),
        Enum("xen.scheduler", Keywords.XenScheduler, "Xen scheduler",
            p => p.XenScheduler, (p, v) => p with { XenScheduler = v }),
        Enum("xen.pinning", Keywords.XenPinning,
            "hard affinity: none, dom0's vCPUs pinned 1:1, every vCPU pinned, or dom0 and the domUs on separate pCPUs",
            p => p.XenPinning, (p, v) => p with { XenPinning = v }),
        Enum("switch.mechanism", Keywords.SwitchMechanism, "how dom0 issues pause/unpause",
            p => p.SwitchMechanism, (p, v) => p with { SwitchMechanism = v }),
        Range("measure.sample_interval_us", 100, 100_000, "the domU sampler's period",
            p => p.MeasureSampleIntervalUs, (p, v) => p with { MeasureSampleIntervalUs = v }),
        EnumOrFromModel("measure.domU_idle", Keywords.DomUIdle,
            "whether an idle domU vCPU blocks (WFI trap) or keeps running (polling sampler or idle=poll)",
            p => p.MeasureDomUIdle, (p, v) => p with { MeasureDomUIdle = v }),
    ];

    public static IReadOnlyList<string> Keys { get; } = [.. All.Select(s => s.Key)];

    public static ParameterSpec? Find(string key) => All.FirstOrDefault(s => s.Key == key);

    public static ParameterSpec Get(string key) =>
        Find(key) ?? throw new ArgumentException($"unknown parameter '{key}'", nameof(key));

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static ParameterSpec Int(
        string key, int min, int max, string meaning,
        Func<ScenarioParameters, int> get, Func<ScenarioParameters, int, ScenarioParameters> set) =>
        new(key, ParameterKind.Int, $"{min}..{max}", meaning, KeyUnit.Of(key), [],
            text => ParseInt(text, min, max),
            v => ((int)v!).ToString(CultureInfo.InvariantCulture),
            p => get(p),
            (p, v) => set(p, (int)v!));

    private static ParameterSpec IntOrAuto(
        string key, string meaning,
        Func<ScenarioParameters, int?> get, Func<ScenarioParameters, int?, ScenarioParameters> set) =>
        new(key, ParameterKind.Int, $"1..pCPUs or {Auto}", meaning, Unit.None, [Auto],
            text => string.Equals(text.Trim(), Auto, StringComparison.OrdinalIgnoreCase)
                ? (null, null)
                : ParseInt(text, 1, int.MaxValue, $"an integer >= 1 (at most the platform's pCPUs) or '{Auto}'"),
            v => v is int i ? i.ToString(CultureInfo.InvariantCulture) : Auto,
            p => get(p),
            (p, v) => set(p, (int?)v));

    private static ParameterSpec Range(
        string key, double min, double max, string meaning,
        Func<ScenarioParameters, double> get, Func<ScenarioParameters, double, ScenarioParameters> set)
    {
        var unit = KeyUnit.Of(key);
        return new(key, ParameterKind.Range, $"{Number(min)}..{Number(max)} {unit.Symbol}", meaning, unit, [],
            text =>
            {
                if (!QuantityParser.TryParse(text, unit, out var value, out var error))
                {
                    return (null, error);
                }

                return value >= min && value <= max
                    ? (value, null)
                    : (null, $"{Number(value)} {unit.Symbol} is out of range; expected {Number(min)}..{Number(max)} {unit.Symbol}");
            },
            v => Number((double)v!),
            p => get(p),
            (p, v) => set(p, (double)v!));
    }

    private static ParameterSpec Enum<T>(
        string key, KeywordSet<T> keywords, string meaning,
        Func<ScenarioParameters, T> get, Func<ScenarioParameters, T, ScenarioParameters> set)
        where T : struct, System.Enum =>
        new(key, ParameterKind.Enum, string.Join(" | ", keywords.Keywords), meaning, Unit.None, keywords.Keywords,
            text => keywords.TryParse(text, out var value)
                ? (value, null)
                : (null, $"expected {keywords.Describe()}, got '{text}'"),
            v => keywords.Keyword((T)v!),
            p => get(p),
            (p, v) => set(p, (T)v!));

    private static ParameterSpec EnumOrFromModel<T>(
        string key, KeywordSet<T> keywords, string meaning,
        Func<ScenarioParameters, T?> get, Func<ScenarioParameters, T?, ScenarioParameters> set)
        where T : struct, System.Enum =>
        new(key, ParameterKind.Enum, string.Join(" | ", keywords.Keywords) + $" (default {FromModel})", meaning, Unit.None,
            [.. keywords.Keywords, FromModel],
            text =>
            {
                if (string.Equals(text.Trim(), FromModel, StringComparison.OrdinalIgnoreCase))
                {
                    return (null, null);
                }

                return keywords.TryParse(text, out var value)
                    ? (value, null)
                    : (null, $"expected {keywords.Describe()} (or {FromModel}), got '{text}'");
            },
            v => v is T t ? keywords.Keyword(t) : FromModel,
            p => get(p),
            (p, v) => set(p, (T?)v));

    private static (object? Value, string? Error) ParseInt(string text, int min, int max, string? expected = null)
    {
        expected ??= $"an integer in {min}..{max}";
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return (null, $"expected {expected}, got '{text}'");
        }

        return value >= min && value <= max
            ? (value, null)
            : (null, $"{value} is out of range; expected {expected}");
    }
}
