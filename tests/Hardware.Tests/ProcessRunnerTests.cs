using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Tests;

/// <summary>The process runner never turns output it could not read into empty output.</summary>
public class ProcessRunnerTests
{
    [Fact]
    public void Output_written_after_the_process_exits_by_a_child_holding_the_pipe_is_kept()
    {
        // sh exits at once; its background child writes 3 s later and then closes the pipe.
        var r = new ProcessRunner().Run(["sh", "-c", "(sleep 3; echo late) & echo early"], TimeSpan.FromSeconds(30));
        Assert.False(r.TimedOut);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("early\nlate\n", r.Stdout);
    }

    [Fact]
    public void A_pipe_still_open_at_the_timeout_is_reported_as_a_timeout_not_as_empty_output()
    {
        var r = new ProcessRunner().Run(["sh", "-c", "(sleep 4) & exit 0"], TimeSpan.FromSeconds(1));
        Assert.True(r.TimedOut);
    }

    [Fact]
    public void A_hung_process_is_killed_at_the_timeout()
    {
        var start = DateTime.UtcNow;
        var r = new ProcessRunner().Run(["sleep", "30"], TimeSpan.FromMilliseconds(300));
        Assert.True(r.TimedOut);
        Assert.True(DateTime.UtcNow - start < TimeSpan.FromSeconds(10));
    }
}
