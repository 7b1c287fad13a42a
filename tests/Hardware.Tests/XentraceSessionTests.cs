using XenSwitchSim.Hardware.Recording;
using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Tests;

/// <summary>xentrace is stopped with SIGINT only once it is ready to flush.</summary>
public class XentraceSessionTests
{
    [Fact]
    public void A_slow_starting_xentrace_is_stopped_only_after_it_opened_its_file_so_the_trace_is_flushed()
    {
        var dir = Directory.CreateTempSubdirectory("xss-xentrace-").FullName;
        try
        {
            // Takes 0.7 s to start (a loaded host), then behaves like the fixture: trap, open the file, wait.
            var fake = Path.Combine(dir, "xentrace");
            File.WriteAllText(fake, "#!/bin/bash\nsleep 0.7\n" + File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "fake-xentrace")));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.WriteAllText(Path.Combine(dir, "trace.bin"), "records");
            var output = Path.Combine(dir, "out.bin");

            using (var session = new XentraceSession(new ProcessRunner(dir + ":/usr/bin:/bin"), output, TimeSpan.Zero))
            {
                session.Stop();
            }

            Assert.Equal("records", File.ReadAllText(output));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
