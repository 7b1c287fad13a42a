namespace XenSwitchSim.Simulator.Platform.Xen;

/// <summary>A Xen domain: its vCPUs and the controller pause count that xl pause/unpause move.</summary>
public sealed class Domain(int id, string name)
{
    public int Id { get; } = id;
    public string Name { get; } = name;
    public bool IsDom0 => Id == 0;
    public List<Vcpu> Vcpus { get; } = [];

    /// <summary>d->pause_count: non-zero makes every vCPU non-runnable.</summary>
    public int PauseCount { get; internal set; }

    /// <summary>controller_pause_count: nests, one unpause per pause.</summary>
    public int ControllerPauseCount { get; internal set; }

    /// <summary>Created and started (the study's standby is started then paused).</summary>
    public bool Started { get; internal set; }

    public override string ToString() => $"d{Id} ({Name})";
}
