namespace XenSwitchSim.Calibration.Tests.Reference;

internal static class ReferenceFile
{
    /// <summary>The committed copy in the repository (found by walking up to the solution).</summary>
    public static string Path { get; } = Find();

    public static string Text => File.ReadAllText(Path);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "XenSwitchSim.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "models", "reference", "ipsj-os151-2021-measurements.yaml");
            }
        }

        throw new InvalidOperationException("XenSwitchSim.sln not found above " + AppContext.BaseDirectory);
    }
}
