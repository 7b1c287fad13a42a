namespace XenSwitchSim.Simulator.Platform.Toolstack;

/// <summary>What dom0 does to a domain: xl pause or xl unpause (libxl_domain_pause / _unpause).</summary>
public enum SwitchOp
{
    Pause,
    Unpause,
}
