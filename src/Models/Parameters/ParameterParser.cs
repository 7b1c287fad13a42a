using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Models.Parameters;

/// <summary>Reads <c>key: value</c> pairs from scenario files, model defaults and <c>--set</c>.</summary>
public static class ParameterParser
{
    public static ParameterAssignment Parse(string key, string value, SourceLocation where) =>
        Parse(key, value, where, where);

    /// <summary>
    /// Validates key and value. Errors point at the key (unknown key) or the value (bad value).
    /// </summary>
    public static ParameterAssignment Parse(string key, string value, SourceLocation keyAt, SourceLocation valueAt)
    {
        var spec = ParameterCatalog.Find(key) ?? throw UnknownKey(key, keyAt);
        var (parsed, error) = spec.Parse(value);
        if (error is not null)
        {
            throw new InputError(valueAt, $"invalid value '{value}' for '{key}'", error);
        }

        return new ParameterAssignment(key, parsed, valueAt);
    }

    public static InputError UnknownKey(string key, SourceLocation at) =>
        new(at, $"unknown parameter '{key}'",
            ClosestMatch.Suggestion(key, ParameterCatalog.Keys) + "valid keys: " + string.Join(", ", ParameterCatalog.Keys));
}
