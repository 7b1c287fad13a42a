using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Simulator.Experiments;
using XenSwitchSim.Simulator.Platform;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>Simulates every reference row on two (calibrated) model files, as `simulate` would, and judges them.</summary>
public static class ModelCheck
{
    public static IReadOnlyList<SimulatedRow> Simulate(ModelDefinition oldModel, ModelDefinition newModel, CalibrationData data, int runs, ulong seed, int threads = 0)
    {
        var result = new List<SimulatedRow>();
        foreach (var row in data.Rows)
        {
            var model = row.Env == Env.Old ? oldModel : newModel;
            var s = ResolvedScenario.From(model, row.Parameters);
            var times = s.Run(runs, seed, threads, options: new SwitchExperiment.Options { Switch = false });
            result.Add(new SimulatedRow(row, new SimulatedOp(Operation.Pause, times), new SimulatedOp(Operation.Unpause, times)));
        }
        return result;
    }

    /// <summary>The rare-mode groups' expectations on two model files, as the calibration computes them at a fit.</summary>
    public static IReadOnlyDictionary<string, RareGroupEstimate> RareModes(
        ModelDefinition oldModel, ModelDefinition newModel, CalibrationData data, int exposureBoards, int launches, ulong seed, int threads = 0)
    {
        var platforms = new Dictionary<Env, PlatformParameters>
        {
            [Env.Old] = PlatformBinding.Parameters(oldModel),
            [Env.New] = PlatformBinding.Parameters(newModel),
        };
        var card = platforms.ToDictionary(kv => kv.Key, kv => Evaluator.CardRareProbability(kv.Value, seed, launches));
        var exposures = Evaluator.ReclaimExposures(env => platforms[env], data.RareModes, exposureBoards, seed, threads);
        return data.RareModes.ToDictionary(g => g.Group, g => Evaluator.GroupEstimate(platforms[g.Env], g, card[g.Env], exposures), StringComparer.Ordinal);
    }
}
