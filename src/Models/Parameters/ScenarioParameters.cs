using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Models.Parameters;

/// <summary>
/// Every scenario parameter of contracts.md section 1, typed. The initial values are the
/// contract's defaults; <see cref="ParameterCatalog"/> reads and writes these properties by key.
/// </summary>
public sealed record ScenarioParameters
{
    public static ScenarioParameters Defaults { get; } = new();

    public int DomUVcpus { get; init; } = 3;

    public int DomUMemoryMb { get; init; } = 813;

    public DomUStorage DomUStorage { get; init; } = DomUStorage.LogicalPartition;

    public int DomUCpuLoadProcs { get; init; }

    public double DomUNetLoadMbps { get; init; }

    public int Dom0CpuLoadProcs { get; init; }

    public double Dom0NetLoadMbps { get; init; }

    /// <summary>null = <c>auto</c>: all pCPUs with credit/credit2, pCPUs minus the domU vCPUs (at least 1) with null.</summary>
    public int? Dom0Vcpus { get; init; }

    public int XlNice { get; init; }

    public XlPolicy XlPolicy { get; init; } = XlPolicy.SchedOther;

    /// <summary>domUs that exist and run; a switch adds one paused standby.</summary>
    public int XenDomUs { get; init; } = 1;

    public XenScheduler XenScheduler { get; init; } = XenScheduler.Credit2;

    public XenPinning XenPinning { get; init; } = XenPinning.None;

    public SwitchMechanism SwitchMechanism { get; init; } = SwitchMechanism.Xl;

    public double MeasureSampleIntervalUs { get; init; } = 4000;

    /// <summary>null = from the model (its <c>defaults:</c>); see <see cref="DomUIdle"/>.</summary>
    public DomUIdle? MeasureDomUIdle { get; init; }

    /// <summary>A copy with <paramref name="key"/> set from text, validated as in a scenario file.</summary>
    public ScenarioParameters With(string key, string value) =>
        ParameterParser.Parse(key, value, SourceLocation.Of($"{nameof(ScenarioParameters)}.{nameof(With)}")).ApplyTo(this);

    /// <summary>A copy with each assignment applied in order (later ones win).</summary>
    public ScenarioParameters With(IEnumerable<ParameterAssignment> assignments) =>
        assignments.Aggregate(this, (p, a) => a.ApplyTo(p));

    /// <summary>The canonical text of one key's value, as <see cref="ToDictionary"/> gives it.</summary>
    public string Get(string key) => ParameterCatalog.Get(key).Format(this);

    /// <summary>Every key, in catalogue order, with its canonical value (for the JSON <c>"parameters"</c>).</summary>
    public IReadOnlyDictionary<string, string> ToDictionary()
    {
        var result = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in ParameterCatalog.All)
        {
            result.Add(spec.Key, spec.Format(this));
        }

        return result;
    }
}
