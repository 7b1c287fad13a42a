using System.CommandLine;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Experiments;

namespace XenSwitchSim.Cli.Common;

/// <summary>The options every simulating command shares (contracts.md section 3).</summary>
public sealed class CommonOptions
{
    public const int DefaultRuns = 1000;
    public const ulong DefaultSeed = 1;

    public Option<string?> Model { get; } = new("--model")
    {
        Description = $"Model file, or the name of an embedded model (default: {EmbeddedModels.DefaultName}).",
    };

    public Option<FileInfo?> Scenario { get; } = new("--scenario") { Description = "Scenario YAML file (parameters, runs, seed)." };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override a scenario parameter, KEY=VALUE (repeatable), e.g. --set dom0.cpu_load_procs=4.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<int?> Runs { get; } = new("--runs") { Description = $"Replications (default: the scenario's, else {DefaultRuns})." };

    public Option<ulong?> Seed { get; } = new("--seed") { Description = $"Random seed (default: the scenario's, else {DefaultSeed})." };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "Worker threads (default: all cores); results do not depend on it.",
        DefaultValueFactory = _ => 0,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON object and nothing else on stdout." };

    public Option<bool> Quiet { get; } = new("--quiet") { Description = "No progress or decoration." };

    public CommonOptions()
    {
        Runs.Validators.Add(r => AtLeast(r, 1, "--runs must be at least 1"));
        Threads.Validators.Add(r => AtLeast(r, 0, "--threads must be 0 (all cores) or more"));
    }

    /// <summary>
    /// Checks a lower bound on the token itself: reading the typed value of a token that does not
    /// parse throws inside a validator, and the parser reports that case on its own.
    /// </summary>
    public static void AtLeast(System.CommandLine.Parsing.OptionResult r, long min, string message)
    {
        foreach (var t in r.Tokens)
            if (long.TryParse(t.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) && v < min)
                r.AddError(message);
    }

    public void AddTo(Command c)
    {
        c.Options.Add(Model);
        c.Options.Add(Scenario);
        c.Options.Add(Set);
        c.Options.Add(Runs);
        c.Options.Add(Seed);
        c.Options.Add(Threads);
        c.Options.Add(Json);
        c.Options.Add(Quiet);
    }

    /// <summary>Loads the model and scenario, applies --set, binds everything to the platform.</summary>
    public Inputs Resolve(ParseResult pr)
    {
        var model = EmbeddedModels.Load(pr.GetValue(Model));
        var scenarioFile = pr.GetValue(Scenario);
        var scenario = scenarioFile is null ? null : ScenarioFile.Load(scenarioFile.FullName);
        var sets = (pr.GetValue(Set) ?? []).Select(SetArgument.Parse).ToList();
        var resolved = ScenarioResolver.Resolve(model, scenario, sets);
        return new Inputs(
            ResolvedScenario.From(model, resolved.Parameters),
            pr.GetValue(Runs) ?? scenario?.Runs ?? DefaultRuns,
            pr.GetValue(Seed) ?? scenario?.Seed ?? DefaultSeed,
            pr.GetValue(Threads),
            pr.GetValue(Json),
            pr.GetValue(Quiet));
    }
}

public sealed record Inputs(ResolvedScenario Scenario, int Runs, ulong Seed, int Threads, bool Json, bool Quiet);
