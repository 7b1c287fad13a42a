using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Parameters;

namespace XenSwitchSim.Models.Files;

/// <summary>Final parameters and, for each key, where its value was set.</summary>
public sealed record ResolvedParameters(ScenarioParameters Parameters, IReadOnlyDictionary<string, SourceLocation> Origins);

/// <summary>
/// Layers parameters: the contract's defaults, then the model's <c>defaults:</c>, then the
/// scenario file, then <c>--set</c> in order; then checks them against the model's platform.
/// </summary>
public static class ScenarioResolver
{
    public const string ContractDefault = "contracts.md default";

    public static ResolvedParameters Resolve(
        ModelDefinition? model,
        ScenarioDefinition? scenario,
        IEnumerable<ParameterAssignment>? overrides = null)
    {
        var parameters = ScenarioParameters.Defaults;
        var origins = ParameterCatalog.Keys.ToDictionary(k => k, _ => SourceLocation.Of(ContractDefault), StringComparer.Ordinal);
        var layers = (model?.Defaults ?? []).Concat(scenario?.Assignments ?? []).Concat(overrides ?? []);
        foreach (var a in layers)
        {
            parameters = a.ApplyTo(parameters);
            origins[a.Key] = a.Where;
        }

        if (model is not null)
        {
            CheckAgainstPlatform(parameters, origins, model);
        }

        return new ResolvedParameters(parameters, origins);
    }

    /// <summary>Ranges that depend on the platform: dom0 vCPUs within pCPUs, a scheduler Xen offers.</summary>
    private static void CheckAgainstPlatform(ScenarioParameters p, Dictionary<string, SourceLocation> origins, ModelDefinition model)
    {
        var platform = model.Platform;
        if (p.Dom0Vcpus > platform.Pcpus)
        {
            throw new InputError(origins["dom0.vcpus"],
                $"dom0.vcpus = {p.Dom0Vcpus} exceeds the {platform.Pcpus} pCPUs of model '{model.Name}'",
                $"expected 1..{platform.Pcpus} or auto");
        }

        if (!platform.Schedulers.Contains(p.XenScheduler))
        {
            throw new InputError(origins["xen.scheduler"],
                $"xen.scheduler = {p.XenScheduler.ToKeyword()} is not offered by model '{model.Name}'",
                "expected one of: " + string.Join(", ", platform.Schedulers.Select(s => s.ToKeyword())));
        }
    }
}
