using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Experiments;

namespace XenSwitchSim.Cli.Commands;

/// <summary>
/// <c>sweep</c>: a full factorial over a grid, one CSV row per cell (infeasible cells marked with the reason), the
/// worst cells ranked, main effects and two-way interactions; <c>--shard k/N</c> writes a part, <c>sweep merge</c>
/// joins parts into the file the unsharded run writes, byte for byte; <c>sweep effects</c> analyses a sweep's CSV.
/// </summary>
public static class SweepCommand
{
    public static readonly string[] Outputs = ["status", "reason", "mean_us", "p99_us", "p999_us", "miss_prob", "miss_lower", "miss_upper", "n", "sd_us"];
    public const string PartMarker = "# xenswitchsim sweep part ";

    public static Command Create()
    {
        var common = new CommonOptions();
        var grid = new Option<FileInfo?>("--grid") { Description = "Grid YAML: parameters: {key: [values...]}, runs_per_cell, deadline, seed, metric, view (default: the study's 11 parameters at two levels x switch.mechanism)." };
        var shard = new Option<string?>("--shard") { Description = "k/N: run the k-th of N contiguous parts of the cells (for a job array); join them with sweep merge." };
        var output = new Option<FileInfo?>("--out") { Description = "CSV file to write (default: the CSV goes to stdout and the summary to stderr)." };
        var top = new Option<int>("--top") { Description = "Worst cells to list (default 10).", DefaultValueFactory = _ => 10 };
        var reports = new ReportOptions();
        var cmd = new Command("sweep", "Full factorial sweep: per cell mean, p99, p99.9 and miss probability with its interval; worst cells; main effects and two-way interactions.");
        common.AddTo(cmd);
        foreach (var o in new Option[] { grid, shard, output, top }) cmd.Options.Add(o);
        reports.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var g = pr.GetValue(grid) is { } gf ? SweepGrid.Load(gf.FullName) : SweepGrid.Default();
            var model = EmbeddedModels.Load(pr.GetValue(common.Model));
            var scenarioFile = pr.GetValue(common.Scenario);
            var scenario = scenarioFile is null ? null : ScenarioFile.Load(scenarioFile.FullName);
            var baseSets = (pr.GetValue(common.Set) ?? []).Select(SetArgument.Parse).ToList();
            if (pr.GetValue(common.Runs) is int r) g = g with { RunsPerCell = r };
            if (pr.GetValue(common.Seed) is ulong sd) g = g with { Seed = sd };
            var (k, n) = ParseShard(pr.GetValue(shard));
            var (first, end) = g.Shard(k, n);
            bool json = pr.GetValue(common.Json), quiet = pr.GetValue(common.Quiet);
            var outFile = pr.GetValue(output);
            if (json && outFile is null) throw new InputError(SourceLocation.Of("--json"), "sweep --json prints the summary; give --out FILE.csv for the cells");
            if (outFile is not null) AtomicFile.CheckWritable(outFile.FullName, "--out");
            if (n > 1 && (pr.GetValue(reports.Report) is not null || pr.GetValue(reports.Png) is not null))
                throw new InputError(SourceLocation.Of("--report"), "a part of a sharded sweep has no effects to draw",
                    "merge the parts (sweep merge PARTS... --out FILE.csv), then: sweep effects FILE.csv --report FILE.html");
            var request = reports.Prepare(pr);

            var rows = ProgressReporter.Run($"cells {first}..{end - 1} of {g.Cells}", (int)(end - first), quiet || json, progress =>
            {
                var list = new List<string[]>();
                for (long c = first; c < end; c++)
                {
                    list.Add(Cell(g, model, scenario, baseSets, c, pr.GetValue(common.Threads)));
                    progress?.Report((int)(c - first + 1));
                }
                return list;
            });
            var header = Header(g);
            void WriteCsv(TextWriter w)
            {
                if (n > 1) w.WriteLine($"{PartMarker}{k}/{n} cells {first}-{end - 1} of {g.Cells} grid {g.Fingerprint(model.Sha256)}");
                w.WriteLine(SweepCsv.Line(header));
                foreach (var row in rows) w.WriteLine(SweepCsv.Line(row));
            }
            TextWriter summaryTo;
            if (outFile is not null)
            {
                AtomicFile.Write(outFile.FullName, WriteCsv);
                summaryTo = TailOutput.Out(pr);
            }
            else
            {
                WriteCsv(TailOutput.Out(pr));
                summaryTo = TailOutput.Err(pr);
            }
            var table = Table.From(header, rows);
            if (request.Wanted)
            {
                var doc = Reports.SweepReport.Build(
                    $"xenswitchsim sweep: {model.Name}, {g.Parameters.Count} parameters, {rows.Count} cells",
                    ReportHeaderOf(g, model, scenario, baseSets, request.CommandLine), table, "mean_us", false, pr.GetValue(top));
                request.Write(doc, quiet ? null : TailOutput.Err(pr));
            }
            if (outFile is null && quiet) return ExitCodes.Success;
            if (json)
            {
                JsonOutput.Write(summaryTo, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("out", outFile!.FullName);
                    w.WriteNumber("cells", rows.Count);
                    w.WriteNumber("ok", table.Ok.Count);
                    w.WriteNumber("infeasible", rows.Count - table.Ok.Count);
                    w.WriteString("model_sha256", model.Sha256);
                    w.WriteStartArray("worst");
                    foreach (var row in table.Worst(pr.GetValue(top)))
                    {
                        w.WriteStartObject();
                        for (int i = 0; i < header.Length; i++) w.WriteString(header[i], row[i]);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WritePropertyName("effects");
                    StatisticsJson.Write(w, table.Effects("mean_us", false));
                    w.WriteEndObject();
                });
            }
            else
            {
                var con = TailOutput.Console(summaryTo);
                DeadlineCommand.Say(con, $"{rows.Count} cells ({table.Ok.Count} ok, {rows.Count - table.Ok.Count} infeasible), {g.RunsPerCell} runs each, seed {g.Seed}, {g.Metric}, deadline {TailOutput.Ms(g.DeadlineUs)} ms; model {model.Name} (sha256 {model.Sha256[..12]}...)");
                table.WriteWorst(con, pr.GetValue(top));
                if (n == 1) table.WriteEffects(con, "mean_us", false);
                else DeadlineCommand.Say(con, "effects: run `sweep effects` on the merged file");
            }
            return ExitCodes.Success;
        });
        cmd.Subcommands.Add(CreateMerge());
        cmd.Subcommands.Add(CreateEffects());
        return cmd;
    }

    /// <summary>The title block of a sweep's report: the grid's levels, and the other parameters at the base scenario's values.</summary>
    private static Reports.ReportHeader ReportHeaderOf(SweepGrid g, ModelDefinition model, ScenarioDefinition? scenario, IReadOnlyList<ParameterAssignment> baseSets, string commandLine)
    {
        var values = ScenarioResolver.Resolve(model, scenario, baseSets).Parameters.ToDictionary();
        var defaults = model.DefaultParameters.ToDictionary();
        var varied = g.Parameters.ToDictionary(p => p.Key, p => "varied: " + string.Join(", ", p.Values));
        return new Reports.ReportHeader
        {
            Command = "sweep",
            Model = $"{model.Name} ({model.SourceName})",
            ModelSha256 = model.Sha256,
            Seed = g.Seed,
            Parameters = values.Select(kv => new KeyValuePair<string, string>(kv.Key, varied.TryGetValue(kv.Key, out var v) ? v : kv.Value)).ToList(),
            Changed = values.Where(kv => varied.ContainsKey(kv.Key) || defaults[kv.Key] != kv.Value).Select(kv => kv.Key).ToHashSet(),
            Extra =
            [
                new("runs per cell", $"{g.RunsPerCell}, the same seed in every cell (common random numbers)"),
                new("metric", g.Metric.ToString()),
                new("deadline", TailOutput.Dur(g.DeadlineUs)),
                new("cells", $"{g.Cells} ({string.Join(" x ", g.Parameters.Select(p => p.Values.Count))})"),
                new("response", "mean_us (sweep effects FILE.csv --response ... --report for another)"),
            ],
            CommandLine = commandLine,
        };
    }

    public static string[] Header(SweepGrid g) => ["cell", .. g.Parameters.Select(p => p.Key), .. Outputs];

    private static (int, int) ParseShard(string? text)
    {
        if (text is null) return (1, 1);
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var k) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var n) && n >= 1 && k >= 1 && k <= n)
            return (k, n);
        throw new InputError(SourceLocation.Of("--shard"), $"cannot read '{text}'", "expected k/N with 1 <= k <= N, e.g. 3/16 (Slurm: $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)");
    }

    private static string F(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>One cell: resolve, check feasibility, run, summarise. Depends only on the grid, model, base scenario and the cell index.</summary>
    public static string[] Cell(SweepGrid g, ModelDefinition model, ScenarioDefinition? scenario, IReadOnlyList<ParameterAssignment> baseSets, long cell, int threads)
    {
        var levels = g.Levels(cell);
        var row = new List<string> { cell.ToString(CultureInfo.InvariantCulture) };
        row.AddRange(levels);
        string? reason = null;
        ResolvedScenario? s = null;
        try
        {
            var sets = baseSets.Concat(g.Parameters.Select((p, i) => ParameterParser.Parse(p.Key, levels[i], SourceLocation.Of("grid")))).ToList();
            s = ResolvedScenario.From(model, ScenarioResolver.Resolve(model, scenario, sets).Parameters);
            reason = g.Metric.Infeasible(s);
        }
        catch (InputError e)
        {
            reason = e.Problem;
        }
        if (reason is not null)
        {
            row.AddRange(["infeasible", reason, "", "", "", "", "", "", "", ""]);
            return [.. row];
        }
        var results = s!.Run(g.RunsPerCell, g.Seed, threads, options: g.Metric.Options());
        var x = g.Metric.Times(results, out _);
        var st = SummaryStats.Compute(x);
        int k = x.Count(v => v > g.DeadlineUs);
        var ci = BinomialInterval.ClopperPearson(k, x.Length);
        row.AddRange(["ok", "", F(st.MeanUs), F(st.P99Us), F(st.P999Us), F((double)k / x.Length), F(ci.Lower), F(ci.Upper),
            x.Length.ToString(CultureInfo.InvariantCulture), F(st.SdUs)]);
        return [.. row];
    }

    private static Command CreateMerge()
    {
        var parts = new Argument<FileInfo[]>("parts") { Description = "The shard files (any order).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--out") { Description = "Merged CSV, byte-identical to the unsharded sweep's.", Required = true };
        var cmd = new Command("merge", "Join the parts of a sharded sweep into the file the unsharded sweep writes.") { parts, output };
        cmd.SetAction(pr =>
        {
            var files = pr.GetValue(parts)!;
            var loaded = new List<(int K, int N, string Grid, string Header, List<string> Rows, string Path)>();
            foreach (var f in files)
            {
                if (!f.Exists) throw new InputError(SourceLocation.Of(f.FullName), "no such file");
                var lines = File.ReadAllLines(f.FullName);
                if (lines.Length < 2 || !lines[0].StartsWith(PartMarker, StringComparison.Ordinal))
                    throw new InputError(SourceLocation.At(f.FullName, 1, 1), "not a sweep part", $"expected a first line '{PartMarker}k/N ...' as sweep --shard writes");
                var words = lines[0][PartMarker.Length..].Split(' ');
                var kn = words[0].Split('/');
                loaded.Add((int.Parse(kn[0], CultureInfo.InvariantCulture), int.Parse(kn[1], CultureInfo.InvariantCulture), words[^1], lines[1], lines.Skip(2).Where(l => l.Length > 0).ToList(), f.FullName));
            }
            var n = loaded[0].N;
            foreach (var p in loaded)
            {
                if (p.N != n || p.Grid != loaded[0].Grid || p.Header != loaded[0].Header)
                    throw new InputError(SourceLocation.At(p.Path, 1, 1), "this part belongs to a different sweep (grid, model or shard count differ)", $"expected parts of {loaded[0].Path}'s sweep");
            }
            var dup = loaded.GroupBy(p => p.K).FirstOrDefault(x => x.Count() > 1);
            if (dup is not null) throw new InputError(SourceLocation.Of(dup.Last().Path), $"part {dup.Key}/{n} given twice");
            var missing = Enumerable.Range(1, n).Except(loaded.Select(p => p.K)).ToList();
            if (missing.Count > 0) throw new InputError(SourceLocation.Of("sweep merge"), $"missing part(s) {string.Join(", ", missing)} of {n}");
            AtomicFile.Write(pr.GetValue(output)!.FullName, w =>
            {
                w.WriteLine(loaded[0].Header);
                foreach (var p in loaded.OrderBy(p => p.K))
                    foreach (var row in p.Rows) w.WriteLine(row);
            });
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Command CreateEffects()
    {
        var file = new Argument<FileInfo>("file") { Description = "A sweep's CSV (unsharded or merged)." };
        var response = new Option<string>("--response") { Description = "mean_us (default), p99_us, p999_us or miss_prob.", DefaultValueFactory = _ => "mean_us" };
        var log = new Option<bool>("--log") { Description = "Analyse the logarithm of a time (effects as ratios; multiplicative effects then do not show as interactions)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object and nothing else on stdout." };
        var top = new Option<int>("--top") { Description = "Worst cells to list (default 10).", DefaultValueFactory = _ => 10 };
        var quiet = new Option<bool>("--quiet") { Description = "No report line on stderr." };
        var reports = new ReportOptions();
        var cmd = new Command("effects", "Main effects and two-way interactions (which pairs of parameters interact) of a sweep's CSV.") { file, response, log, json, top, quiet };
        reports.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var f = pr.GetValue(file)!;
            var t = Table.Load(f.FullName);
            var resp = pr.GetValue(response)!;
            if (!new[] { "mean_us", "p99_us", "p999_us", "miss_prob" }.Contains(resp))
                throw new InputError(SourceLocation.Of("--response"), $"unknown response '{resp}'", "expected mean_us, p99_us, p999_us or miss_prob");
            if (pr.GetValue(log) && resp == "miss_prob") throw new InputError(SourceLocation.Of("--log"), "--log applies to times, not to miss_prob");
            var request = reports.Prepare(pr);
            if (pr.GetValue(json))
            {
                JsonOutput.Write(TailOutput.Out(pr), w => StatisticsJson.Write(w, t.Effects(resp, pr.GetValue(log))));
            }
            else
            {
                var c = TailOutput.Console(TailOutput.Out(pr));
                t.WriteWorst(c, pr.GetValue(top));
                t.WriteEffects(c, resp, pr.GetValue(log));
            }
            if (request.Wanted)
            {
                var header = new Reports.ReportHeader
                {
                    Command = "sweep effects",
                    Model = "not recorded in a sweep's CSV (the sweep's own report names it)",
                    Extra =
                    [
                        new("sweep", f.FullName),
                        new("sweep sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f.FullName)))),
                        new("response", pr.GetValue(log) ? $"ln({resp})" : resp),
                        new("cells", $"{t.Rows.Count} ({t.Ok.Count} ran)"),
                    ],
                    CommandLine = request.CommandLine,
                };
                var doc = Reports.SweepReport.Build($"xenswitchsim sweep effects: {f.Name}, {(pr.GetValue(log) ? $"ln({resp})" : resp)}", header, t, resp, pr.GetValue(log), pr.GetValue(top));
                request.Write(doc, pr.GetValue(quiet) ? null : TailOutput.Err(pr));
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>A sweep's rows with its header: ranking and effects.</summary>
    public sealed class Table(string[] header, List<string[]> rows)
    {
        public string[] Header { get; } = header;
        public List<string[]> Rows { get; } = rows;
        private int Col(string name) => Array.IndexOf(Header, name);
        public List<string[]> Ok => Rows.Where(r => r[Col("status")] == "ok").ToList();
        public string[] Factors => Header[1..Col("status")];

        public static Table From(string[] header, List<string[]> rows) => new(header, rows);

        public static Table Load(string path)
        {
            if (!File.Exists(path)) throw new InputError(SourceLocation.Of(path), "no such file");
            var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
            if (lines.Count > 0 && lines[0].StartsWith(PartMarker, StringComparison.Ordinal))
                throw new InputError(SourceLocation.At(path, 1, 1), "this is one part of a sharded sweep", "merge the parts first: sweep merge PARTS... --out FILE.csv");
            if (lines.Count < 2) throw new InputError(SourceLocation.Of(path), "no cells", "expected a sweep's CSV: a header and one row per cell");
            var header = SweepCsv.Split(lines[0]);
            foreach (var need in new[] { "cell", "status", "mean_us", "miss_prob" })
                if (!header.Contains(need)) throw new InputError(SourceLocation.At(path, 1, 1), $"no column '{need}': not a sweep CSV", "columns: " + string.Join(", ", header));
            var rows = new List<string[]>();
            for (int i = 1; i < lines.Count; i++)
            {
                var r = SweepCsv.Split(lines[i]);
                if (r.Length != header.Length) throw new InputError(SourceLocation.At(path, i + 1, 1), $"{r.Length} fields where the header has {header.Length}");
                rows.Add(r);
            }
            return new Table(header, rows);
        }

        private static double D(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);

        public IEnumerable<string[]> Worst(int top) =>
            Ok.OrderByDescending(r => D(r[Col("miss_prob")])).ThenByDescending(r => D(r[Col("p99_us")])).Take(top);

        public EffectsReport Effects(string response, bool log)
        {
            var factors = Factors;
            var ok = Ok;
            var varying = Enumerable.Range(0, factors.Length).Where(i => ok.Select(r => r[1 + i]).Distinct().Count() > 1).ToArray();
            var cells = ok.Select(r =>
            {
                double y = D(r[Col(response)]);
                double n = Col("n") >= 0 ? D(r[Col("n")]) : double.NaN;
                double v = response switch
                {
                    "mean_us" when Col("sd_us") >= 0 => Math.Pow(D(r[Col("sd_us")]), 2) / n,
                    "miss_prob" => Math.Max(y * (1 - y), 1 / (n * n)) / n,
                    _ => double.NaN,
                };
                if (log)
                {
                    v = v / (y * y);
                    y = Math.Log(y);
                }
                return new FactorialCell(varying.Select(i => r[1 + i]).ToList(), y, v);
            }).ToList();
            return FactorialEffects.Analyze(log ? $"ln({response})" : response, varying.Select(i => factors[i]).ToList(), cells);
        }

        public void WriteWorst(IAnsiConsole c, int top)
        {
            var factors = Factors;
            var first = factors.Select((_, i) => Rows.Count > 0 ? Rows[0][1 + i] : "").ToArray();
            var t = new Table2(c, "worst cells (by miss probability, then p99); parameters shown where they differ from the grid's first level");
            t.Columns("rank", "cell", "changes", "mean ms", "p99 ms", "p99.9 ms", "miss prob", "95% interval");
            int rank = 0;
            foreach (var r in Worst(top))
            {
                var changes = string.Join(" ", factors.Select((f, i) => (f, v: r[1 + i], i)).Where(x => x.v != first[x.i]).Select(x => $"{x.f}={x.v}"));
                t.Row((++rank).ToString(CultureInfo.InvariantCulture), r[0], changes.Length == 0 ? "(first levels)" : changes,
                    TailOutput.Ms(D(r[Col("mean_us")])), TailOutput.Ms(D(r[Col("p99_us")])), TailOutput.Ms(D(r[Col("p999_us")])),
                    TailOutput.P(D(r[Col("miss_prob")])), $"[{TailOutput.P(D(r[Col("miss_lower")]))}, {TailOutput.P(D(r[Col("miss_upper")]))}]");
            }
            c.Write(t.T);
            var inf = Rows.Where(r => r[Col("status")] != "ok").GroupBy(r => r[Col("reason")]).ToList();
            foreach (var g in inf) DeadlineCommand.Say(c, $"infeasible: {g.Count()} cells: {g.Key}");
        }

        public void WriteEffects(IAnsiConsole c, string response, bool log)
        {
            var e = Effects(response, log);
            bool time = response != "miss_prob" && !log;
            string V(double x) => time ? TailOutput.Ms(x) : x.ToString("G4", CultureInfo.InvariantCulture);
            var m = new Table2(c, $"main effects on {e.Response}{(time ? " (ms)" : "")} over {e.Cells} cells that ran (effect = second level - first; spread of level means for more levels)");
            m.Columns("factor", "level means", "effect", "share of variance");
            foreach (var x in e.MainEffects)
                m.Row(x.Factor, string.Join("  ", x.LevelMeans.Select(kv => $"{kv.Key}: {V(kv.Value)}")), V(x.Effect), x.Share.ToString("P1", CultureInfo.InvariantCulture));
            c.Write(m.T);
            var i = new Table2(c, "two-way interactions (largest first): " + e.Rule);
            i.Columns("pair", "share of variance", "p (vs Monte Carlo noise)", "interacts");
            foreach (var x in e.Interactions.Take(15))
                i.Row($"{x.A} x {x.B}", x.Share.ToString("P2", CultureInfo.InvariantCulture), double.IsFinite(x.P) ? x.P.ToString("G3", CultureInfo.InvariantCulture) : "-", x.Interacts ? "yes" : "no");
            c.Write(i.T);
            var yes = e.Interactions.Where(x => x.Interacts).Select(x => $"{x.A} x {x.B}").ToList();
            DeadlineCommand.Say(c, yes.Count == 0 ? "no pair interacts by the rule" : $"{yes.Count} pairs interact: " + string.Join("; ", yes));
        }
    }

    private sealed class Table2(IAnsiConsole c, string title)
    {
        public Spectre.Console.Table T { get; } = new Spectre.Console.Table().Border(Terminal.Border(c)).Title(Markup.Escape(title));
        public void Columns(params string[] names) { foreach (var n in names) T.AddColumn(new TableColumn(Markup.Escape(n))); }
        public void Row(params string[] cells) => T.AddRow(cells.Select(x => (Spectre.Console.Rendering.IRenderable)new Text(x)).ToArray());
    }
}
