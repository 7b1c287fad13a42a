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

/// <summary>Hard affinity: none, dom0's vCPUs pinned 1:1, every vCPU pinned round-robin, or dom0 and the domUs on separate pCPUs.</summary>
public enum XenPinning
{
    None,
    Dom0,
    All,

    /// <summary>
    /// dom0's vCPUs pinned 1:1 from pCPU 0, every domU vCPU pinned round-robin over the pCPUs dom0 does not
    /// have (over the last pCPU when dom0 has them all): the usual embedded split (dom0_vcpus_pin and
    /// <c>cpus=</c> in each domU's config), which keeps a busy domU off dom0's pCPUs.
    /// </summary>
    Split,
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
