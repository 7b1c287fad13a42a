using System.Reflection;
using XenSwitchSim.Models.Files;
using XenSwitchSim.Models.Parameters;
using XenSwitchSim.Simulator.Platform.Linux;
using XenSwitchSim.Simulator.Platform.Xen;

namespace XenSwitchSim.Simulator.Platform;

/// <summary>
/// Binds a model file and resolved scenario parameters to the platform: each mechanism name of
/// the catalogue sets the <see cref="PlatformParameters"/> property that carries its
/// <see cref="MechanismAttribute"/>; each scenario key maps to its setting.
/// </summary>
public static class PlatformBinding
{
    /// <summary>Mechanism name → property, read once.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Mechanisms { get; } =
        typeof(PlatformParameters).GetProperties()
            .Select(p => (p, a: p.GetCustomAttribute<MechanismAttribute>()))
            .Where(x => x.a is not null)
            .ToDictionary(x => x.a!.Name, x => x.p);

    public static PlatformParameters Parameters(ModelDefinition model)
    {
        var p = new PlatformParameters
        {
            Pcpus = model.Platform.Pcpus,
            Hz = model.Platform.Hz,
            CounterHz = model.Platform.CounterHz,
        };
        foreach (var (name, property) in Mechanisms)
        {
            var value = model.Mechanisms.Value(name);
            property.SetValue(p, property.PropertyType == typeof(int) ? (object)(int)Math.Round(value) : value);
        }
        return p;
    }

    /// <summary>Sets one mechanism on a copy (calibration and parameter uncertainty use this).</summary>
    public static PlatformParameters With(PlatformParameters p, string mechanism, double value)
    {
        var property = Mechanisms[mechanism];
        var copy = p with { };
        property.SetValue(copy, property.PropertyType == typeof(int) ? (object)(int)Math.Round(value) : value);
        return copy;
    }

    public static double Get(PlatformParameters p, string mechanism) => Convert.ToDouble(Mechanisms[mechanism].GetValue(p));

    public static IReadOnlyCollection<SchedulerKind> Schedulers(ModelDefinition model) =>
        model.Platform.Schedulers.Select(Scheduler).ToArray();

    public static SchedulerKind Scheduler(Models.Parameters.XenScheduler s) => s switch
    {
        Models.Parameters.XenScheduler.Credit2 => SchedulerKind.Credit2,
        Models.Parameters.XenScheduler.Null => SchedulerKind.Null,
        _ => SchedulerKind.Credit,
    };

    /// <summary>The scenario's keys as the platform uses them; an unresolved domU idle mode takes <paramref name="modelIdle"/>.</summary>
    public static PlatformScenario Scenario(ScenarioParameters s, DomUIdle modelIdle = DomUIdle.Block) => new()
    {
        DomUVcpus = s.DomUVcpus,
        DomUMemoryMb = s.DomUMemoryMb,
        DomUFileStorage = s.DomUStorage == DomUStorage.File,
        DomUCpuLoadProcs = s.DomUCpuLoadProcs,
        DomUNetLoadMbps = s.DomUNetLoadMbps,
        Dom0CpuLoadProcs = s.Dom0CpuLoadProcs,
        Dom0NetLoadMbps = s.Dom0NetLoadMbps,
        Dom0Vcpus = s.Dom0Vcpus,
        XlNice = s.XlNice,
        XlPolicy = s.XlPolicy == XlPolicy.SchedFifo ? SchedPolicy.Fifo : SchedPolicy.Normal,
        XenDomUs = s.XenDomUs,
        Scheduler = Scheduler(s.XenScheduler),
        Pinning = s.XenPinning,
        Mechanism = s.SwitchMechanism,
        SampleIntervalUs = s.MeasureSampleIntervalUs,
        DomUIdlePolls = (s.MeasureDomUIdle ?? modelIdle) == DomUIdle.Poll,
    };
}
