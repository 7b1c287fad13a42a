using Spectre.Console;
using XenSwitchSim.Calibration.Fitting;

namespace XenSwitchSim.Cli.Commands;

/// <summary>Runs a calibration with a progress bar on stderr (or silently).</summary>
internal static class CalibrationProgress
{
    public static CalibrationResult Run(Calibrator calibrator, bool silent)
    {
        if (silent) return calibrator.Run();
        CalibrationResult result = default!;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("calibrate", maxValue: calibrator.PlannedEvaluations);
                calibrator.Progress = (stage, done, total) =>
                {
                    task.Description = $"calibrate: {stage}";
                    task.MaxValue = total;
                    task.Value = Math.Min(done, total);
                };
                result = calibrator.Run();
                task.Value = task.MaxValue;
            });
        return result;
    }
}
