using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Models.Units;
using XenSwitchSim.Simulator.Experiments;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace XenSwitchSim.Cli.Commands;

/// <summary>
/// A sweep's grid: parameters with their values (the full factorial of them, the last key varying fastest), runs per
/// cell, deadline, seed, metric and view. Every cell runs with the same seed, so cells share their random numbers
/// (common random numbers: differences between cells are not blurred by independent noise).
/// </summary>
public sealed record SweepGrid(
    IReadOnlyList<(string Key, IReadOnlyList<string> Values)> Parameters,
    int RunsPerCell,
    double DeadlineUs,
    ulong Seed,
    MetricChoice Metric)
{
    public const int DefaultRunsPerCell = 200;
    public const string DefaultDeadline = "50ms";

    public long Cells => Parameters.Aggregate(1L, (n, p) => n * p.Values.Count);

    /// <summary>The level of each parameter in cell <paramref name="cell"/> (mixed radix, last key fastest).</summary>
    public string[] Levels(long cell)
    {
        var v = new string[Parameters.Count];
        for (int i = Parameters.Count - 1; i >= 0; i--)
        {
            var n = Parameters[i].Values.Count;
            v[i] = Parameters[i].Values[(int)(cell % n)];
            cell /= n;
        }
        return v;
    }

    /// <summary>Cells [First, End) of shard k of n (1-based): contiguous, so the parts concatenate in order.</summary>
    public (long First, long End) Shard(int k, int n) => (Cells * (k - 1) / n, Cells * k / n);

    /// <summary>Identifies the grid (and model) in shard files, so merge refuses parts of different sweeps.</summary>
    public string Fingerprint(string modelSha256)
    {
        var sb = new StringBuilder();
        foreach (var (k, vs) in Parameters) sb.Append(k).Append('=').AppendJoin('|', vs).Append(';');
        sb.Append(CultureInfo.InvariantCulture, $"runs={RunsPerCell};deadline={DeadlineUs:R};seed={Seed};metric={Metric.MetricName};view={Metric.ViewName};model={modelSha256}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16];
    }

    /// <summary>The study's 11 parameters at their two levels (Table 4: baseline, changed) and switch.mechanism's three values.</summary>
    public static SweepGrid Default() => new(
        [
            ("domU.vcpus", ["3", "1"]),
            ("domU.memory_mb", ["813", "155"]),
            ("domU.storage", ["logical-partition", "file"]),
            ("domU.cpu_load_procs", ["0", "4"]),
            ("domU.net_load_mbps", ["0", "1000"]),
            ("dom0.cpu_load_procs", ["0", "4"]),
            ("dom0.net_load_mbps", ["0", "1000"]),
            ("xl.nice", ["0", "-20"]),
            ("xl.policy", ["SCHED_OTHER", "SCHED_FIFO"]),
            ("xen.domUs", ["1", "2"]),
            ("xen.scheduler", ["credit2", "null"]),
            ("switch.mechanism", ["xl", "resident", "kernel-module"]),
        ],
        DefaultRunsPerCell,
        QuantityParser.ParseDurationUs(DefaultDeadline, SourceLocation.Of("default grid"), "deadline"),
        1,
        MetricChoice.SwitchTrue);

    public static SweepGrid Load(string path)
    {
        if (!File.Exists(path)) throw new InputError(SourceLocation.Of(path), "no such grid file", "expected a YAML grid: parameters: {key: [values...]}, runs_per_cell, deadline, seed, metric, view");
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(File.ReadAllText(path));
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InputError(SourceLocation.At(path, e.Start.Line, e.Start.Column), "not valid YAML: " + e.Message.Split('\n')[0]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InputError(SourceLocation.Of(path), "the grid is empty or not a mapping", "expected parameters: {key: [values...]}");
        SourceLocation At(YamlNode n) => SourceLocation.At(path, n.Start.Line, n.Start.Column);
        var def = Default();
        var parameters = new List<(string, IReadOnlyList<string>)>();
        int runs = def.RunsPerCell;
        double deadline = def.DeadlineUs;
        ulong seed = def.Seed;
        string metric = "switch", view = "true";
        YamlNode? metricAt = null;
        foreach (var (kNode, vNode) in root.Children)
        {
            var key = ((YamlScalarNode)kNode).Value ?? "";
            string Scalar() => vNode is YamlScalarNode s ? s.Value ?? "" : throw new InputError(At(vNode), $"'{key}' must be a single value");
            switch (key)
            {
                case "parameters":
                    if (vNode is not YamlMappingNode pm) throw new InputError(At(vNode), "parameters must be a mapping", "expected parameters: {key: [values...]}");
                    foreach (var (pk, pv) in pm.Children)
                    {
                        var name = ((YamlScalarNode)pk).Value ?? "";
                        var items = pv is YamlSequenceNode seq ? seq.Children : pv is YamlScalarNode ? new List<YamlNode> { pv } : throw new InputError(At(pv), $"values of '{name}' must be a list", "expected e.g. [0, 4]");
                        var values = new List<string>();
                        foreach (var item in items)
                        {
                            if (item is not YamlScalarNode sv) throw new InputError(At(item), $"a value of '{name}' is not a scalar");
                            var a = ParameterParser.Parse(name, sv.Value ?? "", At(pk), At(item));
                            if (values.Contains(a.Text)) throw new InputError(At(item), $"value {a.Text} of '{name}' is listed twice");
                            values.Add(a.Text);
                        }
                        if (values.Count == 0) throw new InputError(At(pv), $"'{name}' has no values");
                        if (parameters.Any(p => p.Item1 == ParameterCatalog.Get(name).Key)) throw new InputError(At(pk), $"'{name}' is listed twice");
                        parameters.Add((ParameterCatalog.Get(name).Key, values));
                    }
                    break;
                case "runs_per_cell":
                    if (!int.TryParse(Scalar(), NumberStyles.Integer, CultureInfo.InvariantCulture, out runs) || runs < 10)
                        throw new InputError(At(vNode), "runs_per_cell must be a whole number >= 10");
                    break;
                case "deadline":
                    deadline = QuantityParser.ParseDurationUs(Scalar(), At(vNode), "deadline");
                    if (!(deadline > 0)) throw new InputError(At(vNode), "deadline must be positive");
                    break;
                case "seed":
                    if (!ulong.TryParse(Scalar(), NumberStyles.Integer, CultureInfo.InvariantCulture, out seed)) throw new InputError(At(vNode), "seed must be a non-negative whole number");
                    break;
                case "metric": metric = Scalar(); metricAt = vNode; break;
                case "view": view = Scalar(); metricAt ??= vNode; break;
                default:
                    throw new InputError(At(kNode), $"unknown grid field '{key}'", "expected parameters, runs_per_cell, deadline, seed, metric, view");
            }
        }
        if (parameters.Count == 0) throw new InputError(SourceLocation.Of(path), "no parameters", "expected parameters: {key: [values...]}");
        if (!MetricChoice.TryParse(metric, view, out var choice, out var why)) throw new InputError(metricAt is null ? SourceLocation.Of(path) : At(metricAt), why);
        return new SweepGrid(parameters, runs, deadline, seed, choice);
    }
}
