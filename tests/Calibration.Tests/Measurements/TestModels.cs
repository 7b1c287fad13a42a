using XenSwitchSim.Models.Files;

namespace XenSwitchSim.Calibration.Tests.Measurements;

/// <summary>The repository's default model (copied next to the tests) and perturbed variants of it.</summary>
internal static class TestModels
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Models", name);

    public static string Pi414Text => File.ReadAllText(PathOf("pi4-xen4.14.yaml"));

    public static ModelDefinition Pi414 => ModelFile.Parse(Pi414Text, "pi4-xen4.14.yaml");

    /// <summary>The model with one scalar mechanism's value multiplied (e.g. xl_exec_cpu_us x 1.5).</summary>
    public static ModelDefinition Perturbed(string mechanism, double factor)
    {
        var text = Pi414Text;
        var key = $"  {mechanism}: {{value: ";
        var at = text.IndexOf(key, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{mechanism} not in the model");
        var start = at + key.Length;
        var end = text.IndexOf(',', start);
        var value = double.Parse(text[start..end], System.Globalization.CultureInfo.InvariantCulture);
        var changed = text[..start] + (value * factor).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + text[end..];
        return ModelFile.Parse(changed, $"pi4-xen4.14 ({mechanism} x{factor})");
    }
}
