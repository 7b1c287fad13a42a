using XenSwitchSim.Models.Files;

namespace XenSwitchSim.Cli.Common;

/// <summary>The model files shipped inside the tool (models/*.yaml), so it runs from anywhere.</summary>
public static class EmbeddedModels
{
    public const string DefaultName = "pi4-xen4.14";

    public static IEnumerable<string> Names =>
        typeof(EmbeddedModels).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("models/", StringComparison.Ordinal) && !n.StartsWith("models/reference/", StringComparison.Ordinal))
            .Select(n => Path.GetFileNameWithoutExtension(n));

    public static Stream? Open(string resource) => typeof(EmbeddedModels).Assembly.GetManifestResourceStream(resource);

    /// <summary>A path to a model file, or the name of an embedded one (default: pi4-xen4.14).</summary>
    public static ModelDefinition Load(string? pathOrName)
    {
        var name = pathOrName ?? DefaultName;
        if (File.Exists(name) || name.Contains('/') || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            return ModelFile.Load(name);
        using var s = Open($"models/{name}.yaml")
            ?? throw new Models.Errors.InputError(Models.Errors.SourceLocation.Of("--model"),
                $"no model file '{name}' and no embedded model of that name",
                "expected a path to a model YAML file or one of: " + string.Join(", ", Names));
        return ModelFile.Load(s, $"embedded:{name}");
    }
}
