namespace XenSwitchSim.Hardware.Tests;

/// <summary>Paths inside the repository (the directory holding XenSwitchSim.sln above the test binaries).</summary>
internal static class RepoFiles
{
    public static string Path(params string[] parts)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(System.IO.Path.Combine(d.FullName, "XenSwitchSim.sln"))) return System.IO.Path.Combine([d.FullName, .. parts]);
        throw new FileNotFoundException("repository root (XenSwitchSim.sln) not found above " + AppContext.BaseDirectory);
    }
}
