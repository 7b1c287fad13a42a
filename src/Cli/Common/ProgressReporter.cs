using Spectre.Console;

namespace XenSwitchSim.Cli.Common;

/// <summary>
/// A progress bar with ETA on stderr for work over a second, when stderr is a terminal and the
/// user did not ask for --quiet or --json; otherwise nothing (CI logs and pipes stay clean).
/// </summary>
public static class ProgressReporter
{
    public static T Run<T>(string description, int total, bool silent, Func<IProgress<int>?, T> work)
    {
        if (silent || Console.IsErrorRedirected || total <= 0) return work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(description, maxValue: total);
                result = work(new Progress<int>(done => task.Value = done));
                task.Value = total;
            });
        return result;
    }
}
