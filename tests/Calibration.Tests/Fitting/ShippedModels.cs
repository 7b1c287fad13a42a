using XenSwitchSim.Calibration.Fitting;
using XenSwitchSim.Calibration.Reference;
using XenSwitchSim.Models.Files;

namespace XenSwitchSim.Calibration.Tests.Fitting;

/// <summary>The repository's shipped models, priors and reference, as the calibration tests load them.</summary>
internal static class ShippedModels
{
    public static ModelDefinition Old => ModelFile.Load(RepoFiles.Path("models", "pi4-xen4.13.yaml"));

    public static ModelDefinition New => ModelFile.Load(RepoFiles.Path("models", "pi4-xen4.14.yaml"));

    public static CalibrationData Data(ModelDefinition oldModel, ModelDefinition newModel) =>
        CalibrationData.Build(ReferenceMeasurements.Load(RepoFiles.Path("models", "reference", "ipsj-os151-2021-measurements.yaml")), oldModel, newModel);

    /// <summary>A parameter space over the priors with the shipped models as templates and these free parameters.</summary>
    public static ParameterSpace Space(IReadOnlyList<(string Mechanism, Scope Scope, string Why)> free) =>
        new(ModelFile.Load(RepoFiles.Path("models", "priors.yaml")), Old, New, free);
}
