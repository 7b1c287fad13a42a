using System.Globalization;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Models.Units;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace XenSwitchSim.Calibration.Measurements;

/// <summary>
/// Reads a measurement set directory strictly: every problem is an <see cref="InputError"/> naming
/// the file, line and column (meta.yaml) or line and column name (runs.csv) and what was expected.
/// </summary>
public static class MeasurementSetReader
{
    public const string MetaFile = "meta.yaml";
    public const string RunsFile = "runs.csv";
    public const string RawDir = "raw";

    private static readonly string[] RequiredMeta =
        ["format", "host", "xen_version", "scheduler", "pcpus", "counter_hz", "mechanism", "tool_version", "date", "parameters"];

    private static readonly string[] KnownMeta =
        [.. RequiredMeta, "name", "source", "arch", "domain", "standby", "model", "model_sha256", "seed", "alignment", "notes"];

    public static MeasurementSet Read(string directory)
    {
        var dir = Path.GetFullPath(directory);
        if (!Directory.Exists(dir))
        {
            throw new InputError(SourceLocation.Of(directory), "no such measurement set directory",
                "expected a directory holding meta.yaml, runs.csv and raw/");
        }

        var metaPath = Path.Combine(dir, MetaFile);
        var runsPath = Path.Combine(dir, RunsFile);
        if (!File.Exists(metaPath))
        {
            throw new InputError(SourceLocation.Of(metaPath), "missing", "a measurement set has meta.yaml, runs.csv and raw/");
        }

        if (!File.Exists(runsPath))
        {
            throw new InputError(SourceLocation.Of(runsPath), "missing", "a measurement set has meta.yaml, runs.csv and raw/");
        }

        var meta = ReadMeta(File.ReadAllText(metaPath), metaPath, Path.GetFileName(dir.TrimEnd(Path.DirectorySeparatorChar)));
        var runs = ReadRuns(File.ReadAllText(runsPath), runsPath);
        if (runs.Count == 0)
        {
            throw new InputError(SourceLocation.Of(runsPath), "has a header but no runs", "expected one row per timed operation");
        }

        var rawDir = Path.Combine(dir, RawDir);
        var raw = Directory.Exists(rawDir)
            ? Directory.EnumerateFiles(rawDir, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList()
            : [];
        return new MeasurementSet { Meta = meta, Runs = runs, Location = dir, RawFiles = raw };
    }

    // ---------------- meta.yaml ----------------

    public static MeasurementMeta ReadMeta(string text, string path, string defaultName)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1)
            {
                throw new InputError(SourceLocation.Of(path), $"has {stream.Documents.Count} YAML documents", "expected exactly one mapping");
            }

            root = stream.Documents[0].RootNode as YamlMappingNode
                ?? throw new InputError(At(path, stream.Documents[0].RootNode), "is not a mapping", "expected key: value lines");
        }
        catch (YamlException e)
        {
            throw new InputError(SourceLocation.At(path, e.Start.Line, e.Start.Column), $"not valid YAML: {e.Message}");
        }

        var fields = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (k, v) in root.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? throw new InputError(At(path, k), "a key is not a plain name");
            if (!KnownMeta.Contains(key))
            {
                throw new InputError(At(path, k), $"unknown field '{key}'",
                    ClosestMatch.Suggestion(key, KnownMeta));
            }

            if (!fields.TryAdd(key, (k, v)))
            {
                throw new InputError(At(path, k), $"field '{key}' appears twice");
            }
        }

        foreach (var req in RequiredMeta)
        {
            if (!fields.ContainsKey(req))
            {
                throw new InputError(SourceLocation.Of(path), $"missing field '{req}'",
                    "meta.yaml needs: " + string.Join(", ", RequiredMeta));
            }
        }

        string Str(string key) => Scalar(path, fields[key].Value, key);
        string? Opt(string key) => fields.ContainsKey(key) ? Str(key) : null;

        var format = Str("format");
        if (format != MeasurementMeta.FormatTag)
        {
            throw new InputError(At(path, fields["format"].Value), $"format '{format}' is not supported", $"expected {MeasurementMeta.FormatTag}");
        }

        var pcpusNode = fields["pcpus"].Value;
        if (!int.TryParse(Str("pcpus"), NumberStyles.None, CultureInfo.InvariantCulture, out var pcpus) || pcpus is < 1 or > 4096)
        {
            throw new InputError(At(path, pcpusNode), $"pcpus '{Str("pcpus")}' is not a CPU count", "expected an integer 1..4096");
        }

        var hzNode = fields["counter_hz"].Value;
        var hzText = Str("counter_hz");
        double hz;
        if (double.TryParse(hzText, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            hz = bare;
        }
        else if (!QuantityParser.TryParse(hzText, Unit.Hertz, out hz, out var why))
        {
            throw new InputError(At(path, hzNode), $"counter_hz '{hzText}': {why}", "expected a frequency such as 54000000 or 54MHz");
        }

        if (!(hz >= 1000) || !double.IsFinite(hz))
        {
            throw new InputError(At(path, hzNode), $"counter_hz {hzText} is not a counter frequency", "expected at least 1 kHz (54MHz on a Pi 4)");
        }

        var dateNode = fields["date"].Value;
        var date = Str("date");
        if (!DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            throw new InputError(At(path, dateNode), $"date '{date}' is not a date", "expected ISO 8601, e.g. 2026-11-26 or 2026-11-26T12:00:00Z");
        }

        // Parameters: section 1 keys, validated as in a scenario file.
        if (fields["parameters"].Value is not YamlMappingNode pmap)
        {
            throw new InputError(At(path, fields["parameters"].Value), "parameters is not a mapping", "expected key: value lines of contracts.md section 1");
        }

        var assignments = new List<ParameterAssignment>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (k, v) in pmap.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? throw new InputError(At(path, k), "a parameter key is not a plain name");
            if (!seen.Add(key))
            {
                throw new InputError(At(path, k), $"parameter '{key}' appears twice");
            }

            assignments.Add(ParameterParser.Parse(key, Scalar(path, v, key), At(path, k), At(path, v)));
        }

        var parameters = ScenarioParameters.Defaults.With(assignments);

        var scheduler = Str("scheduler");
        if (!Keywords.XenScheduler.TryParse(scheduler, out var sched))
        {
            throw new InputError(At(path, fields["scheduler"].Value), $"scheduler '{scheduler}' is unknown", "expected credit2, null or credit");
        }

        if (seen.Contains("xen.scheduler") && sched != parameters.XenScheduler)
        {
            throw new InputError(At(path, fields["scheduler"].Value),
                $"scheduler '{scheduler}' contradicts parameters xen.scheduler = {parameters.XenScheduler.ToKeyword()}");
        }

        if (!seen.Contains("xen.scheduler"))
        {
            assignments.Add(ParameterParser.Parse("xen.scheduler", scheduler, At(path, fields["scheduler"].Value)));
        }

        var mechanism = Str("mechanism");
        if (!Keywords.SwitchMechanism.TryParse(mechanism, out var mech))
        {
            throw new InputError(At(path, fields["mechanism"].Value), $"mechanism '{mechanism}' is unknown", "expected xl, resident or kernel-module");
        }

        if (seen.Contains("switch.mechanism") && mech != parameters.SwitchMechanism)
        {
            throw new InputError(At(path, fields["mechanism"].Value),
                $"mechanism '{mechanism}' contradicts parameters switch.mechanism = {parameters.SwitchMechanism.ToKeyword()}");
        }

        if (!seen.Contains("switch.mechanism"))
        {
            assignments.Add(ParameterParser.Parse("switch.mechanism", mechanism, At(path, fields["mechanism"].Value)));
        }

        var alignment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.TryGetValue("alignment", out var al))
        {
            if (al.Value is not YamlMappingNode amap)
            {
                throw new InputError(At(path, al.Value), "alignment is not a mapping", "expected key: value lines");
            }

            foreach (var (k, v) in amap.Children)
            {
                var key = (k as YamlScalarNode)?.Value ?? throw new InputError(At(path, k), "an alignment key is not a plain name");
                alignment[key] = Scalar(path, v, key);
            }
        }

        ulong? seed = null;
        if (Opt("seed") is { } seedText)
        {
            if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            {
                throw new InputError(At(path, fields["seed"].Value), $"seed '{seedText}' is not an unsigned integer");
            }

            seed = s;
        }

        var source = Opt("source") ?? MeasurementMeta.SourceHwRecord;
        if (source is not (MeasurementMeta.SourceHwRecord or MeasurementMeta.SourceSimulate or MeasurementMeta.SourceStudy))
        {
            throw new InputError(At(path, fields["source"].Value), $"source '{source}' is unknown", "expected hw-record, simulate or study");
        }

        var arch = Opt("arch");
        if (arch is not (null or "arm64" or "x86_64"))
        {
            throw new InputError(At(path, fields["arch"].Value), $"arch '{arch}' is unknown", "expected arm64 or x86_64");
        }

        return new MeasurementMeta
        {
            Name = Opt("name") ?? defaultName,
            Source = source,
            Host = Str("host"),
            XenVersion = Str("xen_version"),
            Scheduler = sched.ToKeyword(),
            Pcpus = pcpus,
            Arch = arch,
            CounterHz = hz,
            Mechanism = mech.ToKeyword(),
            ToolVersion = Str("tool_version"),
            Date = date,
            Assignments = assignments,
            Domain = Opt("domain"),
            Standby = Opt("standby"),
            Model = Opt("model"),
            ModelSha256 = Opt("model_sha256"),
            Seed = seed,
            Alignment = alignment,
            Notes = Opt("notes"),
        };
    }

    private static SourceLocation At(string path, YamlNode node) => SourceLocation.At(path, node.Start.Line, node.Start.Column);

    private static string Scalar(string path, YamlNode node, string key) =>
        node is YamlScalarNode { Value: { } v }
            ? v
            : throw new InputError(At(path, node), $"'{key}' is not a single value", "expected a scalar");

    // ---------------- runs.csv ----------------

    public static List<MeasurementRun> ReadRuns(string text, string path)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var header = lines.Length > 0 ? lines[0].Trim() : "";
        var expected = string.Join(',', MeasurementRun.Columns);
        if (header != expected)
        {
            throw new InputError(SourceLocation.At(path, 1, 1), $"header \"{Cut(header)}\" is not the runs.csv header",
                $"expected exactly \"{expected}\"");
        }

        var runs = new List<MeasurementRun>();
        var keys = new HashSet<(int, MeasurementOp)>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var lineNo = i + 1;
            if (line.Length == 0 && i == lines.Length - 1)
            {
                break; // the final newline
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                throw new InputError(SourceLocation.At(path, lineNo, 1), "blank line", "expected one row per operation, no blank lines");
            }

            var cells = line.Split(',');
            if (cells.Length != MeasurementRun.Columns.Count)
            {
                throw new InputError(SourceLocation.At(path, lineNo, 1), $"{cells.Length} fields", $"expected {MeasurementRun.Columns.Count}: {expected}");
            }

            int col = 1;
            int Column(int index)
            {
                var c = 1;
                for (var j = 0; j < index; j++) c += cells[j].Length + 1;
                return c;
            }

            if (!int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var run))
            {
                throw new InputError(SourceLocation.At(path, lineNo, col), $"run '{Cut(cells[0])}' is not a run number", "expected a non-negative integer");
            }

            if (!MeasurementOps.TryParse(cells[1], out var op))
            {
                throw new InputError(SourceLocation.At(path, lineNo, Column(1)), $"op '{Cut(cells[1])}' is unknown", "expected pause, unpause or switch");
            }

            if (!keys.Add((run, op)))
            {
                throw new InputError(SourceLocation.At(path, lineNo, 1), $"run {run} {op.Name()} appears twice", "expected one row per run and operation");
            }

            var probes = new ulong?[6];
            for (var k = 0; k < 6; k++)
            {
                var cell = cells[k + 2];
                if (cell.Length == 0)
                {
                    continue;
                }

                if (!ulong.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                {
                    throw new InputError(SourceLocation.At(path, lineNo, Column(k + 2)),
                        $"{MeasurementRun.Columns[k + 2]} '{Cut(cell)}' is not a counter value",
                        "expected raw counter ticks (an unsigned integer) or nothing when the probe was off");
                }

                probes[k] = ticks;
            }

            var r = new MeasurementRun(run, op, probes[0], probes[1], probes[2], probes[3], probes[4], probes[5]);
            if (r.Dom0Stamp is null)
            {
                throw new InputError(SourceLocation.At(path, lineNo, Column(2)), "dom0_stamp is empty", "every operation starts at dom0's stamp");
            }

            // Pairs on Xen's own clock are ordered whatever the alignment of the guests' counters.
            if (r.XenOpStart is { } xs && r.VcpuOffline is { } vo && op == MeasurementOp.Pause && vo < xs)
            {
                throw new InputError(SourceLocation.At(path, lineNo, Column(5)), $"vcpu_offline {vo} is before xen_op_start {xs}", "Xen writes the offline record after it starts the pause");
            }

            if (r.XenOpStart is { } xs2 && r.VcpuRunning is { } vr && op != MeasurementOp.Pause && vr < xs2)
            {
                throw new InputError(SourceLocation.At(path, lineNo, Column(6)), $"vcpu_running {vr} is before xen_op_start {xs2}", "the vCPU runs after Xen starts the unpause");
            }

            runs.Add(r);
        }

        return runs;
    }

    private static string Cut(string s) => s.Length > 40 ? s[..40] + "..." : s;
}
