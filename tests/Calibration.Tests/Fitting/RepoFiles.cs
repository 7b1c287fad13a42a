namespace XenSwitchSim.Calibration.Tests.Fitting;

internal static class RepoFiles
{
    /// <summary>The repository root (the folder holding models/priors.yaml), found from the test's working directory.</summary>
    public static string Root
    {
        get
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d is not null && !File.Exists(System.IO.Path.Combine(d.FullName, "models", "priors.yaml"))) d = d.Parent;
            return d?.FullName ?? throw new InvalidOperationException("models/priors.yaml not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
