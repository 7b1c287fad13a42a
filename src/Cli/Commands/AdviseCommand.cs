using System.CommandLine;
using System.Globalization;
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
/// <c>advise</c>: which changes of the settings an integrator controls make the switch meet a deadline at a miss
/// probability under the scenario's loads. Options are tried by number of changes (0, 1, 2, ...), all with the same
/// seed (common random numbers); an option meets the target when the upper 95% bound on its miss probability at the
/// deadline (deadline command's rules) is at most P. The search stops after the first number of changes at which some
/// option meets it (or at --max-changes); --all searches every level up to --max-changes.
/// </summary>
public static class AdviseCommand
{
    public sealed record Knob(string Key, string[] Alternatives, string Meaning);

    public sealed record Option(IReadOnlyList<(string Key, string Value)> Changes, MethodEstimate MissProb, double MeanUs, double P99Us, bool Meets);

    public static IReadOnlyList<Knob> Knobs(ModelDefinition model, ScenarioParameters p)
    {
        string cur(string k) => p.Get(k);
        var knobs = new List<Knob>
        {
            new("switch.mechanism", Without(["xl", "resident", "kernel-module"], cur("switch.mechanism")), "how dom0 issues pause/unpause"),
            new("xl.nice", Without(["-20"], cur("xl.nice")), "nice of the xl launch"),
            new("xl.policy", Without(["SCHED_OTHER", "SCHED_FIFO"], cur("xl.policy")), "policy of the xl launch"),
            new("dom0.vcpus", Without(["auto", .. Enumerable.Range(1, model.Platform.Pcpus).Select(i => i.ToString(CultureInfo.InvariantCulture))], cur("dom0.vcpus")), "dom0 vCPUs"),
            new("xen.scheduler", Without(model.Platform.Schedulers.Select(s => s.ToKeyword()).ToArray(), cur("xen.scheduler")), "Xen scheduler"),
            new("xen.pinning", Without(["none", "dom0", "all", "split"], cur("xen.pinning")), "hard affinity"),
        };
        if (p.Dom0CpuLoadProcs > 0) knobs.Add(new("dom0.cpu_load_procs", ["0"], "move dom0's CPU load off dom0"));
        if (p.Dom0NetLoadMbps > 0) knobs.Add(new("dom0.net_load_mbps", ["0"], "move dom0's network load off dom0 (e.g. to another NIC/domain)"));
        return knobs.Where(k => k.Alternatives.Length > 0).ToList();
    }

    private static string[] Without(string[] values, string current) => values.Where(v => v != current).ToArray();

    /// <summary>Every combination of exactly <paramref name="k"/> knobs, each at one of its alternatives.</summary>
    public static IEnumerable<List<(string, string)>> Combinations(IReadOnlyList<Knob> knobs, int k, int start = 0)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }
        for (int i = start; i < knobs.Count; i++)
            foreach (var v in knobs[i].Alternatives)
                foreach (var rest in Combinations(knobs, k - 1, i + 1))
                    yield return [(knobs[i].Key, v), .. rest];
    }

    public static Command Create()
    {
        var common = new CommonOptions();
        var deadline = TailOutput.DeadlineOption("Deadline to meet, with a unit (50ms).");
        var missProb = TailOutput.MissProbOption("Miss probability to meet, e.g. 1e-6: an option meets the target when its upper 95% bound is <= P.");
        var metric = new Option<string>("--metric") { Description = "switch (default), pause or unpause.", DefaultValueFactory = _ => "switch" };
        var view = new Option<string>("--view") { Description = "true (default) or observed.", DefaultValueFactory = _ => "true" };
        var maxChanges = new Option<int>("--max-changes") { Description = "Most settings changed at once (default 2).", DefaultValueFactory = _ => 2 };
        var all = new Option<bool>("--all") { Description = "Search every number of changes up to --max-changes, not only up to the first that works." };
        var cmd = new Command("advise", "Which changes of the integrator's settings (mechanism, xl nice/policy, dom0 vCPUs, scheduler, pinning, moving load out of dom0) meet a deadline at a miss probability, fewest changes first.");
        common.AddTo(cmd);
        foreach (var o in new System.CommandLine.Option[] { deadline, missProb, metric, view, maxChanges, all }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var d = TailOutput.Duration(pr, deadline);
            var p = pr.GetValue(missProb);
            if (d is null || p is null) throw new InputError(SourceLocation.Of("advise"), "give both --deadline D and --miss-prob P", "e.g. --deadline 50ms --miss-prob 1e-6");
            if (!MetricChoice.TryParse(pr.GetValue(metric)!, pr.GetValue(view)!, out var choice, out var why))
                throw new InputError(SourceLocation.Of("--metric/--view"), why);
            var input = common.Resolve(pr);
            if (input.Runs < 10) throw new InputError(SourceLocation.Of("--runs"), "advise needs at least 10 runs per option (1000 or more for a tail fit)");
            var model = input.Scenario.Model;
            var baseParams = input.Scenario.Parameters;
            var knobs = Knobs(model, baseParams);
            int max = Math.Max(0, pr.GetValue(maxChanges));
            var candidates = Enumerable.Range(0, max + 1).SelectMany(k => Combinations(knobs, k)).ToList();
            var results = new List<Option>();
            var rejected = new List<Option>();
            int evaluated = 0, infeasible = 0;
            ProgressReporter.Run("options", candidates.Count, input.Quiet || input.Json, progress =>
            {
                int done = 0;
                int? stopAfter = null;
                foreach (var changes in candidates)
                {
                    if (stopAfter is int s && changes.Count > s) break;
                    var o = Evaluate(model, baseParams, changes, choice, d.Value, p.Value, input);
                    progress?.Report(++done);
                    if (o is null) { infeasible++; continue; }
                    evaluated++;
                    if (!o.Meets) rejected.Add(o);
                    if (o.Meets)
                    {
                        results.Add(o);
                        if (!pr.GetValue(all)) stopAfter ??= changes.Count;
                    }
                }
                return 0;
            });
            var ranked = results.OrderBy(o => o.Changes.Count).ThenBy(o => o.MissProb.Upper).ThenBy(o => o.MissProb.Estimate).ToList();
            var output = TailOutput.Out(pr);
            if (input.Json)
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteStartObject();
                    w.WriteStartObject("target");
                    w.WriteNumber("deadline_us", d.Value);
                    w.WriteNumber("miss_prob", p.Value);
                    w.WriteString("metric", choice.MetricName);
                    w.WriteString("view", choice.ViewName);
                    w.WriteString("rule", "upper 95% bound of the miss probability at the deadline <= miss_prob");
                    w.WriteEndObject();
                    w.WriteStartArray("options");
                    foreach (var o in ranked)
                    {
                        w.WriteStartObject();
                        w.WriteStartObject("changes");
                        foreach (var (k, v) in o.Changes) w.WriteString(k, v);
                        w.WriteEndObject();
                        w.WritePropertyName("miss_prob");
                        StatisticsJson.Write(w, o.MissProb);
                        w.Number("mean_us", o.MeanUs, 3);
                        w.Number("p99_us", o.P99Us, 3);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteString("model", model.Name);
                    w.WriteString("model_sha256", model.Sha256);
                    w.WriteNumber("seed", input.Seed);
                    w.WriteNumber("runs", input.Runs);
                    w.WriteStartObject("parameters");
                    foreach (var (k, v) in baseParams.ToDictionary()) w.WriteString(k, v);
                    w.WriteEndObject();
                    w.WriteNumber("evaluated", evaluated);
                    w.WriteNumber("infeasible", infeasible);
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }
            var c = TailOutput.Console(output);
            DeadlineCommand.Say(c, $"target: {choice} <= {TailOutput.Ms(d.Value)} ms with miss probability <= {TailOutput.P(p.Value)} (upper 95% bound); {input.Runs} runs per option, seed {input.Seed}, model {model.Name} (sha256 {model.Sha256[..12]}...)");
            DeadlineCommand.Say(c, $"knobs: {string.Join(", ", knobs.Select(k => $"{k.Key} -> {string.Join("|", k.Alternatives)}"))}");
            DeadlineCommand.Say(c, $"{evaluated} options simulated, {infeasible} infeasible skipped, {ranked.Count} meet the target");
            var near = rejected.OrderBy(o => o.MissProb.Upper).ThenBy(o => o.Changes.Count).Take(3).ToList();
            if (near.Count > 0)
                DeadlineCommand.Say(c, "closest that do not meet it: " + string.Join("; ", near.Select(o =>
                    $"{(o.Changes.Count == 0 ? "(no change)" : string.Join(" ", o.Changes.Select(x => $"{x.Key}={x.Value}")))}: P(miss) {TailOutput.P(o.MissProb.Estimate)} [{TailOutput.P(o.MissProb.Lower)}, {TailOutput.P(o.MissProb.Upper)}] ({o.MissProb.Method})")));
            if (ranked.Count == 0)
            {
                DeadlineCommand.Say(c, $"no option with up to {max} changes meets the target; try --max-changes {max + 1}, a longer deadline, or more --runs (the bound tightens with runs)");
                return ExitCodes.Success;
            }
            var t = new Table().Border(Terminal.Border(c));
            foreach (var col in new[] { "rank", "changes", "miss prob", "95% interval", "method", "mean ms", "p99 ms" }) t.AddColumn(col);
            int rank = 0;
            foreach (var o in ranked)
                t.AddRow(new Text((++rank).ToString(CultureInfo.InvariantCulture)), new Text(o.Changes.Count == 0 ? "(none: the scenario already meets it)" : string.Join(" ", o.Changes.Select(x => $"{x.Key}={x.Value}"))),
                    new Text(TailOutput.P(o.MissProb.Estimate)), new Text($"[{TailOutput.P(o.MissProb.Lower)}, {TailOutput.P(o.MissProb.Upper)}]"), new Text(o.MissProb.Method),
                    new Text(TailOutput.Ms(o.MeanUs)), new Text(TailOutput.Ms(o.P99Us)));
            c.Write(t);
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Option? Evaluate(ModelDefinition model, ScenarioParameters baseParams, List<(string Key, string Value)> changes, MetricChoice choice, double d, double p, Inputs input)
    {
        ResolvedScenario s;
        try
        {
            var sets = changes.Select(x => ParameterParser.Parse(x.Key, x.Value, SourceLocation.Of("advise"))).ToList();
            s = ResolvedScenario.From(model, baseParams.With(sets));
        }
        catch (InputError)
        {
            return null;
        }
        if (choice.Infeasible(s) is not null) return null;
        var x = choice.Times(s.Run(input.Runs, input.Seed, input.Threads, options: choice.Options()), out _);
        var st = SummaryStats.Compute(x);
        int k = x.Count(v => v > d);
        // Screen: when even the empirical lower bound is above P, no tail model can make the option meet the target.
        if (BinomialInterval.ClopperPearsonLower(k, x.Length) > p)
            return new Option(changes, new MethodEstimate((double)k / x.Length, BinomialInterval.ClopperPearsonLower(k, x.Length), BinomialInterval.ClopperPearsonUpper(k, x.Length), TailMethod.EmpiricalClopperPearson), st.MeanUs, st.P99Us, false);
        var m = new TailAnalyzer(x).MissProbability(d);
        return new Option(changes, m, st.MeanUs, st.P99Us, m.Upper <= p);
    }
}
