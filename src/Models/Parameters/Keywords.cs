namespace XenSwitchSim.Models.Parameters;

/// <summary>Keywords of the scenario enums, exactly as contracts.md section 1 spells them.</summary>
public static class Keywords
{
    public static readonly KeywordSet<DomUStorage> DomUStorage = new(
        (Parameters.DomUStorage.LogicalPartition, "logical-partition"),
        (Parameters.DomUStorage.File, "file"));

    public static readonly KeywordSet<XlPolicy> XlPolicy = new(
        (Parameters.XlPolicy.SchedOther, "SCHED_OTHER"),
        (Parameters.XlPolicy.SchedFifo, "SCHED_FIFO"));

    public static readonly KeywordSet<XenScheduler> XenScheduler = new(
        (Parameters.XenScheduler.Credit2, "credit2"),
        (Parameters.XenScheduler.Null, "null"),
        (Parameters.XenScheduler.Credit, "credit"));

    public static readonly KeywordSet<XenPinning> XenPinning = new(
        (Parameters.XenPinning.None, "none"),
        (Parameters.XenPinning.Dom0, "dom0"),
        (Parameters.XenPinning.All, "all"),
        (Parameters.XenPinning.Split, "split"));

    public static readonly KeywordSet<SwitchMechanism> SwitchMechanism = new(
        (Parameters.SwitchMechanism.Xl, "xl"),
        (Parameters.SwitchMechanism.Resident, "resident"),
        (Parameters.SwitchMechanism.KernelModule, "kernel-module"));

    public static readonly KeywordSet<DomUIdle> DomUIdle = new(
        (Parameters.DomUIdle.Block, "block"),
        (Parameters.DomUIdle.Poll, "poll"));

    public static string ToKeyword(this DomUStorage value) => DomUStorage.Keyword(value);

    public static string ToKeyword(this XlPolicy value) => XlPolicy.Keyword(value);

    public static string ToKeyword(this XenScheduler value) => XenScheduler.Keyword(value);

    public static string ToKeyword(this XenPinning value) => XenPinning.Keyword(value);

    public static string ToKeyword(this SwitchMechanism value) => SwitchMechanism.Keyword(value);

    public static string ToKeyword(this DomUIdle value) => DomUIdle.Keyword(value);
}
