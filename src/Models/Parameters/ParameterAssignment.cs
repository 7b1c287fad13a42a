using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Models.Parameters;

/// <summary>A validated <c>key: value</c> and where it was written.</summary>
public sealed record ParameterAssignment(string Key, object? Value, SourceLocation Where)
{
    public ParameterSpec Spec => ParameterCatalog.Get(Key);

    /// <summary>The value's canonical text (as in <see cref="ScenarioParameters.ToDictionary"/>).</summary>
    public string Text => Spec.FormatValue(Value);

    public ScenarioParameters ApplyTo(ScenarioParameters parameters) => Spec.Set(parameters, Value);

    public override string ToString() => $"{Key}={Text}";
}
