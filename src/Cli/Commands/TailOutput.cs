using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Cli.Output;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Units;

namespace XenSwitchSim.Cli.Commands;

/// <summary>What the deadline, tail, compare, sweep and advise commands share: options, writers, the tail report's outputs.</summary>
public static class TailOutput
{
    public static Option<string?> DeadlineOption(string description = "Deadline, with a unit: 50ms, 50000us, 0.05s (a bare number is us).") =>
        new("--deadline") { Description = description };

    public static Option<double?> MissProbOption(string description = "Target miss probability P in (0, 1), e.g. 1e-6: size the smallest deadline whose upper bound on P(miss) is <= P.")
    {
        var o = new Option<double?>("--miss-prob") { Description = description };
        o.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is double p && !(p > 0 && p < 1)) r.AddError("--miss-prob must be in (0, 1), e.g. 1e-6");
        });
        return o;
    }

    /// <summary>A duration option's value in us (unit grammar of contracts.md section 1), null when absent.</summary>
    public static double? Duration(ParseResult pr, Option<string?> option)
    {
        var text = pr.GetValue(option);
        if (text is null) return null;
        var us = QuantityParser.ParseDurationUs(text, SourceLocation.Of(option.Name), option.Name);
        if (!(us > 0)) throw new InputError(SourceLocation.Of(option.Name), $"{option.Name} must be positive", "expected e.g. 50ms");
        return us;
    }

    public static TextWriter Out(ParseResult pr) => pr.InvocationConfiguration?.Output ?? System.Console.Out;

    public static TextWriter Err(ParseResult pr) => pr.InvocationConfiguration?.Error ?? System.Console.Error;

    /// <summary>A Spectre console on the command's output: plain and 132 wide when it is not the terminal.</summary>
    public static IAnsiConsole Console(TextWriter w)
    {
        return Common.Terminal.For(w);
    }

    /// <summary>The report as a JSON object (contract shape), to which a command appends its additions.</summary>
    public static JsonObject ToJson(TailReport report) =>
        (JsonObject)JsonSerializer.SerializeToNode(report, StatisticsJson.Options)!;

    public static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, StatisticsJson.Options);

    public static void Write(TextWriter o, JsonNode node) =>
        JsonOutput.Write(o, w => node.WriteTo(w));

    public static string Ms(double us) => double.IsFinite(us) ? (us / 1000).ToString("F3", CultureInfo.InvariantCulture) : "unbounded";

    public static string P(double p) => double.IsFinite(p) ? p.ToString(p == 0 ? "0" : p >= 1e-3 ? "0.######" : "0.00E+0", CultureInfo.InvariantCulture) : "-";

    /// <summary>A duration in a readable unit: ms below a second, s below 1000 s, else s in exponent form.</summary>
    public static string Dur(double us)
    {
        var ci = CultureInfo.InvariantCulture;
        if (!double.IsFinite(us)) return "unbounded";
        if (us < 1e6) return (us / 1000).ToString("0.###", ci) + " ms";
        if (us < 1e9) return (us / 1e6).ToString("0.###", ci) + " s";
        return (us / 1e6).ToString("0.##E+0", ci) + " s";
    }

    public static string Pass(bool pass) => pass ? "[green]pass[/]" : "[red]FAIL[/]";

    /// <summary>Readable tables: each figure with its interval and method; the diagnostics beside them, failures in red.</summary>
    public static void WriteTables(IAnsiConsole c, TailReport r, string? title, ParameterUncertaintyReport? pu = null, ExpectedMisses? em = null)
    {
        if (title is not null) c.MarkupLine(Markup.Escape(title));
        var d = r.Diagnostics;
        string fitFlag = d.TailFit.Pass && d.TailModes.Pass ? "" : "; [red]tail fit failed[/]";
        string iidFlag = d.Independence.Pass && d.IdenticalDistribution.Pass ? "" : "; [red]i.i.d. check failed[/]";
        var t = new Table().Border(Terminal.Border(c)).Title($"n = {r.N.ToString("N0", CultureInfo.InvariantCulture)} runs; 95% intervals{(pu is null ? "" : $", widened by parameter uncertainty ({pu.Blocks} blocks)")}");
        foreach (var col in new[] { "figure", "estimate", "95% interval", "method", "rests on" })
            t.AddColumn(new TableColumn(col) { Alignment = col is "estimate" or "95% interval" ? Justify.Right : Justify.Left });
        string Trust(string method) => method switch
        {
            TailMethod.EmpiricalClopperPearson => "counted runs" + iidFlag,
            TailMethod.GpdPotProfile => "tail model" + fitFlag + iidFlag,
            WeightedTail.Method => "weighted runs" + (d.TailFit.Pass ? "" : "; [red]weights check failed[/]") + iidFlag,
            _ => "[yellow]extrapolation[/]" + fitFlag + iidFlag,
        };
        void Row(string figure, string est, string lo, string hi, string method, string trust) =>
            t.AddRow(new Markup(Markup.Escape(figure)), new Markup(est), new Markup($"[[{lo}, {hi}]]"), new Markup(method), new Markup(trust));
        Row($"P(miss) at {Dur(r.DeadlineUs)}", P(r.MissProb.Estimate), P(r.MissProb.Lower), P(r.MissProb.Upper), r.MissProb.Method, Trust(r.MissProb.Method));
        if (r.SizedDeadline is { } s)
            Row("sized deadline (= upper end)", Dur(s.Estimate), Dur(s.Lower), $"[bold]{Dur(s.Upper)}[/]", s.Method, Trust(s.Method));
        foreach (var l in r.Levels)
            Row($"time exceeded w.p. {l.Exceedance.ToString("0E+0", CultureInfo.InvariantCulture)}", Dur(l.TimeUs), Dur(l.LowerUs), Dur(l.UpperUs), l.Method, Trust(l.Method));
        if (em is not null)
        {
            Row($"misses/hour at {em.FailureRatePerHour.ToString("G4", CultureInfo.InvariantCulture)} failures/h", P(em.PerHour.Estimate), P(em.PerHour.Lower), P(em.PerHour.Upper), "rate x P(miss)", "");
            Row("misses/year", P(em.PerYear.Estimate), P(em.PerYear.Lower), P(em.PerYear.Upper), "rate x 8766 h x P(miss)", "");
        }
        c.Write(t);
        if (r.Levels.Any(l => l.TimeUs > Simulator.Experiments.MetricChoice.CapUs) || r.SizedDeadline?.Value > Simulator.Experiments.MetricChoice.CapUs)
            c.MarkupLine(Markup.Escape($"note: figures beyond {Dur(Simulator.Experiments.MetricChoice.CapUs)} lie past the simulator's cap (an operation unfinished after it is recorded at it): they are the tail model's extrapolation, not the platform's behaviour."));

        var g = new Table().Border(Terminal.Border(c)).Title("diagnostics (a failure weakens the figures that rely on it)");
        g.AddColumn("check").AddColumn("test").AddColumn(new TableColumn("p") { Alignment = Justify.Right }).AddColumn("verdict").AddColumn("detail");
        string Pv(double p) => double.IsFinite(p) ? p.ToString("G3", CultureInfo.InvariantCulture) : "-";
        g.AddRow(new Markup("independence"), new Markup(Markup.Escape(d.Independence.Test)), new Markup(Pv(d.Independence.P)), new Markup(Pass(d.Independence.Pass)), new Markup(""));
        g.AddRow(new Markup("identical distribution"), new Markup(Markup.Escape(d.IdenticalDistribution.Test)), new Markup(Pv(d.IdenticalDistribution.P)), new Markup(Pass(d.IdenticalDistribution.Pass)), new Markup(""));
        var f = d.TailFit;
        var fitDetail = double.IsFinite(f.ThresholdUs)
            ? string.Create(CultureInfo.InvariantCulture, $"threshold {Dur(f.ThresholdUs)}, {f.NExceed} exceedances, xi {f.Xi:G3}, sigma {Dur(f.SigmaUs)}; {f.Note}")
            : f.Note;
        g.AddRow(new Markup("tail fit"), new Markup(Markup.Escape(f.Test)), new Markup(Pv(f.P)), new Markup(Pass(f.Pass)), new Markup(Markup.Escape(fitDetail)));
        g.AddRow(new Markup("tail modes"), new Markup(Markup.Escape(d.TailModes.Test)), new Markup(Pv(d.TailModes.P)), new Markup(Pass(d.TailModes.Pass)), new Markup(Markup.Escape(d.TailModes.Note)));
        c.Write(g);
        if (f.Sensitivity.Count > 0)
        {
            c.MarkupLine("threshold sensitivity (miss probability at the deadline under neighbouring thresholds): " + Markup.Escape(string.Join("; ",
                f.Sensitivity.Select(x => string.Create(CultureInfo.InvariantCulture, $"u={Dur(x.ThresholdUs)} (k={x.NExceed}, xi={x.Xi:G3}): {P(x.MissProb)}")))));
        }
        if (pu is not null)
        {
            c.MarkupLine(Markup.Escape($"parameter uncertainty: {pu.Blocks} blocks of {pu.RunsPerBlock} runs; {pu.Mechanisms.Count} mechanisms drawn per block; {pu.Rule}"));
            foreach (var sp in pu.Spread)
                c.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"  {sp.Figure}: between-block sd {sp.BetweenSd:G3}, Monte Carlo sd {sp.MonteCarloSd:G3}, parameter sd {sp.ParameterSd:G3} (blocks used {sp.BlocksUsed})")));
        }
    }
}
