using System.CommandLine;
using XenSwitchSim.Cli.Commands;
using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Cli;

/// <summary>The <c>xenswitchsim</c> command tree; thin: it parses, calls into the libraries, prints.</summary>
public static class CliApp
{
    public static RootCommand Build() => new(
        "XenSwitchSim: a discrete-event simulator of VM pause/unpause/switch latency on Arm Xen " +
        "(Raspberry Pi 4), with dom0 scheduling, xl, xenstored, hypercalls and the credit2/null schedulers " +
        "as mechanisms fitted to measurements.")
    {
        SimulateCommand.Create(),
        BenchCommand.Create(),
        DeadlineCommand.Create(),
        TailCommand.Create(),
        CompareCommand.Create(),
        SweepCommand.Create(),
        AdviseCommand.Create(),
        CalibrateCommand.Create(),
        ReportGalleryCommand.Create(),
        TraceCommand.Create(),
        ValidateCommand.Create(),
        HwCommand.Create(),
    };

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // System.CommandLine's default for a parse error is exit code 1; the contract says 2.
            foreach (var e in parse.Errors) stderr.WriteLine($"xenswitchsim: {e.Message}");
            stderr.WriteLine("Try 'xenswitchsim --help'.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (InputError e)
        {
            stderr.WriteLine($"xenswitchsim: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Common.MissingBrowserException e)
        {
            stderr.WriteLine($"xenswitchsim: error: {e.Message}");
            return ExitCodes.RuntimeFailure;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("xenswitchsim: cancelled");
            return ExitCodes.RuntimeFailure;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("XENSWITCHSIM_DEBUG") is null)
        {
            stderr.WriteLine($"xenswitchsim: error: {e.Message} (set XENSWITCHSIM_DEBUG=1 for the stack trace)");
            return ExitCodes.RuntimeFailure;
        }
    }
}
