using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Measurement;

namespace XenSwitchSim.Cli.Output;

/// <summary>simulate's outputs: the contract's JSON, the study-style tables, the samples CSV.</summary>
public static class SimulateOutput
{
    public static void WriteHeader(Utf8JsonWriter w, ResolvedScenario s, ulong seed, int runs)
    {
        w.WriteString("model", s.Model.Name);
        w.WriteString("model_sha256", s.Model.Sha256);
        w.WriteNumber("seed", seed);
        w.WriteNumber("runs", runs);
        w.WriteStartObject("parameters");
        foreach (var (k, v) in s.Parameters.ToDictionary()) w.WriteString(k, v);
        w.WriteEndObject();
    }

    public static void WriteOperations(Utf8JsonWriter w, IReadOnlyList<OperationStats> ops)
    {
        foreach (var op in ops)
        {
            w.WriteStartObject(op.Name);
            if (op.Infeasible is not null)
            {
                w.WriteString("infeasible", op.Infeasible);
                w.WriteEndObject();
                continue;
            }
            WriteStats(w, "observed", op.Observed);
            WriteStats(w, "true", op.True);
            if (op.PhaseMeans.Count > 0)
            {
                w.WriteStartObject("observed_phases_mean_us");
                foreach (var (phase, mean) in op.PhaseMeans) w.Number(phase, mean, 3);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
    }

    private static void WriteStats(Utf8JsonWriter w, string name, SummaryStats? s)
    {
        w.WritePropertyName(name);
        if (s is null) w.WriteNullValue();
        else StatisticsJson.Write(w, s);
    }

    public static void WriteJson(TextWriter o, ResolvedScenario s, ulong seed, int runs, IReadOnlyList<OperationStats> ops) =>
        JsonOutput.Write(o, w =>
        {
            w.WriteStartObject();
            WriteHeader(w, s, seed, runs);
            WriteOperations(w, ops);
            w.WriteEndObject();
        });

    public static void WriteTables(IAnsiConsole console, ResolvedScenario s, ulong seed, int runs, IReadOnlyList<OperationStats> ops)
    {
        var changed = s.Parameters.ToDictionary()
            .Where(kv => Models.Parameters.ScenarioParameters.Defaults.ToDictionary()[kv.Key] != kv.Value)
            .Select(kv => $"{kv.Key}={kv.Value}");
        var border = Common.Terminal.Border(console);
        console.MarkupLine($"[bold]model[/] {Markup.Escape(s.Model.Name)} (sha256 {s.Model.Sha256[..12]}...)  [bold]seed[/] {seed}  [bold]runs[/] {runs}");
        console.MarkupLine($"[bold]parameters[/] {Markup.Escape(string.Join(" ", changed.DefaultIfEmpty("(contract defaults)")))}");
        var t = new Table().Border(border)
            .Title("times in ms; observed = as the study's probes saw them, true = decision to effect; ± = 95% CI half-width of the mean");
        foreach (var c in new[] { "operation", "view", "n", "mean", "±", "var ms²", "min", "p50", "p99", "p99.9", "max" })
            t.AddColumn(new TableColumn(c) { Alignment = c is "operation" or "view" ? Justify.Left : Justify.Right });
        foreach (var op in ops)
        {
            if (op.Infeasible is not null)
            {
                t.AddRow(op.Name, "infeasible", Markup.Escape(op.Infeasible), "", "", "", "", "", "", "", "");
                continue;
            }
            AddRow(t, op.Name, "observed", op.Observed);
            AddRow(t, "", "true", op.True);
        }
        console.Write(t);
        var p = new Table().Border(border).Title("observed phase means, ms (the study's Tables 6 and 7)");
        p.AddColumn("operation").AddColumn("phase").AddColumn(new TableColumn("mean") { Alignment = Justify.Right });
        foreach (var op in ops)
            foreach (var (phase, mean) in op.PhaseMeans)
                p.AddRow(op.Name, phase, Ms(mean));
        console.Write(p);
    }

    private static void AddRow(Table t, string op, string view, SummaryStats? s)
    {
        if (s is null)
        {
            t.AddRow(op, view, "0", "-", "-", "-", "-", "-", "-", "-", "-");
            return;
        }
        t.AddRow(op, view, s.N.ToString(CultureInfo.InvariantCulture), Ms(s.MeanUs), Ms((s.MeanCi95Us.Upper - s.MeanCi95Us.Lower) / 2),
            Ms2(s.SampleVarianceUs2), Ms(s.MinUs), Ms(s.P50Us), Ms(s.P99Us), Ms(s.P999Us), Ms(s.MaxUs));
    }

    private static string Ms(double us) => double.IsFinite(us) ? (us / 1000).ToString("F3", CultureInfo.InvariantCulture) : "-";
    private static string Ms2(double us2) => double.IsFinite(us2) ? (us2 / 1e6).ToString("F3", CultureInfo.InvariantCulture) : "-";

    public static readonly string[] CsvColumns =
    [
        "run", "pause_observed_us", "pause_true_us", "unpause_observed_us", "unpause_true_us", "switch_observed_us", "switch_true_us",
        "pause_xl_to_domu_last_sample_us", "pause_domu_last_sample_to_xen_us", "pause_xen_to_vcpu_paused_us",
        "unpause_xl_to_xen_us", "unpause_xen_to_vcpu_running_us", "unpause_vcpu_running_to_domu_sample_us",
    ];

    public static void WriteSamplesCsv(TextWriter o, OperationTimes[] r)
    {
        o.WriteLine(string.Join(',', CsvColumns));
        static string F(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";
        for (var i = 0; i < r.Length; i++)
        {
            var t = r[i];
            o.WriteLine(string.Join(',', i.ToString(CultureInfo.InvariantCulture),
                F(t.PauseObservedUs), F(t.PauseTrueUs), F(t.UnpauseObservedUs), F(t.UnpauseTrueUs), F(t.SwitchObservedUs), F(t.SwitchTrueUs),
                F(t.PauseXlToDomULastSampleUs), F(t.PauseDomULastSampleToXenUs), F(t.PauseXenToVcpuPausedUs),
                F(t.UnpauseXlToXenUs), F(t.UnpauseXenToVcpuRunningUs), F(t.UnpauseVcpuRunningToDomUSampleUs)));
        }
    }
}
