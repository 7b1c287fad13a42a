namespace XenSwitchSim.Models.Platform;

public enum CpuArch
{
    Arm64,
    X86_64,
}
