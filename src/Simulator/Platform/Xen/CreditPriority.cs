namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>credit1's priorities (CSCHED_PRI_*), the encoding of <see cref="Vcpu.PriorityClass"/> under credit.</summary>
public static class CreditPriority
{
    /// <summary>Woke up while UNDER: preempts UNDER and OVER until an accounting tick finds it running.</summary>
    public const int Boost = 0;

    /// <summary>Has credit left.</summary>
    public const int Under = -1;

    /// <summary>Has used up its credit.</summary>
    public const int Over = -2;
}
