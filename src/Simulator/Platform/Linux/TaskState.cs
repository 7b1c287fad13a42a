namespace XenSwitchSim.Simulator.Platform.Linux;

public enum TaskState
{
    /// <summary>Forked, not yet woken: placed with START_DEBIT at its first run.</summary>
    New,
    Sleeping,
    /// <summary>On a runqueue, waiting for its CPU.</summary>
    Runnable,
    /// <summary>The task its CPU runs (it progresses only while that vCPU holds a pCPU).</summary>
    Current,
    Dead,
}
