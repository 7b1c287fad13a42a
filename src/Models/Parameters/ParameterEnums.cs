namespace XenSwitchSim.Models.Parameters;

/// <summary>domU disk backend: phy (blkback on a partition) or a file (blkback on a loop device).</summary>
public enum DomUStorage
{
    LogicalPartition,
    File,
}

/// <summary>Scheduling policy of the xl launch (<c>chrt -f</c> for FIFO).</summary>
public enum XlPolicy
{
    SchedOther,
    SchedFifo,
}

public enum XenScheduler
{
    Credit2,
    Null,
    Credit,
}

/// <summary>Hard affinity: none, dom0's vCPUs pinned 1:1, or every vCPU pinned.</summary>
public enum XenPinning
{
    None,
    Dom0,
    All,
}

/// <summary>How dom0 issues pause/unpause.</summary>
public enum SwitchMechanism
{
    Xl,
    Resident,
    KernelModule,
}

/// <summary>Whether an idle domU vCPU blocks (WFI trap) or keeps running (polling).</summary>
public enum DomUIdle
{
    Block,
    Poll,
}
