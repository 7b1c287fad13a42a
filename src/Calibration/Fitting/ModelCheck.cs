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
}
