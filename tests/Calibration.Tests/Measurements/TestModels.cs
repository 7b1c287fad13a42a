using XenSwitchSim.Models.Files;

namespace XenSwitchSim.Calibration.Tests.Measurements;

/// <summary>The repository's default model (copied next to the tests) and perturbed variants of it.</summary>
internal static class TestModels
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Models", name);

    public static string Pi414Text => File.ReadAllText(PathOf("pi4-xen4.14.yaml"));

    public static ModelDefinition Pi414 => ModelFile.Parse(Pi414Text, "pi4-xen4.14.yaml");

    /// <summary>
    /// The model with one scalar mechanism's value multiplied (e.g. xl_exec_cpu_us x 1.5). The entry
    /// becomes a plain value: a fitted entry's uncertainty bounds would not hold the perturbed one.
    /// </summary>
    public static ModelDefinition Perturbed(string mechanism, double factor)
    {
        var lines = Pi414Text.Split('\n');
        var key = $"  {mechanism}: {{value: ";
        var i = Array.FindIndex(lines, l => l.StartsWith(key, StringComparison.Ordinal));
        Assert.True(i >= 0, $"{mechanism} not in the model");
        var start = key.Length;
        var end = lines[i].IndexOf(',', start);
        var value = double.Parse(lines[i][start..end], System.Globalization.CultureInfo.InvariantCulture);
        lines[i] = $"  {mechanism}: " + (value * factor).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return ModelFile.Parse(string.Join('\n', lines), $"pi4-xen4.14 ({mechanism} x{factor})");
    }
}
